import { describe, expect, it } from 'vitest';
import { publicBaseUrl } from './public-url.ts';

describe('publicBaseUrl', () => {
  it('is the listening host and port', () => {
    expect(publicBaseUrl({ HOST: '127.0.0.1', PUBLIC_URL: undefined }, 3111)).toBe(
      'http://127.0.0.1:3111',
    );
  });

  it('reaches a server on every interface through the loopback, and brackets IPv6', () => {
    expect(publicBaseUrl({ HOST: '0.0.0.0', PUBLIC_URL: undefined }, 8080)).toBe(
      'http://127.0.0.1:8080',
    );
    expect(publicBaseUrl({ HOST: '::1', PUBLIC_URL: undefined }, 8080)).toBe('http://[::1]:8080');
  });

  it('prefers PUBLIC_URL, without its trailing slash', () => {
    expect(publicBaseUrl({ HOST: '0.0.0.0', PUBLIC_URL: 'https://suanli.example.cn/' }, 80)).toBe(
      'https://suanli.example.cn',
    );
  });
});
