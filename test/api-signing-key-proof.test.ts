import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { ensureProvider } from './support/matrix-entries/parties.ts';
import { ed25519Pair, provenKeyBody, signChallenge } from './support/signing-keys.ts';

/**
 * A provider cannot register another provider's Ed25519 public key first and so lock its owner
 * out: a key is registered only with a signature, by its private key, over a challenge the
 * platform issued for that provider and that key (random, single use, ten minutes). A key
 * registered before proofs existed is reclaimed by whoever proves possession.
 */

interface KeyJson {
  id: string;
  fingerprint: string;
  provenAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
}

let h: ApiHarness;
let providerA: string;
let providerB: string;
const keysPath = (providerId: string) => `/api/v1/providers/${providerId}/signing-keys`;

beforeAll(async () => {
  h = await createApiHarness();
  providerA = await ensureProvider(h, h.tenants.providerA);
  providerB = await ensureProvider(h, h.tenants.providerB);
}, 60_000);
afterAll(async () => {
  await h.close();
});

async function keyRows(): Promise<string> {
  const [row] = await h.db.query<{ keys: bigint; used: bigint }>(
    `select (select count(*) from provider_signing_keys)::int8 as keys,
            (select count(*) from provider_signing_key_challenges where used_at is not null)::int8 as used`,
  );
  return `${row?.keys} keys, ${row?.used} used challenges`;
}

describe('registering a signing key needs proof of possession', () => {
  it('refuses a key sent without a proof, as a squatter would send someone else’s key', async () => {
    const owners = ed25519Pair();
    const squat = await h
      .as('provider-admin@B')
      .post(keysPath(providerB), { publicKey: owners.publicKeyPem });
    expect([squat.status, squat.errorCode]).toEqual([400, 'VALIDATION_FAILED']);

    // With a challenge for the owner's key the squatter still has nothing to sign it with.
    const challenge = await h
      .as('provider-admin@B')
      .post(`${keysPath(providerB)}/challenges`, { publicKey: owners.publicKeyPem });
    expect(challenge.status).toBe(201);
    const forged = await h.as('provider-admin@B').post(keysPath(providerB), {
      publicKey: owners.publicKeyPem,
      challengeId: challenge.json<{ challengeId: string }>().challengeId,
      signature: signChallenge('anything else', ed25519Pair().privateKey),
    });
    expect([forged.status, forged.errorCode]).toEqual([422, 'SIGNING_KEY_PROOF_FAILED']);
    expect(forged.json<{ error: { details: unknown } }>().error.details).toMatchObject({
      reason: 'signature_invalid',
    });

    const owner = await h
      .as('provider-admin@A')
      .post(keysPath(providerA), await provenKeyBody(h.as('provider-admin@A'), providerA, owners));
    expect(owner.status, owner.text).toBe(201);
    expect(owner.json<KeyJson>().provenAt).toBe(h.clock.now().toISOString());
  });

  it('binds a challenge to its provider, its key, one use and ten minutes', async () => {
    const pair = ed25519Pair();
    const admin = h.as('provider-admin@A');
    const body = await provenKeyBody(admin, providerA, pair);
    const before = await keyRows();
    const refusals = [
      // provider B presenting A's challenge
      [h.as('provider-admin@B'), providerB, body, 'challenge_unknown'],
      [admin, providerA, { ...body, challengeId: randomUUID() }, 'challenge_unknown'],
      [
        admin,
        providerA,
        { ...body, publicKey: ed25519Pair().publicKeyPem },
        'challenge_for_another_key',
      ],
      [admin, providerA, { ...body, signature: 'A'.repeat(86) }, 'signature_invalid'],
    ] as const;
    for (const [client, providerId, request, reason] of refusals) {
      const response = await client.post(keysPath(providerId), request);
      expect([response.status, response.errorCode, response.text]).toEqual([
        422,
        'SIGNING_KEY_PROOF_FAILED',
        expect.stringContaining(reason) as unknown,
      ]);
    }
    expect(await keyRows()).toBe(before);

    expect((await admin.post(keysPath(providerA), body)).status).toBe(201);
    const replay = await admin.post(keysPath(providerA), body);
    expect(replay.text).toContain('challenge_used');

    const late = await provenKeyBody(admin, providerA, ed25519Pair());
    h.clock.advanceSeconds(10 * 60);
    const expired = await admin.post(keysPath(providerA), late);
    expect([expired.status, expired.text]).toEqual([
      422,
      expect.stringContaining('challenge_expired') as unknown,
    ]);
  });

  it('lets the owner reclaim a key registered without proof, revoking that registration', async () => {
    const owners = ed25519Pair();
    // A registration from before proofs were required (the migration keeps them, unproven).
    await h.db.query(
      `insert into provider_signing_keys (id, provider_id, fingerprint, public_key_pem, label, created_at)
       values ($1, $2, $3, $4, 'squatted', $5)`,
      [
        randomUUID(),
        providerB,
        fingerprintOf(owners.publicKeyPem),
        owners.publicKeyPem,
        h.clock.now(),
      ],
    );

    const reclaimed = await h
      .as('provider-admin@A')
      .post(keysPath(providerA), await provenKeyBody(h.as('provider-admin@A'), providerA, owners));
    expect(reclaimed.status, reclaimed.text).toBe(201);
    const fingerprint = reclaimed.json<KeyJson>().fingerprint;

    const squatterKeys = await h.as('provider-admin@B').get(keysPath(providerB));
    const squatted = squatterKeys
      .json<{ items: KeyJson[] }>()
      .items.find((key) => key.fingerprint === fingerprint);
    expect(squatted).toMatchObject({ provenAt: null, revocationReason: 'reclaimed' });
    expect(squatted?.revokedAt).not.toBeNull();
    const log = await h
      .as('provider-admin@B')
      .get(`/api/v1/audit-events?entityType=providerSigningKey&entityId=${squatted?.id}`);
    expect(log.json<{ items: { action: string }[] }>().items.map((event) => event.action)).toEqual([
      'providerSigningKey.reclaim',
    ]);
  });

  it('keeps a key proven by one provider from another one, without naming the holder', async () => {
    const shared = ed25519Pair();
    const first = await h
      .as('provider-admin@A')
      .post(keysPath(providerA), await provenKeyBody(h.as('provider-admin@A'), providerA, shared));
    expect(first.status).toBe(201);
    const second = await h
      .as('provider-admin@B')
      .post(keysPath(providerB), await provenKeyBody(h.as('provider-admin@B'), providerB, shared));
    expect([second.status, second.errorCode]).toEqual([409, 'CONFLICT']);
    expect(second.text).not.toContain(providerA);
    expect(second.text).not.toContain(first.json<KeyJson>().id);
  });
});

/** SHA-256 (hex) of the raw 32 bytes of an Ed25519 SPKI PEM: the platform's key id. */
function fingerprintOf(pem: string): string {
  const der = createPublicKey(pem).export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(der.subarray(12)).digest('hex');
}
