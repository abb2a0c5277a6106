/** Publication (公示) of recipient lists with a public objection window; the payout gate. */
export { publicationScope, type PublicationScope } from './publication-access.ts';
export type { Objection, Publication, PublicationEntry } from './rows.ts';
export { createPublication } from './create-publication.ts';
export { publishPublication } from './publish-publication.ts';
export { closePublication, closeDuePublications } from './close-publication.ts';
export {
  fileObjection,
  submitterHash,
  OBJECTIONS_PER_SUBMITTER_HOUR_MAX,
} from './file-objection.ts';
export { resolveObjection } from './resolve-objection.ts';
export { getPublication, PUBLICATION_ENTRIES_MAX, type ExcludedEntry } from './get-publication.ts';
export { listPublications, PUBLICATIONS_PAGE_MAX } from './list-publications.ts';
export { listObjections } from './list-objections.ts';
export { assertPublishedForPayout } from './assert-published-for-payout.ts';
export { publicationCsv, publicationXlsx } from './publication-csv.ts';
export { schedulePublicationJobs } from './schedule-publication-jobs.ts';
