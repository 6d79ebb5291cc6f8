import { headerOf, type Frame } from './frames.js';
import { FrameHeader } from './wsFrames.js';

/**
 * Client-side reassembly of fragmented event frames (feishu-wire.md §8.5): buffer by
 * `message_id` into `sum` slots indexed by `seq`, concatenate the bytes in seq order once all are
 * in. Incomplete messages are forgotten `ttlMs` after their first fragment (node SDK: 10 s; Go
 * and Python: 5 s). Sweeping happens on `add`, so no timer keeps a process alive.
 */

interface Incomplete {
  chunks: (Uint8Array | undefined)[];
  firstAt: number;
}

export class FragmentAssembler {
  private readonly partial = new Map<string, Incomplete>();

  constructor(private readonly ttlMs = 10_000) {}

  /**
   * Adds an event frame; answers the whole payload once its last fragment arrived (at once for
   * `sum` 1), else undefined. Throws on metadata that cannot be placed (bad `sum`/`seq`, or a
   * `sum` that disagrees with the first fragment's), like the node SDK.
   */
  add(frame: Frame, now = Date.now()): Uint8Array | undefined {
    this.sweep(now);
    const messageId = headerOf(frame, FrameHeader.messageId) ?? '';
    const sum = Number(headerOf(frame, FrameHeader.sum) ?? '1');
    const seq = Number(headerOf(frame, FrameHeader.seq) ?? '0');
    if (!Number.isInteger(sum) || sum < 1 || !Number.isInteger(seq) || seq < 0 || seq >= sum) {
      throw new Error(`invalid event fragment metadata (message_id ${messageId}, sum ${sum}, seq ${seq})`);
    }
    const data = frame.payload ?? new Uint8Array();
    if (sum === 1) return data;
    let p = this.partial.get(messageId);
    if (!p) this.partial.set(messageId, (p = { chunks: new Array(sum).fill(undefined), firstAt: now }));
    if (p.chunks.length !== sum) throw new Error(`invalid event fragment metadata (message_id ${messageId}: sum ${sum} differs from ${p.chunks.length})`);
    p.chunks[seq] = data;
    if (p.chunks.some((c) => c === undefined)) return undefined;
    this.partial.delete(messageId);
    return concat(p.chunks as Uint8Array[]);
  }

  /** Messages still waiting for fragments. */
  get pending(): number {
    return this.partial.size;
  }

  clear(): void {
    this.partial.clear();
  }

  private sweep(now: number): void {
    for (const [id, p] of this.partial) if (now - p.firstAt > this.ttlMs) this.partial.delete(id);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
