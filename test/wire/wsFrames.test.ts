import { describe, expect, it } from 'vitest';
import { FragmentAssembler } from '../../src/wire/fragments.js';
import { decodeFrame, encodeFrame, headerOf } from '../../src/wire/frames.js';
import { ackFrame, eventFrames, pingFrame, pongFrame, readAck, readPong } from '../../src/wire/wsFrames.js';

const utf8 = new TextEncoder();
const push = (payload: string, fragmentBytes: number) =>
  eventFrames({ service: 9, messageId: 'm1', traceId: 't1', payload: utf8.encode(payload), fragmentBytes, timestamp: 1700000000000, SeqID: 3, LogID: 4 }).map((f) => decodeFrame(encodeFrame(f)));

describe('long-connection frame helpers', () => {
  it('builds ping and pong; the pong payload is the whole ClientConfig', () => {
    expect(decodeFrame(encodeFrame(pingFrame(9)))).toMatchObject({ SeqID: 0, LogID: 0, service: 9, method: 0, headers: [{ key: 'type', value: 'ping' }] });
    const config = { PingInterval: 1, ReconnectCount: -1, ReconnectInterval: 0, ReconnectNonce: 0 };
    const pong = decodeFrame(encodeFrame(pongFrame(9, { ...config, extra: 1 } as typeof config)));
    expect(readPong(pong)).toEqual(config);
    expect(readPong({ ...pong, payload: utf8.encode('{"PingInterval":1}') })).toBeUndefined();
    expect(readPong({ ...pong, payload: new Uint8Array() })).toBeUndefined();
  });

  it('splits bytes into sum fragments with 0-based seq; the assembler joins them in any order', () => {
    const text = '{"x":"飞书飞书飞书"}';
    const frames = push(text, 4);
    const sum = Math.ceil(utf8.encode(text).length / 4);
    expect(frames.map((f) => [headerOf(f, 'sum'), headerOf(f, 'seq')])).toEqual(frames.map((_f, i) => [String(sum), String(i)]));
    const a = new FragmentAssembler();
    const shuffled = [...frames].reverse();
    for (const f of shuffled.slice(0, -1)) expect(a.add(f)).toBeUndefined();
    expect(new TextDecoder().decode(a.add(shuffled.at(-1)!))).toBe(text);
    expect(a.pending).toBe(0);
    expect(push('{}', 16)).toHaveLength(1);
    expect(new TextDecoder().decode(a.add(push('{}', 16)[0]))).toBe('{}');
  });

  it('refuses fragments it cannot place and forgets incomplete ones after the TTL', () => {
    const [first, second] = push('abcdefgh', 4);
    const a = new FragmentAssembler(1000);
    const withHeader = (key: string, value: string) => ({ ...second, headers: second.headers.map((h) => (h.key === key ? { key, value } : h)) });
    expect(() => a.add(withHeader('seq', '2'))).toThrow(/invalid event fragment/);
    expect(() => a.add(withHeader('sum', '0'))).toThrow(/invalid event fragment/);
    a.add(first, 0);
    expect(() => a.add(withHeader('sum', '3'), 10)).toThrow(/differs/);
    expect(a.add(second, 2000)).toBeUndefined(); // the first fragment expired: this one starts over
    expect(a.pending).toBe(1);
  });

  it('ACKs by echoing the frame with biz_rt; reads every SDK ACK shape', () => {
    const [event] = push('{}', 100);
    const ack = decodeFrame(encodeFrame(ackFrame(event, { code: 200 }, 5)));
    expect(ack).toMatchObject({ SeqID: 3, LogID: 4, service: 9, method: 1 });
    expect(ack.headers).toEqual([...event.headers, { key: 'biz_rt', value: '5' }]);
    expect(readAck(ack)).toEqual({ code: 200 });
    expect(readAck({ ...ack, payload: utf8.encode('{"code":200,"headers":null,"data":null}') })).toEqual({ code: 200, headers: null, data: null });
    expect(readAck({ ...ack, payload: utf8.encode('{"code":500}') })).toEqual({ code: 500 });
    for (const bad of ['', 'nope', '{"code":"200"}', 'null']) expect(readAck({ ...ack, payload: utf8.encode(bad) })).toBeUndefined();
  });
});
