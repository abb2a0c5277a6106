import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { resolveSecretBox, type SecretBox } from '../services/gateway/catalog/index.ts';

/**
 * The upstream-key box of this deployment, resolved when first needed: GATEWAY_SECRET_KEY, or
 * on embedded PGlite a key generated once into DATA_DIR (logged, with the advice to back it up
 * with the data). Throws 409 CONFLICT on PostgreSQL without the variable (see resolveSecretBox).
 */
export function gatewaySecretBoxOf(
  config: Pick<Config, 'GATEWAY_SECRET_KEY' | 'DATABASE_URL' | 'DATA_DIR'>,
  logger: Logger,
): () => SecretBox {
  return () => {
    const { box, generatedFile } = resolveSecretBox({
      secretKey: config.GATEWAY_SECRET_KEY,
      pgliteDataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
    });
    if (generatedFile !== null) {
      logger.warn(
        { file: generatedFile },
        'GATEWAY_SECRET_KEY is not set: generated a key for upstream API keys into the data directory (mode 0600); back it up with the data, or set GATEWAY_SECRET_KEY',
      );
    }
    return box;
  };
}
