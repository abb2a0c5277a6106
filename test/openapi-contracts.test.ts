import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as auth from '../src/contracts/auth.ts';
import * as common from '../src/contracts/common.ts';
import * as parties from '../src/contracts/parties.ts';
import * as programApi from '../src/contracts/program-api.ts';
import * as vouchers from '../src/contracts/vouchers.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';

/**
 * The contracts are plain zod (the browser console loads them) and carry their OpenAPI details
 * in `.meta()`: the served document must still name their components and keep their examples,
 * descriptions and parameters.
 */

interface SchemaObject {
  example?: unknown;
  description?: string;
  properties?: Record<string, SchemaObject>;
}
interface OpenApiDocument {
  components: { schemas: Record<string, SchemaObject> };
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; schema: SchemaObject }[] }>
  >;
}

let h: ApiHarness;
let document: OpenApiDocument;
beforeAll(async () => {
  h = await createApiHarness();
  const response = await h.as('anonymous').get('/api/openapi.json');
  expect(response.status).toBe(200);
  document = response.json<OpenApiDocument>();
});
afterAll(() => h.close());

/** The component names the contracts give with `.meta({ id })`. */
function namedContractSchemas(): string[] {
  return [auth, common, parties, programApi, vouchers]
    .flatMap((module): unknown[] => Object.values(module))
    .filter((value): value is z.ZodType => value instanceof z.ZodType)
    .map((schema) => schema.meta()?.id)
    .filter((id): id is string => typeof id === 'string');
}

describe('the OpenAPI document built from plain-zod contracts', () => {
  it('has a component for every schema a contract names', () => {
    const names = namedContractSchemas();
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name) => !(name in document.components.schemas))).toEqual([]);
  });

  it('keeps examples and descriptions given in .meta()', () => {
    const { schemas } = document.components;
    const errorCode = schemas.ErrorBody?.properties?.error?.properties?.code;
    expect(errorCode?.example).toBe('VALIDATION_FAILED');
    expect(schemas.CreatedApiKey?.properties?.secret?.description).toBe(
      'Shown once: only its sha256 is stored.',
    );
    expect(schemas.CreateApplication?.properties?.purpose?.example).toBe(
      '基于昇腾910B的行业大模型微调',
    );
  });

  it('places the query and path parameters that .meta({ param }) declares', () => {
    const listUsers = document.paths['/api/v1/users']?.get?.parameters ?? [];
    expect(listUsers.find((p) => p.name === 'limit')).toMatchObject({
      in: 'query',
      schema: { example: 50 },
    });
    expect(listUsers.find((p) => p.name === 'tenantId')).toMatchObject({ in: 'query' });
    const getGrant = document.paths['/api/v1/grants/{id}']?.get?.parameters ?? [];
    expect(getGrant.find((p) => p.name === 'id')).toMatchObject({
      in: 'path',
      schema: { example: '0190f5e2-7c1a-7000-8000-000000000001' },
    });
  });
});
