import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startStack, type Stack } from './harness.js';

/**
 * MAX_BODY_BYTES holds whether or not the client sends a Content-Length: a chunked body is
 * counted as it arrives and refused at the first byte over with 413 and a JSON GraphQL error
 * naming the limit, the client reads that answer (not a reset), and the server keeps serving.
 */

const LIMIT = 64 * 1024;
let s: Stack;

beforeAll(async () => {
  s = await startStack({ MAX_BODY_BYTES: String(LIMIT) });
});
afterAll(() => s.close());

/** POSTs `total` bytes of a JSON operation in chunks, never declaring the length. */
function postChunked(total: number): Promise<{ status: number; headers: Record<string, unknown>; body: any; sent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(s.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY } });
    let sent = 0;
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text), sent }));
    });
    req.on('error', reject);
    const head = '{"query":"{ viewer { kind } }","variables":{"pad":"';
    const tail = '"}}';
    req.write(head);
    sent += head.length;
    const chunk = 'x'.repeat(8 * 1024);
    const pump = () => {
      while (sent < total - tail.length) {
        const piece = chunk.slice(0, Math.min(chunk.length, total - tail.length - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(tail);
      sent += tail.length;
    };
    pump();
  });
}

describe('body caps', () => {
  it('a chunked JSON body under MAX_BODY_BYTES runs', async () => {
    const res = await postChunked(LIMIT - 100);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { viewer: { kind: 'APP' } } });
  });

  it('a chunked JSON body over MAX_BODY_BYTES (no Content-Length) gets 413 naming the limit; the server stays up', async () => {
    const res = await postChunked(4 * LIMIT);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].message).toContain(`MAX_BODY_BYTES is ${LIMIT} bytes`);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_BODY_BYTES' });
    expect(res.body.data).toBeUndefined();
    const after = await s.post('{ viewer { kind } }', { 'x-api-key': API_KEY });
    expect(after.body).toEqual({ data: { viewer: { kind: 'APP' } } });
  });

  it('a declared Content-Length over MAX_BODY_BYTES is refused before the body is read', async () => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: '{ viewer { kind } }', variables: { pad: 'x'.repeat(2 * LIMIT) } }) });
    expect(res.status).toBe(413);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_BODY_BYTES' });
  });

  it('a multipart "operations" field over MAX_BODY_BYTES is 413 too', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: '{ viewer { kind } }', variables: { pad: 'x'.repeat(2 * LIMIT) } }));
    form.append('map', '{}');
    const res = await fetch(s.url, { method: 'POST', headers: { 'x-api-key': API_KEY, 'x-graphql-yoga-csrf': '1' }, body: form });
    expect(res.status).toBe(413);
    const body = (await res.json()) as any;
    expect(body.errors[0]).toMatchObject({ message: expect.stringContaining('MAX_BODY_BYTES'), extensions: { code: 'BAD_USER_INPUT', limit: 'MAX_BODY_BYTES' } });
  });
});
