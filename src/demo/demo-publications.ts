import { shanghaiDayOf } from '../domain/shared/calendar.ts';
import type { Database } from '../db/client.ts';
import { publicActor, systemActor, type Actor } from '../services/authz/index.ts';
import {
  closePublication,
  createPublication,
  fileObjection,
  getPublication,
  publishPublication,
  resolveObjection,
  submitterHash,
  type Publication,
} from '../services/publication/index.ts';

const DAY_MS = 86_400_000;

/** The month (YYYY-MM, Shanghai) of an instant: the period of a publication. */
export function monthOf(instant: Date): string {
  return shanghaiDayOf(instant).slice(0, 7);
}

const PROGRAM_TITLES: Record<string, string> = {
  hangzhou: '杭州市算力券兑付名单公示',
  chengdu: '成都市算力券兑付名单公示',
};

/** Creates the list of a program's claims redeemed in `period`, and publishes it unless `draft`. */
export async function publishList(options: {
  db: Database;
  key: 'hangzhou' | 'chengdu';
  programId: string;
  period: string;
  actor: Actor;
  at: Date;
  draft?: boolean;
  source?: 'claims' | 'grants';
}): Promise<Publication> {
  const { db, actor, at } = options;
  const [year, month] = options.period.split('-');
  const kind =
    options.source === 'grants'
      ? '算力券拟支持名单公示'
      : (PROGRAM_TITLES[options.key] ?? '算力券名单公示');
  const created = await createPublication({
    db,
    programId: options.programId,
    period: options.period,
    title: `${year ?? ''}年${Number(month)}月${options.key === 'hangzhou' ? '杭州市' : '成都市'}${kind.replace(/^(杭州市|成都市)/, '')}`,
    source: options.source,
    objectionWindowDays: 7,
    actor,
    now: at,
  });
  if (options.draft === true) return created;
  return publishPublication({ db, publicationId: created.id, actor, now: at });
}

/** A member of the public objects (anonymously) to an entry, or to the list as a whole. */
export async function objectTo(options: {
  db: Database;
  publication: Publication;
  claimId?: string;
  body: string;
  visitor: string;
  at: Date;
}): Promise<string> {
  const { db, publication } = options;
  let entryId: string | undefined;
  if (options.claimId !== undefined) {
    const { entries } = await getPublication({
      sql: db,
      actor: systemActor,
      publicationId: publication.id,
    });
    entryId = entries.find((entry) => entry.claimId === options.claimId)?.id;
    if (entryId === undefined)
      throw new Error(`claim ${options.claimId} is not on ${publication.id}`);
  }
  const objection = await fileObjection({
    db,
    publicationId: publication.id,
    entryId,
    body: options.body,
    contact: '匿名 / anonymous',
    submitter: submitterHash(options.visitor, 'suanli-demo'),
    actor: publicActor,
    now: options.at,
  });
  return objection.id;
}

/** The operator decides an objection. */
export async function decide(options: {
  db: Database;
  objectionId: string;
  resolution: 'upheld' | 'dismissed';
  note: string;
  actor: Actor;
  at: Date;
}): Promise<void> {
  await resolveObjection({
    db: options.db,
    objectionId: options.objectionId,
    resolution: options.resolution,
    note: options.note,
    actor: options.actor,
    now: options.at,
  });
}

/** Closes a publication once its window is over (the caller picks a time after it). */
export async function closeList(options: {
  db: Database;
  publication: Publication;
  actor: Actor;
  at: Date;
}): Promise<Publication> {
  const closesAt = options.publication.objectionWindowClosesAt;
  if (closesAt === null || options.at.getTime() < closesAt.getTime()) {
    throw new Error(`demo timeline: ${options.publication.id} closed before ${String(closesAt)}`);
  }
  return closePublication({
    db: options.db,
    publicationId: options.publication.id,
    actor: options.actor,
    now: options.at,
  });
}

export { DAY_MS };
