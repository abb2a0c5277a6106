import type { z } from '@hono/zod-openapi';
import { toJsonValue } from '../../../contracts/program-evaluation.ts';
import { previewProgramBody, programPreviewSchema } from '../../../contracts/program-preview.ts';
import { previewProgramVersion } from '../../../services/programs/index.ts';
import { defineRoute } from '../define-route.ts';

export const previewProgramVersionRoute = defineRoute({
  method: 'post',
  path: '/api/v1/programs/versions/preview',
  summary:
    'Preview a draft program file: what publishing would do, the changes against the version in force, its trace on sample purchases',
  description:
    'Checks the file as publishing does: a bad file is 422 PROGRAM_INVALID with every problem (path, line, column) in `details.problems`, or 400 PROGRAM_YAML_TOO_COMPLEX. For a valid file: `publish` says what `POST /programs/versions` would do now (`ready`, `exists`, or `refused` with the code it would answer); `changes` lists the changed rules by path against the version in force today (else the latest), `lines` the file line by line; `samples` evaluates each sample purchase under the draft with its trace. Publishes nothing.',
  tags: ['programs'],
  access: { action: 'program.preview' },
  request: { body: previewProgramBody },
  responses: { 200: { description: 'the preview', schema: programPreviewSchema } },
  // A pure calculation that changes nothing: replaying it is the same as recomputing it.
  idempotency: 'none',
  handler: async (c, auth, { body }) => {
    const preview = await previewProgramVersion({
      sql: c.get('db'),
      actor: auth,
      yamlText: body.yaml,
      samples: body.samples,
      now: c.get('now'),
    });
    return c.json(toJsonValue(preview) satisfies z.output<typeof programPreviewSchema>, 200);
  },
});
