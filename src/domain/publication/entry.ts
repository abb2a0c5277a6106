/**
 * What a publication line says a subsidy was for, in the words of a Chinese public notice
 * (公示 lists are published in Chinese), e.g. `算力服务（合同 HT-2025-001）`.
 */
const PURCHASE_KIND_LABELS: Readonly<Record<string, string>> = {
  compute: '算力服务',
  model: '模型服务',
  corpus: '语料数据',
  training: '模型训练',
};

/**
 * @example
 * describePurpose('model', 'HT-7') // '模型服务（合同 HT-7）'
 */
export function describePurpose(purchaseKind: string | null, contractId: string): string {
  const label =
    (purchaseKind === null ? undefined : PURCHASE_KIND_LABELS[purchaseKind]) ?? '算力券补贴';
  return `${label}（合同 ${contractId}）`;
}

/** Longest purpose text copied from an application onto a grants list. */
const GRANT_PURPOSE_CHARS_MAX = 120;

/**
 * What a grants-list line says: the voucher and what the enterprise applied for.
 *
 * @example
 * describeGrantPurpose('行业大模型微调') // '算力券资格：行业大模型微调'
 */
export function describeGrantPurpose(applicationPurpose: string): string {
  const characters = Array.from(applicationPurpose.trim());
  const text =
    characters.length > GRANT_PURPOSE_CHARS_MAX
      ? `${characters.slice(0, GRANT_PURPOSE_CHARS_MAX).join('')}…`
      : characters.join('');
  return `算力券资格：${text}`;
}
