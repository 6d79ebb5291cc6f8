import { randomBytes } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { encryptEvent, eventSignature } from '../../src/wire/eventCrypto.js';

/**
 * The gateway side's webhook helpers: hand-built Feishu events (feishu-wire.md §7), sealed the
 * way Feishu sends them, posted to the gateway, and a collector for what the bus yields.
 */

export const newEventId = () => randomBytes(16).toString('hex');

export function recordEnvelope(p: { eventId?: string; appToken: string; tableId: string; token: string; recordIds: string[]; appId?: string }) {
  return {
    schema: '2.0',
    header: {
      event_id: p.eventId ?? newEventId(),
      event_type: 'drive.file.bitable_record_changed_v1',
      create_time: String(Date.now()),
      token: p.token,
      app_id: p.appId ?? 'cli_0000000000000000',
      tenant_key: 'tenant',
    },
    event: {
      file_type: 'bitable',
      file_token: p.appToken,
      table_id: p.tableId,
      revision: 7,
      operator_id: { open_id: 'ou_operator', union_id: 'on_operator', user_id: 'operator' },
      action_list: p.recordIds.map((recordId, i) => ({
        record_id: recordId,
        action: i === 0 ? 'record_added' : 'record_edited',
        before_value: i === 0 ? [] : [{ field_id: 'fldName', field_value: JSON.stringify('before') }],
        after_value: [
          { field_id: 'fldName', field_value: JSON.stringify(`name ${i}`) },
          { field_id: 'fldCount', field_value: JSON.stringify(i) },
        ],
      })),
      subscriber_id_list: [],
      update_time: Math.floor(Date.now() / 1000),
    },
  };
}

/** `{"encrypt": …}` with the signature headers; `at` (seconds) and `signature` may be forged. */
export function sealed(plain: unknown, encryptKey: string, opts: { at?: number; signature?: string; nonce?: string } = {}) {
  const body = JSON.stringify({ encrypt: encryptEvent(JSON.stringify(plain), encryptKey) });
  const timestamp = String(opts.at ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomBytes(8).toString('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': opts.signature ?? eventSignature(timestamp, nonce, encryptKey, body),
    },
  };
}

export async function postWebhook(url: string, req: { body: string; headers?: Record<string, string> }): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: req.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

/** Collects what a bus iterator yields, until `stop()`. */
export function collect<T>(iterator: AsyncIterableIterator<T>): { items: T[]; stop(): Promise<void> } {
  const items: T[] = [];
  const done = (async () => {
    for await (const item of iterator) items.push(item);
  })();
  return {
    items,
    stop: async () => {
      await iterator.return?.();
      await done;
    },
  };
}

/** Polls `check`; `what` (a function for a message built at the time of failure) names what was awaited. */
export const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what: string | (() => string) = 'condition'): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Subscribes `client` to a `recordChanged` operation, counting each event id into `into.received` (errors into `into.errors`). */
export function countRecordEvents(client: Client, payload: { query: string; variables: Record<string, unknown> }, into: { received: Map<string, number>; errors: unknown[] }): void {
  client.subscribe(payload, {
    next: (result) => {
      if (result.errors) into.errors.push(result.errors);
      const id = (result.data as any)?.recordChanged?.id as string | undefined;
      if (id) into.received.set(id, (into.received.get(id) ?? 0) + 1);
    },
    error: (err) => into.errors.push(err),
    complete: () => undefined,
  });
}
