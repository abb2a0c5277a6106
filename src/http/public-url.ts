import type { Config } from '../config/config.ts';

/** Hosts that mean "every interface": a browser or curl reaches them as the loopback. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The address people use to reach this server, for the examples it prints and serves:
 * `PUBLIC_URL` when set (behind a proxy the listening address is not what clients use),
 * otherwise the host and the port it actually listens on (with `PORT=0` the system picks it).
 *
 * @example
 * publicBaseUrl({ HOST: '127.0.0.1' }, 3111) // 'http://127.0.0.1:3111'
 * publicBaseUrl({ HOST: '0.0.0.0', PUBLIC_URL: 'https://suanli.example.cn/' }, 3000) // 'https://suanli.example.cn'
 */
export function publicBaseUrl(config: Pick<Config, 'HOST' | 'PUBLIC_URL'>, port: number): string {
  if (config.PUBLIC_URL !== undefined) return config.PUBLIC_URL.replace(/\/+$/, '');
  const host = WILDCARD_HOSTS.has(config.HOST) ? '127.0.0.1' : config.HOST;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${bracketed}:${port}`;
}
