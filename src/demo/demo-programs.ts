import { parseDocument } from 'yaml';
import type { Database } from '../db/client.ts';
import { shanghaiDayOf } from '../domain/shared/calendar.ts';
import { DomainError } from '../domain/shared/errors.ts';
import {
  getVersionInForce,
  loadCatalog,
  publishProgramVersion,
} from '../services/programs/index.ts';
import { activateProgram } from '../services/vouchers/index.ts';

/** The catalog programs the demo scenario runs on: Hangzhou's city vouchers and Chengdu's. */
export const DEMO_BASE_PROGRAMS = ['hangzhou-city-compute', 'chengdu-compute'] as const;
export type DemoProgramKey = 'hangzhou' | 'chengdu';

/** How far back the demo scenario starts: the programs must be in force over all of it. */
export const SCENARIO_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * When the demo's programs are funded and its history starts: the first day of the fiscal year
 * (the calendar year of `now`, at 02:00 in Shanghai), so the budget dashboard's burn-down covers
 * the fiscal year so far — or SCENARIO_DAYS ago when the year is younger than the story.
 */
export function demoHistoryStart(now: Date): Date {
  const year = Number(shanghaiDayOf(now).slice(0, 4));
  const yearStart = Date.UTC(year - 1, 11, 31, 18);
  return new Date(Math.min(yearStart, now.getTime() - SCENARIO_DAYS * DAY_MS));
}

async function inForceThroughout(db: Database, programId: string, now: Date): Promise<boolean> {
  try {
    await getVersionInForce({
      sql: db,
      programId,
      date: shanghaiDayOf(demoHistoryStart(now)),
    });
    await getVersionInForce({ sql: db, programId, date: shanghaiDayOf(now) });
    return true;
  } catch (error) {
    if (
      error instanceof DomainError &&
      (error.code === 'PROGRAM_NOT_FOUND' || error.code === 'PROGRAM_NOT_IN_FORCE')
    )
      return false;
    throw error;
  }
}

/**
 * A demo copy of a catalog program whose year is over: same rules, its own id (`<id>-demo`),
 * in force from the start of the scenario for a year, and saying so in its name and notes.
 * Grants live at most a year in the ledger (pending timeouts), so a scenario on last year's
 * program would show every voucher expired.
 */
function demoVariant(yamlText: string, baseId: string, now: Date): string {
  const document = parseDocument(yamlText);
  // In force over the whole history and for months after now (a demo started in December still
  // takes applications after New Year).
  const from = new Date(
    Math.min(now.getTime() - (SCENARIO_DAYS + 30) * DAY_MS, demoHistoryStart(now).getTime()),
  );
  const to = new Date(Math.max(from.getTime() + 364 * DAY_MS, now.getTime() + 244 * DAY_MS));
  document.set('id', `${baseId}-demo`);
  document.set('version', 1);
  document.set('fiscalYear', Number(shanghaiDayOf(now).slice(0, 4)));
  document.set('effectiveFrom', shanghaiDayOf(from));
  document.set('effectiveTo', shanghaiDayOf(to));
  document.setIn(['name', 'zh-CN'], `${String(document.getIn(['name', 'zh-CN']))}（演示）`);
  document.setIn(['name', 'en'], `${String(document.getIn(['name', 'en']))} (demo)`);
  const notes = document.get('notes');
  const note = `DEMO: a copy of ${baseId} made by the demo seeder so the scenario runs on dates when a version is in force; not a published program.`;
  if (notes && typeof notes === 'object' && 'add' in notes)
    (notes as { add: (value: unknown) => void }).add(note);
  else document.set('notes', [note]);
  return document.toString();
}

/**
 * The program ids the demo uses: the catalog programs when they are in force over the whole
 * scenario, otherwise demo copies published as their own programs (through the real
 * publishing service, so they are validated like any file).
 */
export async function ensureDemoPrograms(options: {
  db: Database;
  now: Date;
}): Promise<Record<DemoProgramKey, string>> {
  const { db, now } = options;
  const catalog = await loadCatalog();
  const chosen: string[] = [];
  for (const baseId of DEMO_BASE_PROGRAMS) {
    if (await inForceThroughout(db, baseId, now)) {
      chosen.push(baseId);
      continue;
    }
    const file = catalog
      .filter((candidate) => candidate.definition.id === baseId)
      .sort((a, b) => b.definition.version - a.definition.version)[0];
    if (!file) throw new Error(`the demo needs ${baseId} in programs/`);
    const published = await publishProgramVersion({
      sql: db,
      yamlText: demoVariant(file.yamlText, baseId, now),
      publishedBy: 'demo',
      now: new Date(demoHistoryStart(now).getTime() - DAY_MS),
    });
    chosen.push(published.programId);
  }
  const [hangzhou, chengdu] = chosen;
  if (hangzhou === undefined || chengdu === undefined) throw new Error('demo programs missing');
  return { hangzhou, chengdu };
}

/**
 * Opens the demo programs for vouchers under the demo operator tenant before the story starts:
 * catalog files are published by the system and so belong to no operator, and operator staff
 * see only their own tenant's programs (services/programs/program-owner.ts).
 */
export async function assignDemoPrograms(options: {
  db: Database;
  programs: Record<DemoProgramKey, string>;
  operatorTenantId: string;
  /** The scenario's first day: every demo program is in force from then (ensureDemoPrograms). */
  at: Date;
}): Promise<void> {
  const { db, at } = options;
  for (const programId of Object.values(options.programs)) {
    const { definition } = await getVersionInForce({ sql: db, programId, date: shanghaiDayOf(at) });
    await activateProgram({
      sql: db,
      program: definition,
      operatorTenantId: options.operatorTenantId,
      now: at,
    });
  }
}
