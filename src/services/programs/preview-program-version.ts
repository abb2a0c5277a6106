import type { Sql } from '../../db/client.ts';
import { programDefinitionToJson } from '../../contracts/program.ts';
import { evaluateProgram } from '../../domain/policy/evaluate-program.ts';
import type { ProgramEvaluation } from '../../domain/policy/evaluate-purchase.ts';
import type { EnterpriseProfile, PurchaseLine, YearToDate } from '../../domain/policy/inputs.ts';
import {
  diffLines,
  diffValues,
  type DiffLine,
  type ValueChange,
} from '../../domain/policy/program-diff.ts';
import type { ProgramDefinition } from '../../domain/policy/program.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError, type ErrorCode } from '../../domain/shared/errors.ts';
import { isPerson, type Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { programChecksum, readProgramFile } from './program-file.ts';
import { programOwner } from './program-owner.ts';
import { toPublishedVersion, versionColumns, type VersionRow } from './version-rows.ts';

/** A purchase to try the draft on, as the calculator takes it. */
export interface PreviewSample {
  label?: string | undefined;
  enterprise: EnterpriseProfile;
  purchase: PurchaseLine;
  yearToDate?: YearToDate | undefined;
}

/** Most sample purchases one preview evaluates. */
export const MAX_PREVIEW_SAMPLES = 20;

export interface ProgramPreview {
  programId: string;
  version: number;
  /** What publishing this file would do now. */
  publish: { status: 'ready' | 'exists' | 'refused'; code: ErrorCode | null; message: string };
  /** The version compared with: the one in force today, else the latest; null for a new program. */
  against: { version: number; inForce: boolean } | null;
  changes: ValueChange[];
  changesTruncated: boolean;
  /** The file against the compared version's, line by line; null when rewritten past the limit. */
  lines: DiffLine[] | null;
  samples: (
    | { label: string | null; evaluation: ProgramEvaluation; error: null }
    | { label: string | null; evaluation: null; error: { code: ErrorCode; message: string } }
  )[];
}

/**
 * What a draft program file would be, before anyone publishes it: checked as publishing checks it
 * (a bad file is refused with every problem, as publishing refuses it), what publishing it would do (a new version, a repeat,
 * or a refusal with the code it would get), the changes against the version in force (rules by
 * path, and the file by line), and the policy trace of the draft on sample purchases. Changes
 * nothing. `program.preview`: operator admins.
 *
 * @example
 * const preview = await previewProgramVersion({ sql: db, actor, yamlText, samples: [], now });
 * if (preview.publish.status === 'ready') console.log(preview.changes);
 */
export async function previewProgramVersion(options: {
  sql: Sql;
  actor: Actor;
  yamlText: string;
  samples: readonly PreviewSample[];
  now: Date;
}): Promise<ProgramPreview> {
  authorize(options.actor, 'program.preview');
  if (options.samples.length > MAX_PREVIEW_SAMPLES) {
    throw new DomainError('VALIDATION_FAILED', `samples: at most ${MAX_PREVIEW_SAMPLES}`, {
      field: 'samples',
    });
  }
  // A file publishing would refuse is refused here the same way: 422 PROGRAM_INVALID with every
  // problem (path, line, column), 400 PROGRAM_YAML_TOO_COMPLEX past the parser's limits.
  const { definition } = readProgramFile({ yamlText: options.yamlText });
  const compared = await comparedVersion(options.sql, definition.id, shanghaiDayOf(options.now));
  const { changes, truncated } = diffValues(
    compared === null ? {} : programDefinitionToJson(compared.definition),
    programDefinitionToJson(definition),
  );
  return {
    programId: definition.id,
    version: definition.version,
    publish: await publishOutcome(options.sql, options.actor, definition, options.yamlText),
    against: compared === null ? null : { version: compared.version, inForce: compared.inForce },
    changes,
    changesTruncated: truncated,
    lines: diffLines(compared?.yamlText ?? '', options.yamlText),
    samples: options.samples.map((sample) => evaluateSample(definition, sample)),
  };
}

async function comparedVersion(
  sql: Sql,
  programId: string,
  today: string,
): Promise<{
  version: number;
  inForce: boolean;
  definition: ProgramDefinition;
  yamlText: string;
} | null> {
  const [row] = await sql.query<VersionRow & { in_force: boolean }>(
    `select ${versionColumns},
            (effective_from <= $2::date and (effective_to is null or effective_to >= $2::date)) as in_force
       from program_versions where program_id = $1
      order by in_force desc, version desc limit 1`,
    [programId, today],
  );
  if (row === undefined) return null;
  const published = toPublishedVersion(row);
  return {
    version: published.version,
    inForce: row.in_force,
    definition: published.definition,
    yamlText: published.yamlText,
  };
}

/** The outcome `POST /programs/versions` would have now, with the code it would refuse with. */
async function publishOutcome(
  sql: Sql,
  actor: Actor,
  definition: ProgramDefinition,
  yamlText: string,
): Promise<ProgramPreview['publish']> {
  const [same] = await sql.query<{ checksum: string }>(
    'select checksum from program_versions where program_id = $1 and version = $2',
    [definition.id, definition.version],
  );
  if (same !== undefined) {
    return same.checksum === programChecksum(yamlText)
      ? { status: 'exists', code: null, message: 'this exact file is published already' }
      : {
          status: 'refused',
          code: 'PROGRAM_VERSION_IMMUTABLE',
          message: `version ${definition.version} is published with other content: publish version ${definition.version + 1}`,
        };
  }
  const [latest] = await sql.query<{ latest_version: number }>(
    'select latest_version from programs where id = $1',
    [definition.id],
  );
  if (latest !== undefined && latest.latest_version > definition.version) {
    return {
      status: 'refused',
      code: 'CONFLICT',
      message: `version ${definition.version} is below the latest published version ${latest.latest_version}`,
    };
  }
  const owner = await programOwner(sql, definition.id);
  if (owner !== null && isPerson(actor) && owner !== actor.tenantId) {
    return {
      status: 'refused',
      code: 'FORBIDDEN',
      message: `${definition.id} belongs to another operator tenant`,
    };
  }
  return {
    status: 'ready',
    code: null,
    message: `publishes ${definition.id} version ${definition.version}`,
  };
}

function evaluateSample(
  definition: ProgramDefinition,
  sample: PreviewSample,
): ProgramPreview['samples'][number] {
  const label = sample.label ?? null;
  try {
    const evaluation = evaluateProgram({
      program: definition,
      enterprise: sample.enterprise,
      purchase: sample.purchase,
      ...(sample.yearToDate === undefined ? {} : { yearToDate: sample.yearToDate }),
    });
    return { label, evaluation, error: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { label, evaluation: null, error: { code: error.code, message: error.message } };
  }
}
