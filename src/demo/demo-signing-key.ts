import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { Database } from '../db/client.ts';
import type { AuditActor } from '../services/audit/index.ts';
import {
  createSigningKeyChallenge,
  registerProviderSigningKey,
  type ProviderSigningKey,
} from '../services/parties/index.ts';

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The demo provider's Ed25519 key pair, derived from a fixed seed so that anyone trying the demo
 * can sign usage reports with it. It is public knowledge and protects nothing: a deployment
 * started without demo data (`--no-demo`) never has it.
 */
export function demoSigningKeyPair(): { privateKey: KeyObject; publicKeyPem: string } {
  const seed = createHash('sha256').update('suanli-demo:provider-signing-key').digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKeyPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' });
  return { privateKey, publicKeyPem: publicKeyPem.toString() };
}

/**
 * Registers the demo key for a provider the way a provider does: asks for a challenge, signs it
 * with the private key, registers the public key with the signature.
 */
export async function registerDemoSigningKey(options: {
  db: Database;
  providerId: string;
  actor: AuditActor;
  now: Date;
}): Promise<ProviderSigningKey> {
  const { db, providerId, actor, now } = options;
  const { privateKey, publicKeyPem } = demoSigningKeyPair();
  const { challengeId, challenge } = await createSigningKeyChallenge({
    sql: db,
    providerId,
    publicKey: publicKeyPem,
    actor,
    now,
  });
  return registerProviderSigningKey({
    sql: db,
    providerId,
    publicKey: publicKeyPem,
    proof: {
      challengeId,
      signature: sign(null, Buffer.from(challenge), privateKey).toString('base64'),
    },
    label: '计量签名密钥（演示）demo meter key',
    actor,
    now,
  });
}
