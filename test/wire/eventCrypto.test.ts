import { describe, expect, it } from 'vitest';
import { decryptEvent, encryptEvent, eventSignature, signatureMatches } from '../../src/wire/eventCrypto.js';

describe('event encryption and signature (feishu-wire.md §7.2, §7.3)', () => {
  it('decrypts the documented test vector', () => {
    expect(decryptEvent('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe('hello world');
  });

  it('round-trips with a random IV, and fails with another key', () => {
    const body = JSON.stringify({ schema: '2.0', header: { event_id: 'e1' }, event: { text: '你好' } });
    const a = encryptEvent(body, 'k1');
    expect(encryptEvent(body, 'k1')).not.toBe(a);
    expect(decryptEvent(a, 'k1')).toBe(body);
    expect(() => decryptEvent(a, 'k2')).toThrow();
    expect(() => decryptEvent('not base64 at all', 'k1')).toThrow();
  });

  it('signs timestamp + nonce + key + body with SHA-256, compared in constant time', () => {
    const sig = eventSignature('1700000000', 'nonce', 'key', '{"encrypt":"x"}');
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureMatches(sig, eventSignature('1700000000', 'nonce', 'key', Buffer.from('{"encrypt":"x"}')))).toBe(true);
    expect(signatureMatches(sig, eventSignature('1700000001', 'nonce', 'key', '{"encrypt":"x"}'))).toBe(false);
    expect(signatureMatches(undefined, sig)).toBe(false);
  });
});
