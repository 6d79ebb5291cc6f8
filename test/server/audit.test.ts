import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { API_KEY, startStack, type Stack } from './harness.js';

// The GraphQL-over-HTTP spec audits against the real server. The gateway needs an identity
// for every operation (and the CSRF header on GET), so the audit's requests carry both, as any
// client of this gateway must.
describe('GraphQL over HTTP (graphql-http audits)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('x-api-key', API_KEY);
    headers.set('x-graphql-yoga-csrf', '1');
    return fetch(input, { ...init, headers });
  };

  for (const audit of serverAudits({ url: () => stack.url, fetchFn })) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (result.status === 'error') throw new Error(`${audit.id}: ${result.reason}`);
    });
  }
});
