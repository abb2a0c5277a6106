import { regionName } from '@domain-shared/region-names.ts';

/**
 * A region code (GB/T 2260) by the name people use, in the reader's language (`杭州市` /
 * `Hangzhou`), or `330199（杭州市内）` when only an ancestor is named; the bare code when none is.
 */
export function regionNameOf(code: string, language: string): string {
  const name = regionName(code);
  if (name === undefined) return code;
  const zh = language.startsWith('zh');
  if (name.exact) return zh ? name['zh-CN'] : name.en;
  return zh ? `${code}（${name['zh-CN']}内）` : `${code} (in ${name.en})`;
}

/**
 * A unified social credit code as printed on a business licence: 18 characters in one run,
 * upper case. Its characters 3–8 are the registering region's code, which a tooltip names.
 */
export function formatUscc(uscc: string): { text: string; regionCode: string | undefined } {
  const text = uscc.trim().toUpperCase();
  const regionCode = /^[0-9A-Z]{2}(\d{6})/u.exec(text)?.[1];
  return { text, regionCode };
}
