import { z } from 'zod';

/**
 * Schemas every API route shares: the error body, ids, and cursor pagination. Shared with the
 * web console, so the contracts are plain zod: OpenAPI details go in `.meta()` (`id` names the
 * component, `example`, `description`, `param`), which @hono/zod-openapi reads on the server.
 */

/** `{ error: { code, message, details, requestId } }` — the body of every 4xx and 5xx. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });

/** A uuid path parameter named `id`. */
export const idParams = z.object({
  id: z.uuid().meta({
    param: { name: 'id', in: 'path' },
    example: '0190f5e2-7c1a-7000-8000-000000000001',
  }),
});

export const PAGE_SIZE_MAX = 200;
export const PAGE_SIZE_DEFAULT = 50;

/**
 * `?limit=&cursor=`: at most 200 items a page (default 50); `cursor` is the opaque
 * `nextCursor` of the previous page.
 */
export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_SIZE_MAX)
    .default(PAGE_SIZE_DEFAULT)
    .meta({ param: { name: 'limit', in: 'query' }, example: 50 }),
  cursor: z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/, 'an opaque cursor from nextCursor')
    .optional()
    .meta({ param: { name: 'cursor', in: 'query' } }),
});

export type PageQuery = z.output<typeof pageQuery>;

/** `{ items, nextCursor }`: `nextCursor` is null on the last page. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Timestamps cross JSON as ISO 8601 strings. */
export const isoDateTime = z.iso.datetime({ offset: true });
