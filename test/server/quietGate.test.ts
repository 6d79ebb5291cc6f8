import { describe, expect, it } from 'vitest';
import { QuietGate } from '../../src/schema/quietGate.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A call that settles when told to. */
function pending() {
  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));
  return { done, settle };
}

describe('QuietGate: batches leave when the calls that were in flight before them settle', () => {
  it('holds a batch until an earlier call settles, then sends it', async () => {
    const gate = new QuietGate(1_000);
    const earlier = pending();
    void gate.run(() => earlier.done);
    await sleep(5);
    let sent = false;
    gate.schedule(() => (sent = true));
    await sleep(20);
    expect(sent).toBe(false);
    earlier.settle();
    await sleep(20);
    expect(sent).toBe(true);
  });

  it('does not wait for a call that starts together with the batch (a sibling)', async () => {
    const gate = new QuietGate(1_000);
    const sibling = pending();
    void gate.run(() => sibling.done);
    let sent = false;
    gate.schedule(() => (sent = true));
    await sleep(20);
    expect(sent).toBe(true);
    sibling.settle();
  });

  it('sends anyway after maxWaitMs when an earlier call is slow', async () => {
    const gate = new QuietGate(50);
    const slow = pending();
    void gate.run(() => slow.done);
    await sleep(5);
    let sentAt = 0;
    const queued = Date.now();
    gate.schedule(() => (sentAt = Date.now()));
    await sleep(120);
    expect(sentAt).toBeGreaterThan(0);
    expect(sentAt - queued).toBeGreaterThanOrEqual(45);
    slow.settle();
  });
});
