import type { IncomingMessage } from 'node:http';
import { EXCEED_CONN_LIMIT, HANDSHAKE_FORBIDDEN, LongConnectionError } from './errors.js';

/**
 * A refused WebSocket handshake (feishu-wire.md §8.2): a non-101 answer whose `Handshake-Status`,
 * `Handshake-Msg` and `Handshake-Autherrcode` say why. Fatal, as Go and Python decide: the
 * connection limit (auth code 1000040350) and 403 (forbidden). Anything else, 514 with another
 * auth code included (a stale ticket), is retried: the next attempt discovers a fresh URL.
 */
export function handshakeRefusal(res: IncomingMessage): LongConnectionError {
  const first = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const status = Number(first('handshake-status') ?? NaN);
  const authCode = Number(first('handshake-autherrcode') ?? NaN);
  const msg = first('handshake-msg');
  const fatal = authCode === EXCEED_CONN_LIMIT || status === HANDSHAKE_FORBIDDEN;
  const detail = [
    Number.isFinite(status) ? `Handshake-Status ${status}` : undefined,
    Number.isFinite(authCode) ? `auth code ${authCode}` : undefined,
    msg ? `"${msg}"` : undefined,
  ].filter(Boolean);
  return new LongConnectionError(`handshake refused: HTTP ${res.statusCode}${detail.length ? ` (${detail.join(', ')})` : ''}`, fatal, Number.isFinite(authCode) ? authCode : undefined);
}
