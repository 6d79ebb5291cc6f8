import { FeishuError, plannedCall, type Call, type PlannedCall } from '../feishu/index.js';
import { builder } from './builder.js';
import type { Context } from './context.js';

/**
 * What every mutation shares (API.md, Mutations): one `input` with `dryRun`, and a payload that
 * implements `MutationPayload`. A mutation describes its Feishu calls first (`Call`); a dry run
 * returns them as `plannedCalls`, a real run sends those same objects, so the two cannot differ.
 * Reads a mutation needs to validate its input (a table's fields) are made in both.
 */

builder.mutationType({});

export const PlannedCallRef = builder.objectRef<PlannedCall>('PlannedCall').implement({
  description: 'A Feishu call a mutation would make (dryRun).',
  fields: (t) => ({
    endpoint: t.exposeString('endpoint', { description: 'The gateway\'s name for the Feishu API, e.g. bitable.batchCreateRecords.' }),
    method: t.exposeString('method'),
    path: t.exposeString('path', { description: 'From the origin, e.g. /open-apis/bitable/v1/apps/bascn…/tables.' }),
    query: t.field({ type: 'JSON', nullable: false, resolve: (c) => c.query }),
    body: t.field({ type: 'JSON', nullable: true, description: 'The JSON body; for uploads the form fields (files as {name, size, type}).', resolve: (c) => c.body }),
  }),
});

/** The part of every payload shape this module fills. */
export interface Planned {
  /** Set on dry runs only. */
  plannedCalls?: PlannedCall[] | null;
}

export const MutationPayload = builder.interfaceRef<Planned>('MutationPayload').implement({
  description: 'What every mutation payload has.',
  fields: (t) => ({
    plannedCalls: t.field({
      type: [PlannedCallRef],
      nullable: true,
      description: 'With dryRun: the Feishu calls the mutation would make, in order; nothing was written. Null on real runs.',
      resolve: (p) => p.plannedCalls ?? null,
    }),
  }),
});

/** A dry run's payload: the calls, and nothing touched. */
export const plan = (calls: readonly Call[]): Planned => ({ plannedCalls: calls.map(plannedCall) });

/** Sends one described call as the request's identity. */
export const send = <D>(ctx: Context, c: Call<D>): Promise<D> => ctx.feishu.request(c.endpoint, c.input);

/**
 * A refusal with `code` on a call the client had to repeat ("no such record" for a delete,
 * "already recalled" for a recall): the first attempt did the work and only its answer was lost.
 */
export const doneByLostAnswer = (err: unknown, code: number): boolean => err instanceof FeishuError && err.code === code && err.attempts > 1;

/** `send` for a call whose repetition meets `doneCode` once it has worked: that refusal then counts as success. */
export async function sendRepeatable<D>(ctx: Context, c: Call<D>, doneCode: number): Promise<D | undefined> {
  try {
    return await send(ctx, c);
  } catch (err) {
    if (doneByLostAnswer(err, doneCode)) return undefined;
    throw err;
  }
}

export const DRY_RUN_DESCRIPTION = 'List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made).';

/** The input-field builder of `t.fieldWithInput` (`t.input`), for helpers that add shared input fields. */
export type InputBuilder = Parameters<Parameters<typeof builder.mutationField>[1]>[0]['input'];

/** Every mutation input's `dryRun`. */
export const dryRunInput = (i: InputBuilder) => i.boolean({ description: DRY_RUN_DESCRIPTION });
