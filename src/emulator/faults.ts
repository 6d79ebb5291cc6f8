import { z } from 'zod';

export const FaultSpec = z
  .object({
    method: z.string().optional(),
    path: z.string().min(1),
    status: z.number().int().min(100).max(599).optional(),
    code: z.number().int().optional(),
    msg: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    delayMs: z.number().int().min(0).optional(),
    times: z.number().int().min(1).optional(),
    /** Let this many matching requests through untouched before the fault applies (fail the third chunk of a batch). */
    skip: z.number().int().min(0).optional(),
    phase: z.enum(['before', 'after']).optional(),
    action: z.enum(['respond', 'reset', 'hang']).optional(),
  })
  .strict();
export type FaultSpec = z.infer<typeof FaultSpec>;

export interface Fault extends FaultSpec {
  id: string;
  regex: RegExp;
  remaining: number; // Infinity = until deleted
  toSkip: number;
}

/** Injected failures (admin API). The oldest matching fault wins; `times` counts down. */
export class Faults {
  private list: Fault[] = [];
  private seq = 0;

  add(spec: FaultSpec): string {
    const regex = new RegExp(spec.path); // throws SyntaxError on a bad pattern: the admin route answers 400
    const id = `fault_${++this.seq}`;
    this.list.push({ ...spec, id, regex, remaining: spec.times ?? Infinity, toSkip: spec.skip ?? 0 });
    return id;
  }

  clear(): void {
    this.list = [];
  }

  /** Takes (consumes one use of) the first fault matching this request. */
  take(method: string, path: string): Fault | undefined {
    const f = this.list.find((x) => (!x.method || x.method.toUpperCase() === method) && x.regex.test(path));
    if (!f) return undefined;
    if (f.toSkip > 0) {
      f.toSkip--;
      return undefined;
    }
    if (--f.remaining <= 0) this.list = this.list.filter((x) => x !== f);
    return f;
  }

  /** The Feishu-style body and status a `respond` fault answers with. */
  static answer(f: Fault): { status: number; code: number; msg: string } {
    const status = f.status ?? 500;
    const code = f.code ?? (status === 429 ? 99991400 : status >= 500 ? 1255001 : status);
    return { status, code, msg: f.msg ?? 'emulated fault' };
  }
}
