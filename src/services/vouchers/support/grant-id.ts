import { ledgerIdFor } from '../../../domain/vouchers/account-plan.ts';

/** The id an application's grant has (or will have): derived, so a retry cannot grant twice. */
export function grantIdForApplication(applicationId: string): string {
  return ledgerIdFor('application', applicationId, 'grant');
}
