import type { Runtime } from '../runtime.js';
import type { Message } from '../state.js';
import type { Speaker } from './access.js';
import { imErrors } from './errors.js';

/**
 * Message `uuid` de-duplication (D:发送消息, D:回复消息; EMULATOR.md "Idempotency"): the same uuid
 * from the same sender within an hour sends once; every repeat answers the first message (as it
 * is now), whatever its body. Kept in `state.idempotency` so it survives a restart with `--data`.
 */

const UUID_TTL_MS = 60 * 60 * 1000;
const UUID_MAX = 50;
const PREFIX = 'im-uuid ';

/** Validates the optional uuid of a send or reply body (<= 50 characters). */
export function uuidOf(body: any): string | undefined {
  const v = body?.uuid;
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > UUID_MAX) throw imErrors.invalidParam(`uuid must be a string of at most ${UUID_MAX} characters`);
  return v;
}

export function sendOnce(rt: Runtime, sender: Speaker, uuid: string | undefined, send: () => Message): Message {
  if (uuid === undefined) return send();
  const store = rt.state.idempotency;
  const now = rt.now();
  for (const [k, v] of Object.entries(store)) if (k.startsWith(PREFIX) && now - v.at >= UUID_TTL_MS) delete store[k];
  const key = `${PREFIX}${sender.open_id} ${uuid}`;
  const first = store[key] && rt.state.messages[store[key].data as string];
  if (first) return first;
  const message = send();
  store[key] = { bodyHash: '', data: message.message_id, at: now };
  return message;
}
