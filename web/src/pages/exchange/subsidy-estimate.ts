/** The smaller of two amounts of fen: a subsidy never exceeds what the grant has left. */
export function minFenOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
