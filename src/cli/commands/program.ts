import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  calculateRequestSchema,
  enterpriseProfileSchema,
  purchaseLineSchema,
} from '../../contracts/program-evaluation.ts';
import { programJsonSchema } from '../../contracts/program.ts';
import { parseProgramYaml } from '../../contracts/program-yaml.ts';
import { isCalendarDate, shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { formatYuan } from '../../domain/shared/money.ts';
import {
  calculateSubsidy,
  comparePrograms,
  coverageText,
  defaultCatalogDirectory,
  definitionsInForce,
  loadCatalog,
  programCoverage,
  publishCatalog,
  publishProgramVersion,
  type VersionSource,
} from '../../services/programs/index.ts';
import { withDatabase } from '../with-database.ts';
import { printComparison, printEvaluation } from './program-output.ts';

/** `--purchase '{"kind":…}'` or `--purchase purchase.json`. */
function jsonArgument(value: string): unknown {
  const text = value.trim().startsWith('{') ? value : readFileSync(value, 'utf8');
  return JSON.parse(text) as unknown;
}

/** Validates JSON input with a contract schema; prints every problem and exits 2 on failure. */
function parseInput<T>(
  label: string,
  schema: {
    safeParse: (
      value: unknown,
    ) =>
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    console.error(`${label}.${issue.path.map(String).join('.')}: ${issue.message}`);
  }
  process.exit(2);
}

/** A `--date` option: a calendar date that exists, or a message and exit 2. */
function dateOption(value: string | undefined): string | undefined {
  if (value === undefined || isCalendarDate(value)) return value;
  console.error(`--date: '${value}' is not a calendar date YYYY-MM-DD that exists`);
  process.exit(2);
}

interface SourceOptions {
  db?: boolean;
  dir?: string;
}

/** Runs `work` against the program files (default) or the versions published in the database. */
async function withSource<T>(
  options: SourceOptions,
  work: (source: VersionSource) => Promise<T>,
): Promise<T> {
  if (options.db) return withDatabase((db) => work({ sql: db }));
  const files = await loadCatalog(options.dir === undefined ? {} : { directory: options.dir });
  return work({ definitions: files.map((file) => file.definition) });
}

/** When `--enterprise` is left out: a small, good-standing firm registered where the purchase is. */
function sampleEnterprise(regionCode: string): unknown {
  return {
    id: 'sample-enterprise',
    usccRegionCode: regionCode,
    size: 'small',
    foundedOn: '2020-01-01',
  };
}

/**
 * Runs a command's action and reports an expected outcome (a DomainError: no version covers the
 * date, an invalid file…) as one line with its code and exit status 1, not as a stack trace.
 */
function reportingDomainErrors<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      console.error(`error ${error.code}: ${error.message}`);
      process.exitCode = 1;
    }
  };
}

