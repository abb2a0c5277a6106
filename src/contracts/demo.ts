import { z } from 'zod';
import { roleSchema } from './auth.ts';

/**
 * The demo users a demo instance lists on its sign-in page (`GET /api/v1/demo/sign-ins`), with
 * the one demo password `npm start` prints too. Outside demo mode the route is 404.
 */
export const demoSignInsSchema = z
  .object({
    password: z.string(),
    users: z.array(
      z.object({
        email: z.string(),
        roles: z.array(roleSchema),
        tenantName: z.string(),
      }),
    ),
  })
  .meta({ id: 'DemoSignIns' });
