import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startStack, type Stack } from './harness.js';

const CDN = /\b(unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh|skypack\.dev|googleapis\.com|gstatic\.com)\b/;

const page = async (url: string) => {
  const res = await fetch(url, { headers: { accept: 'text/html' } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text() };
};

describe('GraphiQL', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({}, { graphiql: { headers: { 'x-api-key': 'demo-prefilled-key' }, defaultQuery: '{ viewer { kind } }' } });
  });
  afterAll(() => stack.close());

  it('is served offline: everything inline, no script or style from another origin', async () => {
    const { status, type, html } = await page(stack.url);
    expect(status).toBe(200);
    expect(type).toMatch(/text\/html/);
    const referenced = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]);
    expect(referenced.filter((ref) => /^(https?:)?\/\//i.test(ref))).toEqual([]);
    expect(html).not.toMatch(CDN);
    expect(html).not.toMatch(/\bimport\s*\(\s*["']https?:/);
  });

  it('pre-fills the API key header, and subscribes over WebSocket', async () => {
    const { html } = await page(stack.url);
    const options = JSON.parse(/renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*?\}),\s*\);/s.exec(html)![1]);
    expect(JSON.parse(options.headers)).toEqual({ 'x-api-key': 'demo-prefilled-key' });
    expect(options.subscriptionsProtocol).toBe('WS');
    expect(options.defaultQuery).toBe('{ viewer { kind } }');
  });

  it('needs no credentials, while operations on the same path do', async () => {
    expect((await page(stack.url)).status).toBe(200);
    expect((await stack.post('{ __typename }')).status).toBe(401);
    expect((await stack.post('{ __typename }', { 'x-api-key': API_KEY })).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('NODE_ENV=production', () => {
  const introspect = '{ __schema { queryType { name } } }';

  it('turns GraphiQL and introspection off', async () => {
    const stack = await startStack({ NODE_ENV: 'production' });
    try {
      const { html } = await page(stack.url);
      expect(html).not.toMatch(/renderYogaGraphiQL/);
      const res = await stack.post(introspect, { 'x-api-key': API_KEY });
      expect(res.body.errors[0].message).toMatch(/introspection/i);
      expect((await stack.post('{ viewer { kind } }', { 'x-api-key': API_KEY })).body.data.viewer.kind).toBe('APP');
    } finally {
      await stack.close();
    }
  });

  it('GRAPHIQL=on turns both back on', async () => {
    const stack = await startStack({ NODE_ENV: 'production', GRAPHIQL: 'on' });
    try {
      expect((await page(stack.url)).html).toMatch(/renderYogaGraphiQL/);
      expect((await stack.post(introspect, { 'x-api-key': API_KEY })).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    } finally {
      await stack.close();
    }
  });
});
