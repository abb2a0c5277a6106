import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createApiHarness } from './support/api-harness.ts';

it('dumps the OpenAPI document', async () => {
  const h = await createApiHarness();
  const response = await h.as('anonymous').get('/api/openapi.json');
  expect(response.status).toBe(200);
  writeFileSync(process.env.OPENAPI_OUT ?? '/tmp/dedupe/openapi.json', JSON.stringify(response.json(), null, 1));
  await h.close();
});
