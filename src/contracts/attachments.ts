import { z } from 'zod';
import { idParams } from './common.ts';

/**
 * What the file routes of claims and applications share: an upload's query (the body is the
 * file itself, Content-Type: its type) and a download's path.
 */

/** `?kind=&filename=` of an upload, `kind` one of the owner's kinds. */
export function uploadQuery<const Kinds extends readonly [string, ...string[]]>(kinds: Kinds) {
  return z.object({
    kind: z.enum(kinds).meta({ param: { name: 'kind', in: 'query' } }),
    filename: z
      .string()
      .min(1)
      .max(200)
      .meta({ param: { name: 'filename', in: 'query' } }),
  });
}

/** `/api/v1/claims/{id}/attachments/{attachmentId}`, `/api/v1/applications/{id}/attachments/{attachmentId}` */
export const attachmentParams = idParams.extend({
  attachmentId: z.uuid().meta({ param: { name: 'attachmentId', in: 'path' } }),
});
