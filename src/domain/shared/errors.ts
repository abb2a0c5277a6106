/**
 * Expected outcomes that callers handle, as one closed union of codes. Each code says when it
 * fires. Bugs are not DomainErrors: they are failed `assert()`s.
 *
 * Adding a code here does not compile until `src/http/error-status.ts` maps it to a status.
 */
export const errorCodes = {
  // Input
  VALIDATION_FAILED:
    'A field of the request is missing, malformed or out of range; details name the field.',
  INVALID_CURSOR:
    'A pagination cursor is not one this list made: malformed, of another list, or with a field edited out of range (e.g. a seq past the largest bigint); start again from the first page.',
  NOT_FOUND: 'The addressed resource does not exist or is not visible to the caller.',
  CONFLICT: 'The request conflicts with the current state of the resource.',
  IDEMPOTENCY_CONFLICT: 'An idempotency key or client id was reused with a different request body.',
  PAYLOAD_TOO_LARGE: 'The request body or an attachment is over the size limit.',
  UNSUPPORTED_MEDIA_TYPE: 'The content type of the body or attachment is not accepted.',
  RATE_LIMITED: 'Too many requests from this caller; retry after the indicated time.',
  // Access
  UNAUTHENTICATED: 'No valid session cookie or API key was presented.',
  FORBIDDEN: 'The caller is authenticated but its role or tenant may not do this.',
  CSRF_FAILED: 'A cookie-authenticated state change came without the matching CSRF token.',
  LOGIN_THROTTLED:
    'Too many failed sign-ins for this email from this address, for this email, or from this address; retry after the indicated time.',
  PASSWORD_TOO_COMMON:
    'The new password is on the list of common and breached passwords shipped with the code.',
  PASSWORD_TOO_WEAK:
    'The new password is repetitive, sequential, or made of the email name or the product name; details.reason says which.',
  EMAIL_UNAVAILABLE:
    'The email cannot be used for a new user (the same answer whichever tenant, if any, has it).',
  // Ledger
  ACCOUNT_NOT_FOUND: 'A transfer or lookup names an account id that does not exist.',
  ACCOUNT_EXISTS: 'An account with this id exists already with different fields.',
  LEDGER_MISMATCH:
    'The accounts of a transfer, or a transfer and its pending transfer, are on different ledgers.',
  SAME_ACCOUNT: 'A transfer names the same account as debit and credit.',
  INSUFFICIENT_BALANCE: 'The transfer would take a limited account past its limit.',
  PENDING_NOT_FOUND: 'A post or void names a pending transfer that does not exist.',
  PENDING_ALREADY_RESOLVED: 'The pending transfer was already posted, voided or expired.',
  PENDING_EXPIRED: 'The pending transfer timed out before it was posted.',
  AMOUNT_EXCEEDS_PENDING: 'A post asks for more than the pending amount.',
  LINKED_EVENT_FAILED:
    'Another transfer of the same linked group failed, so this one was not applied.',
  // Policy and vouchers
  POLICY_REJECTED:
    'The program rules refuse the purchase or application; the trace says which rule.',
  PROGRAM_NOT_FOUND: 'No program with this id exists.',
  PROGRAM_NOT_IN_FORCE:
    'The program exists but no published version covers the date; details list the periods it covers.',
  PROGRAM_INVALID:
    'A program definition failed validation; details list every problem with its path.',
  PROGRAM_YAML_TOO_COMPLEX:
    'A program file passes a size, nesting-depth or alias limit (e.g. an alias bomb); it is not parsed.',
  PROGRAM_VERSION_IMMUTABLE:
    'A published program version cannot be changed; publish a new version.',
  BUDGET_EXHAUSTED: 'The program budget has not enough left for the requested amount.',
  INVALID_STATE_TRANSITION: 'The resource is not in a state that allows this action.',
  GRANT_EXPIRED: 'The grant passed its expiry date.',
  GRANT_LIFETIME_TOO_LONG:
    'A grant expiry date is after the longest life: 31 December of the year after the grant is issued (Asia/Shanghai).',
  CONTRACT_DATE_AFTER_CLAIM:
    'A claim names a contract signed after the claim date (the day it is made or submitted, Asia/Shanghai).',
  CONTRACT_TERM_INVALID:
    'A claimed contract term ends before it starts or before the contract was signed, or states more months than its dates span.',
  BLACKLISTED: 'The enterprise is blacklisted from the program.',
  EVIDENCE_AMOUNT_EXCEEDED:
    "An invoice or payment proof would bring the claim's invoiced or paid total above its contract amount, or the paid total above the invoiced total; details name the bound and what remains.",
  // Publication (公示)
  PUBLICATION_PENDING:
    'The claim cannot be paid out until it is on a closed publication (公示) whose objection window is over.',
  OBJECTION_UPHELD:
    'An objection against this recipient was upheld: the entry is withdrawn and its payout blocked.',
  OBJECTION_WINDOW_CLOSED:
    'The publication is not open for objections (not published yet, or its window is over).',
  INVALID_USCC: 'The unified social credit code fails the GB 32100-2015 format or check character.',
  SIGNING_KEY_PROOF_FAILED:
    'A signing key came without a valid proof of possession: its challenge is unknown, of another provider or key, used or expired, or the signature does not verify with the key; details.reason says which.',
  // Evidence files
  FILENAME_UNSAFE:
    'A file name holds a control character or a Unicode bidi override/isolate that would disguise its extension; details name the field and the code point.',
  EVIDENCE_QUOTA_EXCEEDED:
    "The file would take the enterprise's stored evidence past its total-bytes quota; details give the limit and the bytes used.",
  EVIDENCE_RATE_LIMITED:
    'The enterprise reached its evidence files per day or its concurrent uploads; details.quota says which, retry after the indicated time.',
  // Compute exchange
  CAPACITY_EXHAUSTED:
    'An offer has fewer free cards than asked in at least one hour of the window; details.hour names the first such hour.',
  USAGE_SIGNATURE_INVALID:
    "A usage report's signature does not verify over its canonical encoding with the key it names (forged or altered), or the key is not one of the order's provider.",
  SIGNING_KEY_REVOKED:
    'A usage report is signed with a key its provider (or an operator) revoked before the report arrived.',
  USAGE_REPORT_REPLAYED:
    'A usage report with this report id was received before; it is not settled again.',
  EXCHANGE_CONTRACT_MISMATCH:
    'A claim names the contract number of a compute-exchange order but differs from it: another enterprise or provider, not compute, another chip origin, a larger amount, or an order cancelled before it started; details.reason says which.',
  QUOTE_CHANGED:
    'A buy-now named the amount and subsidy it expected (the quote the buyer saw) and the order would now be different: another purchase used the budget, the offer was repriced, or the year to date crossed a threshold; details give both; nothing was bought.',
  OFFER_CAPACITY_HELD:
    'An edit of an offer would leave fewer cards than its orders hold in some hour (a lower card count, or a window that leaves out an hour with orders); details give the hour, the cards held and details.reason (`card-count` or `window`).',
  USAGE_BEYOND_ORDER:
    "A usage report falls outside its order: period outside the order's window or overlapping an earlier report, more card-hours than the cards over the period or than ordered, another accelerator, or an order already settled; details.reason says which.",
  // MaaS gateway
  GATEWAY_SPEND_LIMIT_REACHED:
    "A gateway key's spend limit for the day or the month (Asia/Shanghai) would be passed by the call's worst case; details.window says which, retry after the indicated time.",
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof errorCodes;

export interface ErrorDetails {
  /** Dotted path of the field at fault, e.g. `transfers.3.amountFen`. */
  field?: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message?: string, details: ErrorDetails = {}) {
    super(message ?? errorCodes[code]);
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
