import { feishuError, isFeishuFailure } from '../errors.js';
import { builder } from '../builder.js';

/**
 * Batches of any size (ARCHITECTURE.md, Writes): a record write is cut into chunks of the
 * endpoint's limit, sent one after another (the table takes one writer at a time anyway). The
 * first chunk that fails stops the rest, and the payload says exactly which ranges were applied,
 * which failed and which were never sent; nothing pretends to be all-or-nothing. When no chunk
 * was applied the failure is raised as the field's error instead, as for any single call.
 */

export type ChunkStatus = 'APPLIED' | 'FAILED' | 'NOT_SENT';

export interface ChunkOutcome {
  index: number;
  /** Position of the chunk's first item in the input list. */
  start: number;
  count: number;
  status: ChunkStatus;
  /** The ids the chunk created, changed or deleted (APPLIED only). */
  recordIds: string[];
  error?: ChunkError;
}

/** A chunk's failure as data (a resolver returning an Error object would raise it instead). */
export interface ChunkError {
  code: string;
  message: string;
  feishu: unknown;
}

export interface ChunkedWrite {
  chunks: ChunkOutcome[];
  /** Every id the applied chunks touched, in input order. */
  recordIds: string[];
  complete: boolean;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One upstream call of a chunked write: how many input items it carries, and how to send it (answering the ids it touched). */
export interface ChunkCall {
  count: number;
  send: () => Promise<string[]>;
}

/** Sends the chunks in order, stopping at the first failure. */
export async function runChunks(calls: readonly ChunkCall[]): Promise<ChunkedWrite> {
  const outcomes: ChunkOutcome[] = [];
  let start = 0;
  let failure: unknown;
  for (const [index, c] of calls.entries()) {
    const outcome: ChunkOutcome = { index, start, count: c.count, status: 'NOT_SENT', recordIds: [] };
    start += c.count;
    outcomes.push(outcome);
    if (failure !== undefined) continue;
    try {
      outcome.recordIds = await c.send();
      outcome.status = 'APPLIED';
    } catch (err) {
      if (!isFeishuFailure(err)) throw err; // a bug or an abort: not a chunk's outcome
      failure = err;
      outcome.status = 'FAILED';
      const mapped = feishuError(err);
      outcome.error = { code: String(mapped.extensions.code), message: mapped.message, feishu: mapped.extensions.feishu ?? null };
    }
  }
  if (failure !== undefined && !outcomes.some((o) => o.status === 'APPLIED')) throw failure;
  return { chunks: outcomes, recordIds: outcomes.flatMap((o) => o.recordIds), complete: failure === undefined };
}

const ChunkStatusEnum = builder.enumType('WriteChunkStatus', {
  values: {
    APPLIED: { description: 'Feishu applied the chunk.' },
    FAILED: { description: 'Feishu refused the chunk, or its outcome is unknown after the retries; see error.' },
    NOT_SENT: { description: 'Not sent because an earlier chunk failed. Send these items again (the same idempotencyKey makes creates safe to repeat).' },
  } as const,
});

const WriteError = builder.objectRef<ChunkError>('WriteError').implement({
  description: 'Why a chunk failed: the error the mutation would raise for it.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    feishu: t.field({ type: 'JSON', nullable: true, description: '{ code, msg, logId } when Feishu answered.', resolve: (e) => e.feishu }),
  }),
});

export const WriteChunk = builder.objectRef<ChunkOutcome>('WriteChunk').implement({
  description: 'One upstream call of a chunked write: which items of the input it carried and what became of them.',
  fields: (t) => ({
    index: t.exposeInt('index'),
    start: t.exposeInt('start', { description: 'Index in the input list of the chunk\'s first item.' }),
    count: t.exposeInt('count'),
    status: t.field({ type: ChunkStatusEnum, resolve: (c) => c.status }),
    recordIds: t.exposeStringList('recordIds'),
    error: t.field({ type: WriteError, nullable: true, resolve: (c) => c.error ?? null }),
  }),
});
