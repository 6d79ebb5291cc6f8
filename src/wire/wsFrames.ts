import { FrameMethod, headerOf, type Frame } from './frames.js';

/**
 * The frames of Feishu's long connection (feishu-wire.md §8.4-8.6), built and read the same way
 * by the emulator (server side) and the gateway (client side): ping, pong, event data frames
 * (fragmented), and the ACK a client sends back by echoing an event frame.
 */

/** Endpoint discovery's and the pong's ClientConfig: seconds; `ReconnectCount` -1 = forever. */
export interface WsClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

/** Header keys (node SDK `HeaderKey`, Go `const.go`); `timestamp` is server-sent epoch ms. */
export const FrameHeader = {
  type: 'type',
  messageId: 'message_id',
  sum: 'sum',
  seq: 'seq',
  traceId: 'trace_id',
  bizRt: 'biz_rt',
  timestamp: 'timestamp',
} as const;

/** `type` header values: ping and pong are control frames, event and card data frames. */
export type FrameType = 'ping' | 'pong' | 'event' | 'card';

export const frameType = (f: Frame): string | undefined => headerOf(f, FrameHeader.type);

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8');

/** What a client sends on open and every PingInterval; SeqID and LogID are 0, as the SDKs send. */
export const pingFrame = (service: number): Frame => ({ SeqID: 0, LogID: 0, service, method: FrameMethod.control, headers: [{ key: FrameHeader.type, value: 'ping' }] });

/**
 * The server's answer to a ping. The payload is never empty: the node SDK JSON-parses any pong
 * payload it gets (and a missing one decodes as an empty, truthy Uint8Array), and every SDK
 * re-applies the config it carries.
 */
export const pongFrame = (service: number, config: WsClientConfig): Frame => ({
  SeqID: 0,
  LogID: 0,
  service,
  method: FrameMethod.control,
  headers: [{ key: FrameHeader.type, value: 'pong' }],
  payload: utf8.encode(JSON.stringify(pick(config))),
});

/** The config in the pong payload, or undefined when the payload is not one. */
export function readPong(frame: Frame): WsClientConfig | undefined {
  if (!frame.payload?.length) return undefined;
  try {
    const c = JSON.parse(fromUtf8.decode(frame.payload));
    return [c?.PingInterval, c?.ReconnectCount, c?.ReconnectInterval, c?.ReconnectNonce].every(Number.isInteger) ? pick(c) : undefined;
  } catch {
    return undefined;
  }
}

const pick = (c: WsClientConfig): WsClientConfig => ({ PingInterval: c.PingInterval, ReconnectCount: c.ReconnectCount, ReconnectInterval: c.ReconnectInterval, ReconnectNonce: c.ReconnectNonce });

export interface EventPush {
  service: number;
  /** Shared by every fragment: clients reassemble by it, and it keys the ACK. */
  messageId: string;
  traceId: string;
  /** UTF-8 JSON of the plain v2 envelope. */
  payload: Uint8Array;
  /** Largest fragment payload; a bigger payload is split (`sum` > 1, `seq` 0-based). */
  fragmentBytes: number;
  /** Epoch ms, sent as the `timestamp` header. */
  timestamp: number;
  SeqID: number;
  LogID: number;
}

/**
 * The data frames of one event. Fragments split the bytes, not the characters: a multi-byte
 * character may straddle two fragments, as clients concatenate bytes before decoding.
 */
export function eventFrames(p: EventPush): Frame[] {
  const size = Math.max(1, Math.floor(p.fragmentBytes));
  const sum = Math.max(1, Math.ceil(p.payload.length / size));
  return Array.from({ length: sum }, (_, seq) => ({
    SeqID: p.SeqID,
    LogID: p.LogID,
    service: p.service,
    method: FrameMethod.data,
    headers: [
      { key: FrameHeader.type, value: 'event' },
      { key: FrameHeader.messageId, value: p.messageId },
      { key: FrameHeader.sum, value: String(sum) },
      { key: FrameHeader.seq, value: String(seq) },
      { key: FrameHeader.traceId, value: p.traceId },
      { key: FrameHeader.timestamp, value: String(p.timestamp) },
    ],
    payload: p.payload.subarray(seq * size, (seq + 1) * size),
  }));
}

/**
 * A client's answer to an event: `code` 200 handled, 500 failed. The SDKs differ in the rest
 * (node `{"code":200}` or with `data`; Go `{"code":200,"headers":null,"data":null}`; python
 * `{"code":200}`); `data` is base64 of the handler's JSON result (card callbacks).
 */
export interface AckResponse {
  code: number;
  headers?: Record<string, string> | null;
  data?: string | null;
}

/** The ACK: the received frame echoed, with `biz_rt` (handling ms) added and the response as payload. */
export const ackFrame = (received: Frame, response: AckResponse, bizRtMs: number): Frame => ({
  ...received,
  headers: [...received.headers, { key: FrameHeader.bizRt, value: String(bizRtMs) }],
  payload: utf8.encode(JSON.stringify(response)),
});

/** The response an ACK carries, or undefined when the payload is not a JSON object with an integer `code`. */
export function readAck(frame: Frame): AckResponse | undefined {
  if (!frame.payload?.length) return undefined;
  try {
    const r = JSON.parse(fromUtf8.decode(frame.payload));
    return r !== null && typeof r === 'object' && Number.isInteger(r.code) ? (r as AckResponse) : undefined;
  } catch {
    return undefined;
  }
}
