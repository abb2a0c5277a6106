/**
 * Risk flags: what a reviewer should look at on a claim, raised by the platform instead of
 * refusing the enterprise. When two enterprises name the same contract with the same provider,
 * or the same invoice, one of them is probably wrong — but the platform cannot tell which, and a
 * refusal would let the first to claim squat the rightful owner (and tell it about another
 * tenant's claim). So both claims carry a flag with a reason in both languages; the other claim's
 * ids are shown to operator staff only.
 */
export const riskFlagKinds = ['contract_shared', 'invoice_shared'] as const;
export type RiskFlagKind = (typeof riskFlagKinds)[number];

export interface RiskFlagReason {
  'zh-CN': string;
  en: string;
}

/** Another enterprise's live claim names the same contract (normalised id) with the same provider. */
export function contractSharedReason(contractId: string): RiskFlagReason {
  return {
    'zh-CN': `另一家企业也以与同一服务商签订的合同“${contractId}”（规范化后相同）申领，请核实合同归属`,
    en: `Another enterprise claims contract “${contractId}” (the same id once normalised) with the same provider: check whose contract it is`,
  };
}

/** Another enterprise's live claim carries the same invoice (code and number). */
export function invoiceSharedReason(invoice: string, sameSeller: boolean): RiskFlagReason {
  return sameSeller
    ? {
        'zh-CN': `发票 ${invoice} 也出现在另一家企业的申领中（同一开票方），请核实发票归属`,
        en: `Invoice ${invoice} is also on another enterprise’s claim (same seller): check whose invoice it is`,
      }
    : {
        'zh-CN': `发票 ${invoice} 也出现在另一家企业的申领中（开票方不同），请核实发票真伪`,
        en: `Invoice ${invoice} is also on another enterprise’s claim (another seller): check that the invoice is genuine`,
      };
}
