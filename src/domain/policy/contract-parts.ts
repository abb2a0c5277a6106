import { check, type Part } from './condition-parts.ts';
import { limitText, yuanText } from './trace.ts';

/*
 * The parts of a condition that look at the contract, prepared like the others (see `Part`):
 * every text that comes from the definition is built once per definition.
 */

const contractSigned: Part = (condition) => {
  const from = condition.contractSignedFrom;
  const to = condition.contractSignedTo;
  if (from === undefined && to === undefined) return undefined;
  const window = { from: from ?? '', to: to ?? '' };
  const zhRequired = `，要求 ${from ?? '…'} 至 ${to ?? '…'}`;
  const enRequired = `, required ${from ?? '…'} to ${to ?? '…'}`;
  return ({ purchase }, explain) => {
    const signed = purchase.contractSignedOn;
    const holds = (from === undefined || signed >= from) && (to === undefined || signed <= to);
    if (holds && !explain) return undefined;
    return check(
      'eligibility.contract-signed',
      holds,
      { contractSignedOn: signed, from: window.from, to: window.to },
      `合同签订于 ${signed}${zhRequired}`,
      `contract signed on ${signed}${enRequired}`,
    );
  };
};

const contractTerm: Part = (condition) => {
  const max = condition.contractTermMaxMonths;
  if (max === undefined) return undefined;
  const maxMonths = String(max);
  const unstatedZh = `未说明合同期限，上限 ${max} 个月`;
  const unstatedEn = `contract term not stated, limit ${max} months`;
  const zhLimit = ` 个月，上限 ${max} 个月`;
  const enLimit = ` months, limit ${max} months`;
  return ({ purchase }, explain) => {
    const term = purchase.contractTermMonths;
    const holds = term !== undefined && term <= max;
    if (holds && !explain) return undefined;
    if (term === undefined) {
      const numbers = { contractTermMonths: 'unknown', maxMonths };
      return check('eligibility.contract-term', holds, numbers, unstatedZh, unstatedEn);
    }
    return check(
      'eligibility.contract-term',
      holds,
      { contractTermMonths: String(term), maxMonths },
      `合同期限 ${term}${zhLimit}`,
      `contract term ${term}${enLimit}`,
    );
  };
};

const contractAmount: Part = (condition) => {
  const max = condition.contractAmountMaxFen;
  const min = condition.contractAmountMinFen;
  if (max === undefined && min === undefined) return undefined;
  const maxFen = max?.toString() ?? '';
  const minFen = min?.toString() ?? '';
  const maxText = max === undefined ? '' : limitText(max);
  const minText = min === undefined ? '' : limitText(min);
  return ({ purchase }, explain) => {
    const contractFen = purchase.contractAmountFen;
    const above = max !== undefined && contractFen > max;
    const below = min !== undefined && contractFen < min;
    const holds = !above && !below;
    if (holds && !explain) return undefined;
    const contract = yuanText(contractFen);
    // The threshold shown: the one crossed, else the maximum when there is one.
    const showsMax = above || (max !== undefined && !below);
    const numbers = {
      contractAmountFen: contractFen.toString(),
      thresholdFen: showsMax ? maxFen : minFen,
    };
    if (above) {
      return check(
        'eligibility.contract-amount',
        holds,
        numbers,
        `合同金额 ${contract} 超过门槛 ${maxText}`,
        `contract amount ${contract} is above the threshold ${maxText}`,
      );
    }
    if (below) {
      return check(
        'eligibility.contract-amount',
        holds,
        numbers,
        `合同金额 ${contract} 低于门槛 ${minText}`,
        `contract amount ${contract} is below the threshold ${minText}`,
      );
    }
    return check(
      'eligibility.contract-amount',
      holds,
      numbers,
      `合同金额 ${contract} 在门槛之内`,
      `contract amount ${contract} is within the thresholds`,
    );
  };
};

export const contractParts: readonly Part[] = [contractSigned, contractTerm, contractAmount];
