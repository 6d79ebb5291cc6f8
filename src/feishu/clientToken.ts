import { createHash, randomUUID } from 'node:crypto';

/** The gateway's own UUIDv5 namespace (a fixed random UUID), so its tokens collide with no one's. */
const NAMESPACE = Buffer.from('6f1c2d9e4b7a4c1e9d3f0a5b8c7e2f41', 'hex');

/** RFC 9562 UUIDv5: SHA-1 of namespace + name, with the version and variant bits set. */
export function uuidV5(name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The `client_token` of one create call (ARCHITECTURE.md, Writes): derived from the caller's
 * idempotency key, so the same key sent again makes the same tokens and Feishu creates nothing
 * twice; a fresh random one without a key, which still makes the client's own retries safe.
 */
export function clientToken(appToken: string, tableId: string, idempotencyKey: string | null | undefined, chunk: number): string {
  return idempotencyKey ? uuidV5(`${appToken}/${tableId}/${idempotencyKey}/${chunk}`) : randomUUID();
}
