import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_KEY_FILE,
  parseGatewaySecretKey,
  resolveSecretBox,
  secretBoxOf,
} from './secret-box.ts';

describe('the upstream-key box (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time', () => {
    const box = secretBoxOf(randomBytes(32));
    const first = box.encrypt('sk-upstream-1');
    const second = box.encrypt('sk-upstream-1');
    expect(first.equals(second)).toBe(false);
    expect(first.includes(Buffer.from('sk-upstream-1'))).toBe(false);
    expect(box.decrypt(first)).toBe('sk-upstream-1');
  });

  it('refuses a tampered value and another key', () => {
    const box = secretBoxOf(randomBytes(32));
    const sealed = box.encrypt('sk-upstream-2');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    expect(() => box.decrypt(sealed)).toThrow();
    expect(() => secretBoxOf(randomBytes(32)).decrypt(box.encrypt('x'))).toThrow();
  });

  it('reads GATEWAY_SECRET_KEY as hex or base64 of 32 bytes', () => {
    expect(parseGatewaySecretKey('ab'.repeat(32))?.length).toBe(32);
    expect(parseGatewaySecretKey(randomBytes(32).toString('base64'))?.length).toBe(32);
    expect(parseGatewaySecretKey('short')).toBeNull();
  });

  it('on embedded PGlite without the variable, generates a key once into the data directory (0600)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'suanli-box-'));
    const first = resolveSecretBox({ pgliteDataDir: dataDir });
    const file = join(dataDir, GENERATED_KEY_FILE);
    expect(first.generatedFile).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.box.encrypt('sk-upstream-3');
    const again = resolveSecretBox({ pgliteDataDir: dataDir });
    expect(again.generatedFile).toBeNull();
    expect(again.box.decrypt(sealed)).toBe('sk-upstream-3');
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('on PostgreSQL without the variable, refuses to store keys (409 naming the setting)', () => {
    expect(() => resolveSecretBox({})).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
