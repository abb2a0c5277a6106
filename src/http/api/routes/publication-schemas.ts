import { z } from '@hono/zod-openapi';
import { pageQuery } from '../../../contracts/common.ts';
import type {
  ExcludedEntry,
  Objection,
  Publication,
  PublicationEntry,
} from '../../../services/publication/index.ts';

/**
 * JSON shapes of publications (公示), their entries and objections. Amounts are fen strings;
 * the public shapes leave out internal ids (claim, grant, enterprise) and objection texts.
 */
const fen = z.string().regex(/^\d+$/).openapi({ example: '2500000' });
const dateTime = z.string().openapi({ example: '2025-07-01T02:00:00.000Z' });
const state = z.enum(['draft', 'published', 'closed']);

/** A publication's, an entry's or an objection's id in a path or a body. */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `?limit=&cursor=&programId=`: a page of publications, of one program when named. */
export const publicationListQuery = pageQuery.extend({
  programId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'programId', in: 'query' } }),
});

export const publicationSchema = z
  .object({
    id: z.uuid(),
    source: z
      .enum(['claims', 'grants'])
      .openapi({ description: 'redeemed claims awaiting payout, or approved grants' }),
    programId: z.string(),
    period: z.string().openapi({ example: '2025-Q3' }),
    title: z.string(),
    state,
    objectionWindowDays: z.number().int(),
    entryCount: z.number().int(),
    totalFen: fen,
    createdAt: dateTime,
    publishedAt: dateTime.nullable(),
    objectionWindowClosesAt: dateTime.nullable(),
    closedAt: dateTime.nullable(),
  })
  .openapi('Publication');

export const publicEntrySchema = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    recipientName: z.string(),
    uscc: z.string(),
    regionCode: z.string(),
    amountFen: fen,
    purpose: z.string(),
    withdrawn: z.boolean(),
  })
  .openapi('PublicationEntry');

export const operatorEntrySchema = publicEntrySchema
  .extend({ claimId: z.uuid().nullable(), grantId: z.uuid().nullable(), enterpriseId: z.uuid() })
  .openapi('PublicationEntryDetail');

/** An entry dropped when its list was published, because its claim or grant changed. */
export const excludedEntrySchema = z
  .object({
    entryId: z.uuid(),
    claimId: z.uuid().nullable(),
    grantId: z.uuid().nullable(),
    amountFen: fen,
    reason: z.string().openapi({ example: 'claim clawed_back after the list was drafted' }),
    excludedAt: dateTime,
  })
  .openapi('PublicationExcludedEntry');

export function excludedEntryJson(entry: ExcludedEntry): z.input<typeof excludedEntrySchema> {
  return {
    entryId: entry.entryId,
    claimId: entry.claimId,
    grantId: entry.grantId,
    amountFen: entry.amountFen.toString(),
    reason: entry.reason,
    excludedAt: entry.excludedAt.toISOString(),
  };
}

export const objectionSchema = z
  .object({
    id: z.uuid(),
    publicationId: z.uuid(),
    entryId: z.uuid().nullable(),
    body: z.string(),
    contact: z.string().nullable(),
    state: z.enum(['open', 'upheld', 'dismissed']),
    submittedAt: dateTime,
    resolvedAt: dateTime.nullable(),
    resolutionNote: z.string().nullable(),
  })
  .openapi('Objection');

/** What the filer gets back: the receipt, not anyone else's data. */
export const objectionReceiptSchema = z
  .object({ id: z.uuid(), state: z.literal('open'), submittedAt: dateTime })
  .openapi('ObjectionReceipt');

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export function publicationJson(publication: Publication): z.input<typeof publicationSchema> {
  return {
    id: publication.id,
    source: publication.source,
    programId: publication.programId,
    period: publication.period,
    title: publication.title,
    state: publication.state,
    objectionWindowDays: publication.objectionWindowDays,
    entryCount: publication.entryCount,
    totalFen: publication.totalFen.toString(),
    createdAt: publication.createdAt.toISOString(),
    publishedAt: iso(publication.publishedAt),
    objectionWindowClosesAt: iso(publication.objectionWindowClosesAt),
    closedAt: iso(publication.closedAt),
  };
}

export function publicEntryJson(entry: PublicationEntry): z.input<typeof publicEntrySchema> {
  return {
    id: entry.id,
    position: entry.position,
    recipientName: entry.recipientName,
    uscc: entry.uscc,
    regionCode: entry.regionCode,
    amountFen: entry.amountFen.toString(),
    purpose: entry.purpose,
    withdrawn: entry.withdrawn,
  };
}

export function operatorEntryJson(entry: PublicationEntry): z.input<typeof operatorEntrySchema> {
  return {
    ...publicEntryJson(entry),
    claimId: entry.claimId,
    grantId: entry.grantId,
    enterpriseId: entry.enterpriseId,
  };
}

export function objectionJson(objection: Objection): z.input<typeof objectionSchema> {
  return {
    id: objection.id,
    publicationId: objection.publicationId,
    entryId: objection.entryId,
    body: objection.body,
    contact: objection.contact,
    state: objection.state,
    submittedAt: objection.submittedAt.toISOString(),
    resolvedAt: iso(objection.resolvedAt),
    resolutionNote: objection.resolutionNote,
  };
}
