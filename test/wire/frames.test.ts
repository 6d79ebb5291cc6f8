import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameMethod, headerOf } from '../../src/wire/frames.js';

describe('long-connection frames (pbbp2)', () => {
  it('round-trips every field, zeros and empty values included', () => {
    const frame = {
      SeqID: 0,
      LogID: 0,
      service: 7,
      method: FrameMethod.data,
      headers: [{ key: 'type', value: 'event' }, { key: 'sum', value: '1' }, { key: 'empty', value: '' }],
      payload: new TextEncoder().encode('{"schema":"2.0"}'),
      LogIDNew: 'log',
    };
    const back = decodeFrame(encodeFrame(frame));
    expect(back).toMatchObject({ SeqID: 0, LogID: 0, service: 7, method: 1, LogIDNew: 'log' });
    expect(back.headers).toEqual(frame.headers);
    expect(new TextDecoder().decode(back.payload)).toBe('{"schema":"2.0"}');
    expect(headerOf(back, 'type')).toBe('event');
    expect(headerOf(back, 'nope')).toBeUndefined();
  });

  it('writes the required fields even when zero, so a strict proto2 decoder accepts a ping', () => {
    const bytes = encodeFrame({ SeqID: 0, LogID: 0, service: 0, method: FrameMethod.control, headers: [{ key: 'type', value: 'ping' }] });
    expect(bytes.length).toBeGreaterThan(8);
    expect(decodeFrame(bytes).headers).toEqual([{ key: 'type', value: 'ping' }]);
    expect(() => decodeFrame(new Uint8Array([0x08, 0x01]))).toThrow(); // SeqID alone: LogID, service, method missing
  });
});
