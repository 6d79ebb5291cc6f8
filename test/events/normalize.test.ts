import { describe, expect, it } from 'vitest';
import { memoryDedupe } from '../../src/events/dedupe.js';
import { FIELD_CHANGED, MESSAGE_RECEIVED, normalize, occurredAt, RECORD_CHANGED, topicOf, type V2Envelope } from '../../src/events/normalize.js';

/** Envelopes → domain events (feishu-wire.md §7.4), and the in-memory de-duplication. */

const envelope = (event_type: string, event: Record<string, unknown>, create_time = '1608725989000'): V2Envelope => ({
  schema: '2.0',
  header: { event_id: 'ev1', event_type, create_time, token: 't', app_id: 'cli_x', tenant_key: 'k' },
  event,
});

describe('normalize', () => {
  it('fans a record event out per action, parses field_value JSON (keeping a non-JSON string raw), skips unknown actions', () => {
    const out = normalize(
      envelope(RECORD_CHANGED, {
        file_token: 'bas1',
        table_id: 'tbl1',
        revision: 3,
        operator_id: { open_id: 'ou_1' },
        action_list: [
          { record_id: 'rec1', action: 'record_added', after_value: [{ field_id: 'f1', field_value: '[{"text":"hi","type":"text"}]' }] },
          { record_id: 'rec2', action: 'record_deleted', before_value: [{ field_id: 'f1', field_value: 'not json' }], after_value: [] },
          { record_id: 'rec3', action: 'record_teleported' },
        ],
      }),
    );
    expect(out).toEqual([
      { kind: 'record', id: 'ev1:rec1', eventId: 'ev1', appToken: 'bas1', tableId: 'tbl1', action: 'record_added', recordId: 'rec1', revision: 3, occurredAt: 1608725989000, operatorOpenId: 'ou_1', before: [], after: [{ fieldId: 'f1', value: [{ text: 'hi', type: 'text' }] }] },
      { kind: 'record', id: 'ev1:rec2', eventId: 'ev1', appToken: 'bas1', tableId: 'tbl1', action: 'record_deleted', recordId: 'rec2', revision: 3, occurredAt: 1608725989000, operatorOpenId: 'ou_1', before: [{ fieldId: 'f1', value: 'not json' }], after: [] },
    ]);
    expect(topicOf(out[0])).toBe('record:bas1:tbl1');
  });

  it('fans a field event out per action, keeping the field definitions as Feishu sent them', () => {
    const after = { id: 'fld1', name: 'Status', type: 3, property: { options: [] } };
    const out = normalize(envelope(FIELD_CHANGED, { file_token: 'bas1', table_id: 'tbl1', operator_id: { open_id: 'ou_1' }, action_list: [{ action: 'field_added', field_id: 'fld1', after_value: after }] }));
    expect(out).toEqual([{ kind: 'field', id: 'ev1:fld1', eventId: 'ev1', appToken: 'bas1', tableId: 'tbl1', action: 'field_added', fieldId: 'fld1', revision: null, occurredAt: 1608725989000, operatorOpenId: 'ou_1', before: null, after }]);
    expect(topicOf(out[0])).toBe('field:bas1:tbl1');
  });

  it('makes one event of a received message, with the message and sender as sent', () => {
    const message = { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'group', message_type: 'text', content: '{"text":"hi"}', create_time: '1608725989000' };
    const sender = { sender_id: { open_id: 'ou_1' }, sender_type: 'user', tenant_key: 'k' };
    const out = normalize(envelope(MESSAGE_RECEIVED, { message, sender }));
    expect(out).toEqual([{ kind: 'message', id: 'ev1', eventId: 'ev1', occurredAt: 1608725989000, chatId: 'oc_1', chatType: 'group', message, sender }]);
    expect(topicOf(out[0])).toBe('message');
  });

  it('makes nothing of unknown event types or malformed bodies of known ones', () => {
    expect(normalize(envelope('contact.user.created_v3', { user: {} }))).toEqual([]);
    expect(normalize(envelope(RECORD_CHANGED, { file_token: 'bas1' }))).toEqual([]);
    expect(normalize(envelope(MESSAGE_RECEIVED, { message: {} }))).toEqual([]);
  });

  it('reads create_time as ms (µs when 16 digits), else update_time seconds, else now', () => {
    expect(occurredAt('1608725989000')).toBe(1608725989000);
    expect(occurredAt('1608725989000123')).toBe(1608725989000);
    expect(occurredAt(undefined, 1608725989)).toBe(1608725989000);
    expect(occurredAt('', null, 42)).toBe(42);
  });
});

describe('memoryDedupe', () => {
  it('says first once per id, forgets on request, expires after the TTL and stays bounded', async () => {
    let now = 0;
    const d = memoryDedupe({ ttlMs: 1000, maxEntries: 3, now: () => now });
    expect(await d.firstSeen('app', 'a')).toBe(true);
    expect(await d.firstSeen('app', 'a')).toBe(false);
    expect(await d.firstSeen('other-app', 'a')).toBe(true);
    await d.forget('app', 'a');
    expect(await d.firstSeen('app', 'a')).toBe(true);
    now = 999;
    expect(await d.firstSeen('app', 'a')).toBe(false);
    now = 2_500;
    expect(await d.firstSeen('app', 'a')).toBe(true); // expired: swept
    expect(d.size()).toBe(1);
    for (const id of ['b', 'c', 'd', 'e']) await d.firstSeen('app', id);
    expect(d.size()).toBe(3); // the oldest went first
    expect(await d.firstSeen('app', 'e')).toBe(false);
  });
});
