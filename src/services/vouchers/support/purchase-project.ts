import type { PurchasePurpose } from '../../../domain/policy/program.ts';

/** What a purchase is for and which project it serves (program conditions and caps use them). */
export interface PurchaseProject {
  purpose?: PurchasePurpose;
  projectId?: string;
  projectTags?: readonly string[];
}

/** The purpose and project fields of a request, without the absent ones. */
export function purchaseProjectOf(value: {
  purpose?: PurchasePurpose | undefined;
  projectId?: string | undefined;
  projectTags?: readonly string[] | undefined;
}): PurchaseProject {
  return {
    ...(value.purpose === undefined ? {} : { purpose: value.purpose }),
    ...(value.projectId === undefined ? {} : { projectId: value.projectId }),
    ...(value.projectTags === undefined ? {} : { projectTags: value.projectTags }),
  };
}
