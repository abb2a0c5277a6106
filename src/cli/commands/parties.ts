import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { isDomainError } from '../../domain/shared/errors.ts';
import {
  importEnterprisesCsv,
  listRelatedParties,
  normalizeUscc,
  validateUscc,
  type CsvProblem,
} from '../../services/parties/index.ts';
import { cliActor } from '../../services/authz/index.ts';
import { withDatabase } from '../with-database.ts';

/** `suanli parties …`: USCC checks, enterprise CSV import, related parties. */
export function registerPartiesCommands(program: Command): Command {
  const parties = program
    .command('parties')
    .description('enterprises, providers and related parties');

  parties
    .command('check-uscc')
    .description('validate unified social credit codes (GB 32100-2015); exits 1 if any is invalid')
    .argument('<codes...>', 'one or more 18-character codes')
    .action((codes: string[]) => {
      for (const raw of codes) {
        const code = normalizeUscc(raw);
        const result = validateUscc(code);
        if (result.ok) {
          console.log(
            `${code} ok: authority ${result.registrationAuthority}, type ${result.entityType}, region ${result.regionCode}, organisation ${result.organizationCode}`,
          );
        } else {
          console.error(`${code} invalid: ${result.reason}`);
          process.exitCode = 1;
        }
      }
    });

  parties
    .command('import-enterprises')
    .description(
      'import enterprises from a UTF-8 CSV file, all or nothing; lists every problem and exits 1 if any',
    )
    .argument('<file>', 'CSV with header uscc,name,region_code,size,founded_on,…')
    .action(async (file: string) => {
      let csvText: string;
      try {
        csvText = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
      } catch (error) {
        console.error(`cannot read ${file} as UTF-8: ${String(error)}`);
        process.exitCode = 1;
        return;
      }
      try {
        const result = await withDatabase((db) =>
          importEnterprisesCsv({ sql: db, csvText, actor: cliActor, now: new Date() }),
        );
        console.log(`${result.createdCount} created, ${result.skippedCount} already present`);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        console.error(`${error.code}: ${error.message}`);
        const problems = (error.details.problems ?? []) as CsvProblem[];
        for (const p of problems)
          console.error(`row ${p.row}, ${p.column}: ${p.code} ${p.message}`);
        process.exitCode = 1;
      }
    });

  parties
    .command('related')
    .description('list the parties related to an enterprise or provider, with the reasons')
    .argument('<partyId>', 'enterprise or provider id')
    .action(async (partyId: string) => {
      const related = await withDatabase((db) =>
        listRelatedParties({ sql: db, actor: cliActor, partyId }),
      );
      if (related.length === 0) console.log('no related parties found');
      for (const item of related) {
        const verdict = item.related ? 'RELATED' : 'review';
        console.log(`${verdict} ${item.party.kind} ${item.party.id} ${item.party.name}`);
        for (const reason of item.reasons) {
          console.log(`  ${reason.confidence} ${reason.kind}: ${reason.message}`);
        }
      }
    });
  return parties;
}
