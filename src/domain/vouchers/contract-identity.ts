import { DomainError } from '../shared/errors.ts';

/**
 * Characters a contract id loses when it is keyed, as code point ranges: white space and the
 * invisible characters that paste along with copied text, then every Unicode dash (category
 * Pd), the minus sign and the hyphen bullet. Listed one by one (not as `\p{Pd}`) because
 * migration 0210_claim_identity.sql backfills existing claims with the same list in SQL, and the
 * two must agree character for character (test/claim-identity-backfill.test.ts checks that).
 */
export const CONTRACT_ID_SEPARATORS: readonly (readonly [number, number])[] = [
  [0x0009, 0x000d],
  [0x0020, 0x0020],
  [0x0085, 0x0085],
  [0x00a0, 0x00a0],
  [0x00ad, 0x00ad],
  [0x1680, 0x1680],
  [0x180e, 0x180e],
  [0x2000, 0x200d],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x2060],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
  [0x002d, 0x002d],
  [0x058a, 0x058a],
  [0x05be, 0x05be],
  [0x1400, 0x1400],
  [0x1806, 0x1806],
  [0x2010, 0x2015],
  [0x2043, 0x2043],
  [0x2212, 0x2212],
  [0x2e17, 0x2e17],
  [0x2e1a, 0x2e1a],
  [0x2e3a, 0x2e3b],
  [0x2e40, 0x2e40],
  [0x2e5d, 0x2e5d],
  [0x301c, 0x301c],
  [0x3030, 0x3030],
  [0x30a0, 0x30a0],
  [0xfe31, 0xfe32],
  [0xfe58, 0xfe58],
  [0xfe63, 0xfe63],
  [0xff0d, 0xff0d],
  [0x10d6e, 0x10d6e],
  [0x10ead, 0x10ead],
];

const escape = (codePoint: number): string => `\\u{${codePoint.toString(16)}}`;
const SEPARATORS = new RegExp(
  `[${CONTRACT_ID_SEPARATORS.map(([from, to]) => (from === to ? escape(from) : `${escape(from)}-${escape(to)}`)).join('')}]`,
  'gu',
);

/** Longest key: NFKC may expand a character (㍿ → 株式会社), so the key may outgrow the id. */
export const MAX_CONTRACT_KEY_LENGTH = 800;

/**
 * Lower case one character at a time, by its simple mapping: `toLowerCase` on a whole string
 * applies context (a final Σ becomes ς) and special casing (İ becomes i + U+0307), which
 * PostgreSQL's `lower()` does not, so the key would differ from the migration's backfill.
 */
function lowerEachCharacter(text: string): string {
  let lowered = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    lowered += String.fromCodePoint(lower.codePointAt(0) ?? 0);
  }
  return lowered;
}

/**
 * The key under which a contract id is compared: NFKC (full-width letters and digits become
 * ASCII, ideographic spaces become spaces), lower case, then every dash and space removed. An
 * enterprise that types `ＺＪＺＳ－２０２５－０６１１`, `zjzs 2025 0611` or `ZJZS—2025—0611` names
 * the same contract as `ZJZS-2025-0611`, so the duplicate check cannot be sidestepped by
 * retyping the id. The second NFKC keeps the key stable when lower-casing produced a
 * decomposable character.
 *
 * @example
 * contractKey('ＺＪＺＳ－２０２５－０６１１') // 'zjzs20250611'
 */
export function contractKey(contractId: string): string {
  const key = lowerEachCharacter(contractId.normalize('NFKC'))
    .normalize('NFKC')
    .replace(SEPARATORS, '');
  if (key.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'contractId: no letters or digits', {
      field: 'contractId',
    });
  }
  if (key.length > MAX_CONTRACT_KEY_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', 'contractId: too long', { field: 'contractId' });
  }
  return key;
}

/** The facts of a compute-exchange order whose contract number a claim names. */
export interface ExchangeContract {
  enterpriseId: string;
  providerId: string;
  amountFen: bigint;
  chipOrigin: 'domestic' | 'imported';
  state: 'active' | 'cancelled' | 'completed';
}

/** The contract a claim states. */
export interface ClaimedContract {
  enterpriseId: string;
  providerId: string;
  contractAmountFen: bigint;
  kind: string;
  chipOrigin?: string | undefined;
}

/**
 * An order of the compute exchange is a contract the platform holds, so a claim naming its
 * contract number must state what the order says: the same enterprise and provider, compute,
 * the order's chip origin, at most its amount (less after a cancellation), and an order not
 * cancelled before it started. EXCHANGE_CONTRACT_MISMATCH naming the first difference.
 *
 * @example
 * assertClaimMatchesExchangeContract(order, { ...claim, chipOrigin: 'domestic' }) // throws on an imported order
 */
export function assertClaimMatchesExchangeContract(
  order: ExchangeContract,
  claim: ClaimedContract,
): void {
  const differences: [boolean, string][] = [
    [order.state === 'cancelled', 'cancelled'],
    [claim.enterpriseId !== order.enterpriseId, 'enterprise'],
    [claim.providerId !== order.providerId, 'provider'],
    [claim.kind !== 'compute', 'kind'],
    [claim.chipOrigin !== undefined && claim.chipOrigin !== order.chipOrigin, 'chipOrigin'],
    [claim.contractAmountFen > order.amountFen, 'amount'],
  ];
  const reason = differences.find(([differs]) => differs)?.[1];
  if (reason !== undefined) {
    throw new DomainError(
      'EXCHANGE_CONTRACT_MISMATCH',
      `the claim differs from the exchange order it names (${reason})`,
      { field: 'contractId', reason },
    );
  }
}
