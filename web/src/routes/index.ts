import { enterpriseArea } from './enterprise.tsx';
import { operatorArea } from './operator.tsx';
import { providerArea } from './provider.tsx';
import { publicArea } from './public.tsx';
import type { ConsoleArea } from './area.ts';

/** Every area of the console, in the order the navigation shows them. */
export const consoleAreas: readonly ConsoleArea[] = [
  publicArea,
  enterpriseArea,
  providerArea,
  operatorArea,
];
