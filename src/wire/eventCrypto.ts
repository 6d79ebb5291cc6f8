import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Feishu's event encryption and signature (feishu-wire.md §7.2, §7.3), used by the emulator to
 * send events and by the gateway to receive them. Pure functions: no I/O, no configuration.
 */

const keyOf = (encryptKey: string) => createHash('sha256').update(encryptKey, 'utf8').digest();

/** `{"encrypt": <this>}`: base64(iv ‖ AES-256-CBC(key = SHA-256(encryptKey), PKCS#7(plaintext))). */
export function encryptEvent(plaintext: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', keyOf(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** The plaintext of an `encrypt` field; throws on a wrong key or a damaged body. */
export function decryptEvent(encrypted: string, encryptKey: string): string {
  const raw = Buffer.from(encrypted, 'base64');
  if (raw.length < 32 || raw.length % 16 !== 0) throw new Error('the encrypted body is not AES-256-CBC output');
  const decipher = createDecipheriv('aes-256-cbc', keyOf(encryptKey), raw.subarray(0, 16));
  return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
}

/** `X-Lark-Signature`: hex(sha256(timestamp + nonce + encryptKey + body)), over the raw body. */
export function eventSignature(timestamp: string, nonce: string, encryptKey: string, body: string | Buffer): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey).update(body).digest('hex');
}

/** Compares a received signature with the expected one in constant time. */
export function signatureMatches(received: string | undefined, expected: string): boolean {
  if (typeof received !== 'string' || received.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(received), Buffer.from(expected));
}
