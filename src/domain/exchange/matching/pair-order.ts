/**
 * Sorting a request's pairs, which the compile step and the price-guided repricing do for every
 * request (10 000 sorts of ~30 pairs at bench size). The order is exact — cross-products, ties
 * by offer — but comparing a float key first gives the same order faster: rounding is monotone,
 * so two keys that differ (a cost per unit, or a cost × cards) order their pairs as the exact
 * comparison does, and only equal keys need it. Insertion sort on short runs, merged bottom-up;
 * no allocation (the caller lends the scratch arrays).
 */

const RUN = 12;

/**
 * Sorts the local indices `order[0 … length)` by `key[index]`, then by `tieBreak` (negative:
 * the first goes first) where keys are equal. `tieBreak` must be a total order that agrees
 * with the keys; `scratch` holds at least `length` entries.
 *
 * @example
 * sortByKey(Int32Array.of(0, 1, 2), 3, Float64Array.of(3, 1, 2), (a, b) => a - b, new Int32Array(3)) // order 1, 2, 0
 */
export function sortByKey(
  order: Int32Array,
  length: number,
  key: Float64Array,
  tieBreak: (a: number, b: number) => number,
  scratch: Int32Array,
): void {
  for (let start = 0; start < length; start += RUN)
    insertionSort(order, start, Math.min(length, start + RUN), key, tieBreak);
  let from = order;
  let to = scratch;
  for (let width = RUN; width < length; width *= 2) {
    for (let left = 0; left < length; left += 2 * width)
      merge(from, to, left, Math.min(left + width, length), Math.min(left + 2 * width, length), {
        key,
        tieBreak,
      });
    const swapped = from;
    from = to;
    to = swapped;
  }
  if (from !== order) order.set(from.subarray(0, length));
}

function insertionSort(
  order: Int32Array,
  start: number,
  end: number,
  key: Float64Array,
  tieBreak: (a: number, b: number) => number,
): void {
  for (let at = start + 1; at < end; at += 1) {
    const item = order[at] ?? 0;
    let hole = at;
    while (hole > start && before(item, order[hole - 1] ?? 0, key, tieBreak)) {
      order[hole] = order[hole - 1] ?? 0;
      hole -= 1;
    }
    order[hole] = item;
  }
}

/** Merges the sorted runs `from[left … middle)` and `from[middle … right)` into `to[left … right)`. */
function merge(
  from: Int32Array,
  to: Int32Array,
  left: number,
  middle: number,
  right: number,
  by: { key: Float64Array; tieBreak: (a: number, b: number) => number },
): void {
  let a = left;
  let b = middle;
  for (let at = left; at < right; at += 1) {
    const takeB =
      a >= middle || (b < right && before(from[b] ?? 0, from[a] ?? 0, by.key, by.tieBreak));
    to[at] = takeB ? (from[b++] ?? 0) : (from[a++] ?? 0);
  }
}

function before(
  a: number,
  b: number,
  key: Float64Array,
  tieBreak: (a: number, b: number) => number,
): boolean {
  const keyA = key[a] ?? 0;
  const keyB = key[b] ?? 0;
  return keyA < keyB || (keyA === keyB && tieBreak(a, b) < 0);
}
