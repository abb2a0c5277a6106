/**
 * Data for the publication and export matrix entries, made through the real services and
 * cached per harness where reading does not consume it. Programs are owned by an operator
 * tenant, so operator A never sees the data made for operator B (or for enterprise/provider
 * cases, which live in operator B's programs).
 */
import { systemActor, type Tenant } from '../../../src/services/access/index.ts';
import { publicActor, type Actor } from '../../../src/services/authz/index.ts';
import { monthOf } from '../../../src/demo/demo-publications.ts';
import {
  closePublication,
  createPublication,
  fileObjection,
  publishPublication,
  type Publication,
} from '../../../src/services/publication/index.ts';
import { payoutClaim } from '../../../src/services/vouchers/index.ts';
import type { ApiHarness } from '../api-harness.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
  type RedeemedClaim,
} from '../publication-fixtures.ts';

const DAY_MS = 86_400_000;

interface OperatorProgram {
  programId: string;
  enterpriseId: string;
  providerId: string;
}

const programs = new WeakMap<ApiHarness, Map<string, Promise<OperatorProgram>>>();

/** The test program owned by an operator tenant, with an enterprise and a provider (cached). */
export function programOf(h: ApiHarness, operatorTenantId: string): Promise<OperatorProgram> {
  let byTenant = programs.get(h);
  if (!byTenant) {
    byTenant = new Map();
    programs.set(h, byTenant);
  }
  let program = byTenant.get(operatorTenantId);
  if (!program) {
    const at = new Date(h.clock.now().getTime() - 40 * DAY_MS);
    program = (async () => ({
      programId: await publishTestProgram(h.db, { at, operatorTenantId }),
      enterpriseId: await testEnterprise(h.db, at),
      providerId: await testProvider(h.db, at),
    }))();
    byTenant.set(operatorTenantId, program);
  }
  return program;
}

/** The seeder, naming the operator tenant it plays for the audit log. */
const actorFor = (tenant: Tenant): Actor => ({ ...systemActor, tenantId: tenant.id });

/**
 * A publication of `operator`'s program in `state`: a fresh redeemed claim, listed (and
 * published, and closed) through the services. `due` and `closed` ones were published 9 days
 * ago, so their 7-day window is over (`due`: still published, ready to close).
 *
 * `draftedBy`: record another tenant as the one whose staff drafted it. The services never do
 * (only the program's operator tenant may draft), but the publication routes must scope by the
 * program's owner, never by `publications.tenant_id`: with the drafter swapped, a route that
 * scoped by the drafter shows another operator's publication and hides the caller's own.
 */
export async function publicationIn(
  h: ApiHarness,
  operator: Tenant,
  state: 'draft' | 'published' | 'due' | 'closed',
  claim?: Partial<Pick<RedeemedClaim, 'enterpriseId' | 'providerId'>>,
  draftedBy?: Tenant,
): Promise<{ publication: Publication; claim: RedeemedClaim }> {
  const made = await publicationOfOwner(h, operator, state, claim);
  if (draftedBy === undefined) return made;
  await h.db.query('update publications set tenant_id = $2 where id = $1', [
    made.publication.id,
    draftedBy.id,
  ]);
  return { ...made, publication: { ...made.publication, tenantId: draftedBy.id } };
}

async function publicationOfOwner(
  h: ApiHarness,
  operator: Tenant,
  state: 'draft' | 'published' | 'due' | 'closed',
  claim?: Partial<Pick<RedeemedClaim, 'enterpriseId' | 'providerId'>>,
): Promise<{ publication: Publication; claim: RedeemedClaim }> {
  const program = await programOf(h, operator.id);
  const now = h.clock.now();
  const past = state === 'closed' || state === 'due';
  const redeemedAt = new Date(now.getTime() - (past ? 10 * DAY_MS : 60_000));
  const redeemed = await claimInState(h.db, {
    programId: program.programId,
    at: redeemedAt,
    enterpriseId: claim?.enterpriseId ?? program.enterpriseId,
    providerId: claim?.providerId ?? program.providerId,
  });
  const listedAt = past ? new Date(now.getTime() - 9 * DAY_MS) : now;
  const actor = actorFor(operator);
  let publication = await createPublication({
    db: h.db,
    programId: program.programId,
    period: monthOf(redeemedAt),
    title: '矩阵测试公示',
    objectionWindowDays: 7,
    actor,
    now: listedAt,
  });
  if (state === 'draft') return { publication, claim: redeemed };
  publication = await publishPublication({
    db: h.db,
    publicationId: publication.id,
    actor,
    now: listedAt,
  });
  if (state === 'closed') {
    publication = await closePublication({
      db: h.db,
      publicationId: publication.id,
      actor,
      now: new Date(now.getTime() - DAY_MS),
    });
  }
  return { publication, claim: redeemed };
}

/** An open objection to a published publication of `operator`'s program (see publicationIn). */
export async function objectionIn(
  h: ApiHarness,
  operator: Tenant,
  draftedBy?: Tenant,
): Promise<string> {
  const { publication } = await publicationIn(h, operator, 'published', undefined, draftedBy);
  const objection = await fileObjection({
    actor: publicActor,
    db: h.db,
    publicationId: publication.id,
    body: '矩阵测试：请核查该名单。',
    submitter: `matrix-${publication.id}`,
    now: h.clock.now(),
  });
  return objection.id;
}

/**
 * A claim paid out (after its publication closed) whose grant, claim and enterprise are in
 * `operator`'s program; the enterprise and provider default to the program's own.
 */
export async function paidClaimIn(
  h: ApiHarness,
  operator: Tenant,
  parties: { enterpriseId?: string; providerId?: string } = {},
): Promise<RedeemedClaim> {
  const { claim } = await publicationIn(h, operator, 'closed', parties);
  const paid = await payoutClaim({
    db: h.db,
    claimId: claim.claim.id,
    actor: { ...systemActor, tenantId: operator.id },
    now: h.clock.now(),
  });
  return { ...claim, claim: paid };
}
