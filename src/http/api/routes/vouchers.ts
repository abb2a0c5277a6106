import { applicationRoutes } from './vouchers-applications.ts';
import { applicationAttachmentRoutes } from './vouchers-application-attachments.ts';
import { claimAttachmentRoutes } from './vouchers-claim-attachments.ts';
import { claimRoutes } from './vouchers-claims.ts';
import { grantRoutes } from './vouchers-grants.ts';

/** Routes of the voucher lifecycle: applications, review, grants, claims, payout, clawback. */
export const vouchersRoutes = [
  ...applicationRoutes,
  ...applicationAttachmentRoutes,
  ...grantRoutes,
  ...claimRoutes,
  ...claimAttachmentRoutes,
];
