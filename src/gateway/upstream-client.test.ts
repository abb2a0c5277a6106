import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallAbort } from './call-abort.ts';
import { startTestUpstream, type TestUpstream } from './test-upstream/test-upstream.ts';
import { UpstreamClient } from './upstream-client.ts';

let upstream: TestUpstream;
const client = new UpstreamClient();
beforeAll(async () => {
  upstream = await startTestUpstream();
});
afterAll(async () => {
  await client.close();
  await upstream.close();
});

const post = (requestId: string, model: string, signal: CallAbort) =>
  client.post({
    baseUrl: upstream.baseUrl,
    path: '/chat/completions',
    apiKey: null,
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    requestId,
    signal,
  });

describe('UpstreamClient with a CallAbort as the signal', () => {
  it('answers while the call is not aborted', async () => {
    const response = await post('abort-none', 'echo', new CallAbort());
    expect(response.statusCode).toBe(200);
    await response.body.dump();
  });

  it('an abort while the upstream has not answered rejects at once and closes the connection', async () => {
    const abort = new CallAbort();
    const startedAt = performance.now();
    const answer = post('abort-waiting', 'echo+slow-5000', abort);
    await sleep(100);
    abort.abort();
    await expect(answer).rejects.toThrow();
    expect(performance.now() - startedAt).toBeLessThan(2_000);
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (upstream.received.find((call) => call.requestId === 'abort-waiting')?.completed != null)
        break;
      await sleep(20);
    }
    expect(upstream.received.find((call) => call.requestId === 'abort-waiting')?.completed).toBe(
      false,
    );
  });

  it('a call aborted before it is sent is never sent', async () => {
    const abort = new CallAbort();
    abort.abort();
    expect(abort.aborted).toBe(true);
    await expect(post('abort-before', 'echo', abort)).rejects.toThrow();
    await sleep(50);
    expect(upstream.received.some((call) => call.requestId === 'abort-before')).toBe(false);
  });
});
