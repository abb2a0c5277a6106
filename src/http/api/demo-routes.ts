import type { z } from '@hono/zod-openapi';
import { demoSignInsSchema } from '../../contracts/demo.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { defineRoute, type RouteDefinition } from './define-route.ts';

export type DemoSignIns = z.output<typeof demoSignInsSchema>;

/**
 * Where the demo users come from: `npm start` passes what the demo seeder reports, so the list
 * is exactly who was seeded; undefined while there is no demo data.
 */
export type DemoSignInsSource = () => DemoSignIns | undefined;

/**
 * `GET /api/v1/demo/sign-ins`: the demo users and the demo password, for the console's sign-in
 * page on a demo instance. Mounted only when `npm start` runs with demo data; 404 while none is
 * seeded, so a real deployment lists no one.
 */
export function demoRoutes(source: DemoSignInsSource): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/demo/sign-ins',
      summary: 'The demo users, on a demo instance only',
      description:
        'The users `npm start` seeded and their one demo password, so the sign-in page can list them. 404 NOT_FOUND unless the server runs with demo data (DEMO_DATA, the default of `npm start`).',
      tags: ['auth'],
      access: 'public',
      responses: { 200: { description: 'the demo users', schema: demoSignInsSchema } },
      handler: (c) => {
        const signIns = c.get('config').DEMO_DATA ? source() : undefined;
        if (signIns === undefined) {
          throw new DomainError('NOT_FOUND', 'this instance has no demo users');
        }
        return Promise.resolve(c.json(signIns satisfies DemoSignIns, 200));
      },
    }),
  ];
}
