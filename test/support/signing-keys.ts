/**
 * Provider signing keys with their proof of possession, the way a provider makes them: an
 * Ed25519 key pair, a challenge from the platform, the challenge signed with the private key.
 *
 * @example
 * const pair = ed25519Pair();
 * const body = await provenKeyBody(h.as('provider-admin@A'), providerId, pair);
 * await h.as('provider-admin@A').post(`/api/v1/providers/${providerId}/signing-keys`, body);
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Database } from '../../src/db/client.ts';
import {
  createSigningKeyChallenge,
  registerProviderSigningKey,
  type ProviderSigningKey,
} from '../../src/services/parties/index.ts';
import type { ApiClient } from './api-harness.ts';

export interface Ed25519Pair {
  publicKeyPem: string;
  privateKey: KeyObject;
}

export function ed25519Pair(): Ed25519Pair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), privateKey };
}

/** The Ed25519 signature (base64) of a challenge text. */
export function signChallenge(challenge: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(challenge, 'utf8'), privateKey).toString('base64');
}

/** Asks for a challenge over HTTP and returns the registration body with its signature. */
export async function provenKeyBody(
  client: ApiClient,
  providerId: string,
  pair: Ed25519Pair,
  label?: string,
): Promise<{ publicKey: string; challengeId: string; signature: string; label?: string }> {
  const response = await client.post(`/api/v1/providers/${providerId}/signing-keys/challenges`, {
    publicKey: pair.publicKeyPem,
  });
  if (response.status !== 201) throw new Error(`no challenge: ${response.text}`);
  const { challengeId, challenge } = response.json<{ challengeId: string; challenge: string }>();
  return {
    publicKey: pair.publicKeyPem,
    challengeId,
    signature: signChallenge(challenge, pair.privateKey),
    ...(label === undefined ? {} : { label }),
  };
}

/** Registers a fresh key (or `pair`) for a provider through the services, with its proof. */
export async function registerProvenKey(options: {
  sql: Database;
  providerId: string;
  now: Date;
  pair?: Ed25519Pair;
  label?: string;
}): Promise<ProviderSigningKey & { pair: Ed25519Pair }> {
  const pair = options.pair ?? ed25519Pair();
  const { sql, providerId, now } = options;
  const { challengeId, challenge } = await createSigningKeyChallenge({
    sql,
    providerId,
    publicKey: pair.publicKeyPem,
    now,
  });
  const key = await registerProviderSigningKey({
    sql,
    providerId,
    publicKey: pair.publicKeyPem,
    proof: { challengeId, signature: signChallenge(challenge, pair.privateKey) },
    label: options.label,
    now,
  });
  return { ...key, pair };
}
