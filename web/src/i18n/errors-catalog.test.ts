import { errorCodes } from '@domain-shared/errors.ts';
import { describe, expect, it } from 'vitest';
import { resources, languages } from './resources.ts';

/** Codes the console itself uses beside the server's (no error body, a 500). */
const consoleCodes = ['INTERNAL', 'NETWORK', 'UNKNOWN'];

describe('the error catalog', () => {
  it.each(languages)('has a sentence for every error code in %s', (language) => {
    const catalog: Record<string, string> = resources[language].errors;
    const missing = Object.keys(errorCodes).filter(
      (code) => typeof catalog[code] !== 'string' || catalog[code].trim() === '',
    );
    expect(missing).toEqual([]);
  });

  it.each(languages)('has no sentence for a code that does not exist (%s)', (language) => {
    const known = new Set([...Object.keys(errorCodes), ...consoleCodes]);
    const stale = Object.keys(resources[language].errors).filter((code) => !known.has(code));
    expect(stale).toEqual([]);
  });
});