/** `suanli program check|explain|compare|schema|publish|seed`. */
export function registerProgramCommands(program: Command): Command {
  const group = program
    .command('program')
    .description('subsidy programs: check files, explain and compare subsidies, publish versions');

  group
    .command('check')
    .argument('<files...>', 'program YAML files')
    .description(
      'validate program files; prints every problem as file:line:column path message; exits 1 if any',
    )
    .action((files: string[]) => {
      let problems = 0;
      for (const file of files) {
        const result = parseProgramYaml(readFileSync(file, 'utf8'));
        if (result.ok) {
          console.log(`${file}: ok (${result.definition.id} v${result.definition.version})`);
          continue;
        }
        for (const problem of result.problems) {
          problems += 1;
          const at = problem.line === undefined ? '' : `${problem.line}:${problem.column ?? 1}:`;
          console.error(
            `${file}:${at} ${problem.path === '' ? '(file)' : problem.path}: ${problem.message}`,
          );
        }
      }
      if (problems > 0) process.exitCode = 1;
    });

  group
    .command('explain')
    .requiredOption('--program <id>', 'program id')
    .requiredOption('--purchase <json|file>', 'purchase line (JSON, amounts in fen as strings)')
    .option(
      '--enterprise <json|file>',
      'enterprise profile (JSON); default: a small firm in the program region',
    )
    .option('--year-to-date <json|file>', "this program's year-to-date figures (JSON)")
    .option('--date <date>', 'evaluation date (default: the purchase date)')
    .option('--db', 'use the versions published in the database instead of programs/*.yaml')
    .option('--dir <directory>', 'program files directory', defaultCatalogDirectory)
    .option('--json', 'print the result as JSON')
    .description('print the subsidy of one program on one purchase with its trace (zh-CN and en)')
    .action(
      reportingDomainErrors(
        async (
          options: SourceOptions & {
            program: string;
            purchase: string;
            enterprise?: string;
            yearToDate?: string;
            date?: string;
            json?: boolean;
          },
        ) => {
          const purchase = parseInput(
            'purchase',
            purchaseLineSchema,
            jsonArgument(options.purchase),
          );
          const result = await withSource(options, async (source) => {
            const enterpriseJson =
              options.enterprise === undefined ? undefined : jsonArgument(options.enterprise);
            const request = parseInput('input', calculateRequestSchema, {
              programId: options.program,
              purchase: jsonArgument(options.purchase),
              enterprise:
                enterpriseJson ??
                sampleEnterprise(await regionOf(source, options.program, purchase.date)),
              ...(options.yearToDate
                ? { yearToDate: { [options.program]: jsonArgument(options.yearToDate) } }
                : {}),
              ...(options.date ? { date: options.date } : {}),
            });
            if (enterpriseJson === undefined)
              console.log(
                `(no --enterprise: a small firm founded 2020-01-01 registered in ${request.enterprise.usccRegionCode})`,
              );
            const yearToDate = request.yearToDate?.[options.program];
            return calculateSubsidy({
              source,
              programId: options.program,
              enterprise: request.enterprise,
              purchase: request.purchase,
              ...(yearToDate ? { yearToDate } : {}),
              ...(request.date ? { date: request.date } : {}),
            });
          });
          printEvaluation(result, options.json ?? false);
        },
      ),
    );

  group
    .command('compare')
    .requiredOption('--enterprise <json|file>', 'enterprise profile (JSON)')
    .requiredOption('--purchase <json|file>', 'purchase line (JSON, amounts in fen as strings)')
    .option('--date <date>', 'evaluation date (default: the purchase date)')
    .option('--db', 'use the versions published in the database instead of programs/*.yaml')
    .option('--dir <directory>', 'program files directory', defaultCatalogDirectory)
    .option('--json', 'print the result as JSON')
    .option('--trace', 'print the trace of every program')
    .description(
      'which programs qualify for a purchase, ranked by subsidy, and all of them stacked',
    )
    .action(
      reportingDomainErrors(
        async (
          options: SourceOptions & {
            enterprise: string;
            purchase: string;
            date?: string;
            json?: boolean;
            trace?: boolean;
          },
        ) => {
          const enterprise = parseInput(
            'enterprise',
            enterpriseProfileSchema,
            jsonArgument(options.enterprise),
          );
          const purchase = parseInput(
            'purchase',
            purchaseLineSchema,
            jsonArgument(options.purchase),
          );
          const date = dateOption(options.date);
          const comparison = await withSource(options, (source) =>
            comparePrograms({
              source,
              enterprise,
              purchase,
              ...(date ? { date } : {}),
            }),
          );
          printComparison(comparison, {
            json: options.json ?? false,
            trace: options.trace ?? false,
          });
        },
      ),
    );

  group
    .command('list')
    .option('--date <date>', 'which versions are in force (default: today in Asia/Shanghai)')
    .option('--db', 'list the versions published in the database instead of programs/*.yaml')
    .option('--dir <directory>', 'program files directory', defaultCatalogDirectory)
    .description(
      'list the programs with the version in force on the date and the periods each covers',
    )
    .action(
      reportingDomainErrors(async (options: SourceOptions & { date?: string }) => {
        const date = dateOption(options.date) ?? shanghaiDayOf(new Date());
        await withSource(options, async (source) => {
          const programs = await definitionsInForce(source, date);
          console.log(`${programs.length} program(s) in force on ${date}`);
          for (const definition of programs) {
            const budget =
              definition.budgetFen === undefined
                ? 'no published pool'
                : formatYuan(definition.budgetFen);
            const covers = coverageText(await programCoverage(source, definition.id));
            console.log(
              `${definition.id} v${definition.version}  ${definition.regionCode}  ${definition.name['zh-CN']} / ${definition.name.en}  (${budget})`,
            );
            console.log(`    covers ${covers}`);
          }
        });
      }),
    );

  group
    .command('schema')
    .option('--write', 'write programs/program.schema.json instead of printing it')
    .description('print the JSON Schema of program files (for editors and the console)')
    .action(async (options: { write?: boolean }) => {
      const text = `${JSON.stringify(programJsonSchema(), null, 2)}\n`;
      if (!options.write) {
        process.stdout.write(text);
        return;
      }
      const path = join(defaultCatalogDirectory, 'program.schema.json');
      await writeFile(path, text);
      console.log(`wrote ${path}`);
    });

  group
    .command('publish')
    .argument('<file>', 'program YAML file')
    .requiredOption('--by <publisher>', 'who publishes (operator user id or name)')
    .description(
      'validate a program file and publish it as a new immutable version in the database',
    )
    .action(
      reportingDomainErrors(async (file: string, options: { by: string }) => {
        if (!existsSync(file)) throw new Error(`no such file: ${file}`);
        const yamlText = readFileSync(file, 'utf8');
        const result = await withDatabase((db) =>
          db.transaction((tx) =>
            publishProgramVersion({ sql: tx, yamlText, publishedBy: options.by, now: new Date() }),
          ),
        );
        console.log(
          `${result.status}: ${result.programId} v${result.version} (${result.checksum.slice(0, 12)})`,
        );
      }),
    );

  group
    .command('seed')
    .description('publish every programs/*.yaml not yet published (idempotent)')
    .action(
      reportingDomainErrors(async () => {
        const results = await withDatabase((db) => publishCatalog({ db, now: new Date() }));
        for (const result of results)
          console.log(`${result.status.padEnd(9)} ${result.programId} v${result.version}`);
      }),
    );

  return group;
}

async function regionOf(source: VersionSource, programId: string, date: string): Promise<string> {
  const programs = await definitionsInForce(source, date);
  return programs.find((definition) => definition.id === programId)?.regionCode ?? '110000';
}
