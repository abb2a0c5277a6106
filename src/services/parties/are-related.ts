import type { Sql } from '../../db/client.ts';
import {
  findRelatedParties,
  isCertainlyRelated,
  type RelatedReason,
} from '../../domain/parties/related.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { loadLinks, loadPartyProfiles } from './party-profiles.ts';
import { isUuid } from './rows.ts';

export interface AreRelatedOptions {
  sql: Sql;
  enterpriseId: string;
  providerId: string;
}

export interface RelatedPartyCheck {
  /**
   * True when at least one reason is `certain` (shared identity document, phone, USCC, or an
   * operator-declared link): the "no related-party provider" rule refuses.
   */
  related: boolean;
  /** True when only `probable` reasons exist (same name, same address): a reviewer decides. */
  needsReview: boolean;
  /** Every reason found, with evidence, certain first as found. */
  reasons: RelatedReason[];
}

/**
 * Whether an enterprise and a provider are related parties, for the voucher rule "no
 * related-party provider" (and the risk module's explanations). Unknown ids → NOT_FOUND.
 *
 * @example
 * const check = await areRelated({ sql: tx, enterpriseId, providerId });
 * if (check.related) throw new DomainError('POLICY_REJECTED', 'provider is a related party',
 *   { reasons: check.reasons });
 */
export async function areRelated(options: AreRelatedOptions): Promise<RelatedPartyCheck> {
  const { enterpriseId, providerId } = options;
  const ids = [enterpriseId, providerId].filter(isUuid);
  const profiles = await loadPartyProfiles(options.sql, ids);
  const links = await loadLinks(options.sql, ids);
  const enterprise = profiles.get(enterpriseId);
  if (enterprise?.kind !== 'enterprise') {
    throw new DomainError('NOT_FOUND', `no enterprise ${enterpriseId}`, { field: 'enterpriseId' });
  }
  const provider = profiles.get(providerId);
  if (provider?.kind !== 'provider') {
    throw new DomainError('NOT_FOUND', `no provider ${providerId}`, { field: 'providerId' });
  }
  const reasons = findRelatedParties(enterprise, provider, links);
  const related = isCertainlyRelated(reasons);
  return { related, needsReview: !related && reasons.length > 0, reasons };
}
