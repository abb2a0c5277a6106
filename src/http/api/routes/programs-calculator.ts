import type { CalculatorBody } from '../../../contracts/calculator-caller.ts';
import { toJsonValue } from '../../../contracts/program-evaluation.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { AuthContext } from '../../../services/access/index.ts';
import { calculateSubsidy, comparePrograms } from '../../../services/programs/index.ts';
import { getCalculatorContext } from '../../../services/vouchers/index.ts';
import type { ApiContext } from '../api-env.ts';
import { optionalCaller } from '../auth.ts';

/**
 * The enterprise whose own records the calculator may use: the caller's, when it is an
 * enterprise's user (session, or an API key that may read).
 */
function enterpriseOf(caller: AuthContext | undefined): string | undefined {
  if (caller?.tenantKind !== 'enterprise' || !caller.scopes.includes('read')) return undefined;
  return caller.tenantId;
}

/**
 * The public calculator's answer for whoever calls: an anonymous caller's body profile and
 * figures, or a signed-in enterprise's registered profile and year-to-date figures (which then
 * replace `enterprise` and `yearToDate` of the body). The answer says which (`profileSource`)
 * and, for a session, the figures used (`fromSession`).
 */
export async function calculateForCaller(c: ApiContext, body: CalculatorBody): Promise<object> {
  const sql = c.get('db');
  const enterpriseId = enterpriseOf(await optionalCaller(c));
  const date = body.date ?? body.purchase.date;
  const context =
    enterpriseId === undefined
      ? undefined
      : await getCalculatorContext({
          sql,
          enterpriseId,
          contractId: body.purchase.contractId,
          date,
        });
  const enterprise = context?.profile ?? body.enterprise;
  if (enterprise === undefined) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'enterprise: required, unless you call signed in as an enterprise (then its own profile is used)',
      { field: 'enterprise' },
    );
  }
  const yearToDate = context?.yearToDate ?? body.yearToDate;
  const common = {
    source: { sql },
    enterprise,
    purchase: body.purchase,
    ...(body.otherSubsidies ? { otherSubsidies: body.otherSubsidies } : {}),
    date,
  };
  const programId = body.programId;
  const result =
    programId === undefined
      ? await comparePrograms({ ...common, ...(yearToDate ? { yearToDate } : {}) })
      : await calculateSubsidy({
          ...common,
          programId,
          ...(yearToDate?.[programId] ? { yearToDate: yearToDate[programId] } : {}),
        });
  if (!context) return { ...(toJsonValue(result) as object), profileSource: 'body' };
  const figures = Object.entries(context.figures).filter(
    ([id]) => programId === undefined || id === programId,
  );
  const fromSession = {
    enterpriseId: context.enterpriseId,
    enterprise: context.profile,
    yearToDate: Object.fromEntries(figures),
  };
  return {
    ...(toJsonValue(result) as object),
    profileSource: 'session',
    fromSession: toJsonValue(fromSession),
  };
}
