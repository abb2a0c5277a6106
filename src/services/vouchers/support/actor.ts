/**
 * Who does a voucher action: the authenticated user and tenant (null for the system, e.g. the
 * expiry job or automatic approval) and the request id carried into every transition row and
 * audit event.
 */
export interface VoucherActor {
  userId: string | null;
  tenantId: string | null;
  via: 'session' | 'apiKey' | 'system';
  requestId: string | null;
}

/** The actor of background jobs. */
export const systemActor: VoucherActor = {
  userId: null,
  tenantId: null,
  via: 'system',
  requestId: null,
};
