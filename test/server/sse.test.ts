import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startStack, type Stack } from './harness.js';

/** GraphQL over SSE (graphql-yoga's single-connection mode): `accept: text/event-stream` on POST /graphql. */

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

const sse = (headers: Record<string, string>) =>
  fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers }, body: JSON.stringify({ query: '{ viewer { kind } }' }) });

/** The stream's events, in order, as `{event, data}` (the body is read to its end: the stream completed). */
function events(text: string): { event?: string; data?: string }[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() && !block.split(/\r?\n/).every((l) => l.startsWith(':')))
    .map((block) => {
      const e: { event?: string; data?: string } = {};
      for (const line of block.split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i <= 0) continue;
        const [k, v] = [line.slice(0, i), line.slice(i + 1).replace(/^ /, '')];
        if (k === 'event') e.event = v;
        if (k === 'data') e.data = e.data === undefined ? v : `${e.data}\n${v}`;
      }
      return e;
    });
}

describe('SSE', () => {
  it('with an API key: one next event with the result, then complete', async () => {
    const res = await sse({ 'x-api-key': API_KEY });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const evs = events(await res.text());
    expect(evs[0]).toEqual({ event: 'next', data: '{"data":{"viewer":{"kind":"APP"}}}' });
    expect(evs.slice(1).map((e) => e.event)).toEqual(['complete']);
  });

  it('without credentials: refused with UNAUTHENTICATED', async () => {
    const res = await sse({});
    expect(res.status).toBe(401);
    const evs = events(await res.text());
    expect(evs.map((e) => e.event)).toEqual(['next', 'complete']);
    const body = JSON.parse(evs[0].data!);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });
});
