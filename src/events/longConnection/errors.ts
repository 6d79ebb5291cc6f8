/**
 * Why a connection attempt failed, and whether trying again can help (feishu-wire.md §8.1, §8.2,
 * §8.7). `fatal` stops the reconnect loop: wrong credentials or a full connection quota do not
 * fix themselves by retrying every two minutes, and retrying them would only hammer Feishu.
 * Messages name codes and reasons, never the secret or the discovered URL (it carries a ticket).
 */
export class LongConnectionError extends Error {
  override name = 'LongConnectionError';
  constructor(
    message: string,
    readonly fatal: boolean,
    /** Feishu's code (discovery `code` or `Handshake-Autherrcode`), when there was one. */
    readonly code?: number,
  ) {
    super(message);
  }
}

/** Discovery `code` 1 (system busy) and 1000040343 (internal error): Feishu's side, retry (Go and Python). */
export const RETRYABLE_DISCOVERY_CODES = new Set([1, 1000040343]);
/** Too many connections for the app (≤ 50): fatal at discovery and at the handshake. */
export const EXCEED_CONN_LIMIT = 1000040350;
/** `Handshake-Status` 403 (forbidden): fatal. */
export const HANDSHAKE_FORBIDDEN = 403;
