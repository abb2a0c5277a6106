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
