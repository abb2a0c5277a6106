import { createHash, createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { canonicalUsageReport, type UsageReport } from '../../services/exchange/index.ts';

/** What `sign-usage` is told on its command line. */
export interface SignUsageOptions {
  key: string;
  order: string;
  from: string;
  to: string;
  accelerator: string;
  cardHours: string;
  meter: string[];
  reportId?: string;
  post?: string;
  apiKey?: string;
}

/** The body `POST /api/v1/exchange/usage-reports` takes: the report as signed, and the signature. */
export interface SignedUsageBody {
  report: {
    reportId: string;
    orderId: string;
    keyFingerprint: string;
    period: { from: string; to: string };
    lines: { acceleratorId: string; cardHours: string }[];
    meters: Record<string, string>;
  };
  signature: string;
}

const WHOLE = /^(0|[1-9]\d{0,15})$/u;

/**
 * Signs a usage report with an Ed25519 private key (PKCS#8 PEM, as `openssl genpkey -algorithm
 * ed25519` writes it): the key's fingerprint (SHA-256 of the raw public key) names it, and the
 * signature covers the canonical encoding the platform verifies (docs/exchange.md).
 */
export async function signUsage(options: SignUsageOptions): Promise<SignedUsageBody> {
  const privateKey = createPrivateKey(await readFile(options.key, 'utf8'));
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('--key: not an Ed25519 private key');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const raw = Buffer.from(String(jwk.x), 'base64url');
  const fingerprint = createHash('sha256').update(raw).digest('hex');
  if (!WHOLE.test(options.cardHours)) throw new Error('--card-hours: a whole number');
  const meters: Record<string, string> = {};
  for (const meter of options.meter) {
    const [name, value] = meter.split('=');
    if (name === undefined || value === undefined || !WHOLE.test(value)) {
      throw new Error(`--meter ${meter}: name=whole number, e.g. energyWh=52800`);
    }
    meters[name] = value;
  }
  const from = new Date(options.from);
  const to = new Date(options.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new Error('--from/--to: ISO 8601 instants, e.g. 2026-03-03T00:00:00Z');
  }
  const report: UsageReport = {
    reportId: options.reportId ?? randomUUID(),
    orderId: options.order,
    keyFingerprint: fingerprint,
    period: { from, to },
    lines: [{ acceleratorId: options.accelerator, cardHours: BigInt(options.cardHours) }],
    meters: Object.fromEntries(
      Object.entries(meters).map(([name, value]) => [name, BigInt(value)]),
    ),
  };
  const signature = sign(null, Buffer.from(canonicalUsageReport(report), 'utf8'), privateKey);
  return {
    report: {
      reportId: report.reportId,
      orderId: report.orderId,
      keyFingerprint: fingerprint,
      period: { from: from.toISOString(), to: to.toISOString() },
      lines: [{ acceleratorId: options.accelerator, cardHours: options.cardHours }],
      meters,
    },
    signature: signature.toString('base64'),
  };
}

/** `suanli provider …`: tools for compute providers. */
export function registerProviderCommands(program: Command): Command {
  const provider = program.command('provider').description('tools for compute providers');
  provider
    .command('sign-usage')
    .description(
      'sign a usage report of an exchange order with your Ed25519 key; print it, or post it with --post',
    )
    .requiredOption('--key <file>', 'Ed25519 private key, PKCS#8 PEM')
    .requiredOption('--order <id>', 'the exchange order')
    .requiredOption('--from <instant>', 'start of the period, a whole hour (ISO 8601)')
    .requiredOption('--to <instant>', 'end of the period, a whole hour (ISO 8601)')
    .requiredOption('--accelerator <id>', "the order's accelerator, e.g. ascend-910b")
    .requiredOption('--card-hours <n>', 'card-hours used in the period')
    .option(
      '--meter <name=value>',
      'a meter reading, e.g. energyWh=52800 (repeatable)',
      collect,
      [],
    )
    .option(
      '--report-id <uuid>',
      'the report id (default: a new one); a report id is accepted once',
    )
    .option('--post <url>', 'the platform, e.g. https://suanli.example.gov.cn: post the report')
    .option('--api-key <key>', 'a provider-admin API key with write scope (or SUANLI_API_KEY)')
    .action(async (options: SignUsageOptions) => {
      let body: SignedUsageBody;
      try {
        body = await signUsage(options);
      } catch (error) {
        console.error(
          `suanli provider sign-usage: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exitCode = 2;
        return;
      }
      if (options.post === undefined) {
        console.log(JSON.stringify(body, null, 2));
        return;
      }
      const apiKey = options.apiKey ?? process.env.SUANLI_API_KEY;
      if (apiKey === undefined) {
        console.error('suanli provider sign-usage: --post needs --api-key or SUANLI_API_KEY');
        process.exitCode = 2;
        return;
      }
      const response = await fetch(new URL('/api/v1/exchange/usage-reports', options.post), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': body.report.reportId,
        },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.ok) {
        console.log(text);
      } else {
        console.error(`${response.status} ${text}`);
        process.exitCode = 1;
      }
    });
  return provider;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
