import protobuf from 'protobufjs/light.js';

/**
 * Feishu's long-connection frames (feishu-wire.md §8.3): proto2 `pbbp2.Frame`, one per WebSocket
 * binary message. protobufjs encodes them, as the official SDKs do; the schema is declared here
 * as JSON, so no .proto file is read at run time. Every required field is always written, even
 * when 0 or empty: the node SDK's decoder throws on a missing one.
 */

const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: { fields: { key: { rule: 'required', type: 'string', id: 1 }, value: { rule: 'required', type: 'string', id: 2 } } },
        Frame: {
          fields: {
            SeqID: { rule: 'required', type: 'uint64', id: 1 },
            LogID: { rule: 'required', type: 'uint64', id: 2 },
            service: { rule: 'required', type: 'int32', id: 3 },
            method: { rule: 'required', type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payload_encoding: { type: 'string', id: 6 },
            payload_type: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType('pbbp2.Frame');

/** `method`: control frames (ping, pong) or data frames (events and their ACKs). */
export const FrameMethod = { control: 0, data: 1 } as const;

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload_encoding?: string;
  payload_type?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

/** Throws on bytes that are not a whole Frame (a required field missing included). */
export function decodeFrame(bytes: Uint8Array): Frame {
  const message = FrameType.decode(bytes);
  const o = FrameType.toObject(message, { longs: Number, defaults: false, arrays: true }) as Frame;
  return { ...o, headers: o.headers ?? [] };
}

/** A header's value, or undefined. */
export const headerOf = (frame: Frame, key: string): string | undefined => frame.headers.find((h) => h.key === key)?.value;
