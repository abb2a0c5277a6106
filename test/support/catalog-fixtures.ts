import { readFileSync } from 'node:fs';

const hangzhouFile = new URL('../../programs/hangzhou-city-compute.v1.yaml', import.meta.url);

/**
 * Hangzhou's real 2025 program file moved to `year` (fiscal year and effective dates), under
 * another id and version when given: a program in force on the tests' dates with the real rates.
 */
export function hangzhouProgramYaml(
  options: { year?: number; id?: string; version?: number } = {},
): string {
  const year = options.year ?? 2026;
  let text = readFileSync(hangzhouFile, 'utf8')
    .replace(/^fiscalYear: \d+$/mu, `fiscalYear: ${year}`)
    .replace(/^effectiveFrom: .*$/mu, `effectiveFrom: "${year}-01-01"`)
    .replace(/^effectiveTo: .*$/mu, `effectiveTo: "${year}-12-31"`);
  if (options.id !== undefined) text = text.replace(/^id: .*$/mu, `id: ${options.id}`);
  if (options.version !== undefined) {
    text = text.replace(/^version: .*$/mu, `version: ${options.version}`);
  }
  return text;
}
