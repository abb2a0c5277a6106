/** Programs: the catalog on disk, published versions in the database, and subsidy calculation. */
export { loadCatalog, defaultCatalogDirectory } from './load-catalog.ts';
export { readProgramFile, programChecksum, type ProgramFile } from './program-file.ts';
export { publishProgramVersion, type PublishResult } from './publish-program-version.ts';
export { publishCatalog, catalogPublisher } from './publish-catalog.ts';
export { getVersionInForce } from './get-version-in-force.ts';
export { listVersionsInForce } from './list-versions-in-force.ts';
export { listPrograms, type ProgramSummary } from './list-programs.ts';
export { getProgram, type ProgramDetail } from './get-program.ts';
export type { PublishedProgramVersion } from './version-rows.ts';
export { calculateSubsidy } from './calculate-subsidy.ts';
export { comparePrograms, type ProgramComparison } from './compare-programs.ts';
export { definitionsInForce, type VersionSource } from './versions-source.ts';
export { programCoverage, coverageText, type CoveredPeriod } from './program-coverage.ts';
export type {
  ProgramEvaluation,
  PurchaseEvaluation,
} from '../../domain/policy/evaluate-purchase.ts';
export type {
  EnterpriseProfile,
  OtherSubsidy,
  PurchaseLine,
  YearToDate,
} from '../../domain/policy/inputs.ts';
export type { ProgramDefinition } from '../../domain/policy/program.ts';
export type { ChipOrigin, PurchaseKind } from '../../domain/policy/program.ts';
export { purchaseKinds, purchasePurposes } from '../../domain/policy/program.ts';
export type { TraceEntry } from '../../domain/policy/trace.ts';
export {
  previewProgramVersion,
  MAX_PREVIEW_SAMPLES,
  type PreviewSample,
  type ProgramPreview,
} from './preview-program-version.ts';
