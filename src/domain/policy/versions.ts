import type { ProgramDefinition } from './program.ts';

/** Is the version's effective period around `date` (ISO date)? */
export function isInForce(definition: ProgramDefinition, date: string): boolean {
  return (
    definition.effectiveFrom <= date &&
    (definition.effectiveTo === undefined || date <= definition.effectiveTo)
  );
}

/**
 * For each program id, the highest version in force on `date` — the same choice the database
 * makes (`getVersionInForce`), for callers holding files instead of published rows.
 */
export function versionsInForce(
  definitions: readonly ProgramDefinition[],
  date: string,
): ProgramDefinition[] {
  const chosen = new Map<string, ProgramDefinition>();
  for (const definition of definitions) {
    if (!isInForce(definition, date)) continue;
    const current = chosen.get(definition.id);
    if (!current || current.version < definition.version) chosen.set(definition.id, definition);
  }
  return [...chosen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
