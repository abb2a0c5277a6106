import type { Sql } from '../../db/client.ts';
import type { EnterpriseProfile } from '../../domain/policy/inputs.ts';
import type { ProgramDefinition } from '../../domain/policy/program.ts';
import { loadEnterprise } from '../parties/get-enterprise.ts';
import { definitionsInForce } from '../programs/versions-source.ts';

/**
 * What the policy engine reads, besides the year-to-date figures, to decide an exchange order's
 * subsidy: the program versions in force on the day and the enterprise's profile. A clearing
 * run loads them once (`ClearingPolicyInputs`) for all its requests and orders — published
 * versions never change, and the run decides every order on the same day — instead of once
 * per order.
 */
export interface OrderPolicyInputs {
  definitions: readonly ProgramDefinition[];
  profile: EnterpriseProfile;
}

/** The enterprise as the policy engine sees it (related parties are the claim's own check). */
async function profileOf(sql: Sql, enterpriseId: string): Promise<EnterpriseProfile> {
  const enterprise = await loadEnterprise(sql, enterpriseId);
  return {
    id: enterprise.id,
    usccRegionCode: enterprise.regionCode,
    size: enterprise.size,
    foundedOn: enterprise.foundedOn,
    industries: enterprise.industries,
    creditRecord: enterprise.creditRecord,
    relatedPartyIds: [],
  };
}

/** The inputs for one order (a buy-now): loaded now. */
export async function loadOrderPolicyInputs(
  sql: Sql,
  enterpriseId: string,
  today: string,
): Promise<OrderPolicyInputs> {
  return {
    definitions: await definitionsInForce({ sql }, today),
    profile: await profileOf(sql, enterpriseId),
  };
}

/** The inputs of one clearing run: the versions in force loaded once, each profile once. */
export class ClearingPolicyInputs {
  private definitions: readonly ProgramDefinition[] | null = null;
  private readonly profiles = new Map<string, EnterpriseProfile>();

  constructor(readonly today: string) {}

  async for(sql: Sql, enterpriseId: string): Promise<OrderPolicyInputs> {
    this.definitions ??= await definitionsInForce({ sql }, this.today);
    let profile = this.profiles.get(enterpriseId);
    if (profile === undefined) {
      profile = await profileOf(sql, enterpriseId);
      this.profiles.set(enterpriseId, profile);
    }
    return { definitions: this.definitions, profile };
  }
}
