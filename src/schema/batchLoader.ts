import DataLoader from 'dataloader';
import type { Context } from './context.js';
import { answerHitsAtOnce, isEventContext } from './eventLoaders.js';

/**
 * Batched loads (ARCHITECTURE.md, Batching): each loader uses its endpoint's maximum batch size
 * (1 with `GATEWAY_BATCHING=off`) and leaves when the request is quiet (quietGate.ts), so loads
 * caused by data of the same depth share one call.
 */
export function batchOptions<K, V>(ctx: Context, max: number): DataLoader.Options<K, V, K> {
  return { maxBatchSize: ctx.batching ? max : 1, batchScheduleFn: ctx.quiet.schedule };
}

/**
 * A batched DataLoader whose batch sizes are reported (`ctx.onBatch`: the gateway's
 * `loader_batch_size` metric), so how well batching works shows in production, not only in tests.
 * `name` is the loader's, fixed in code: a metric label.
 */
export function batchLoader<K, V>(ctx: Context, name: string, max: number, batch: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
  const loader = new DataLoader<K, V>((keys) => {
    ctx.onBatch?.(name, keys.length);
    return batch(keys);
  }, batchOptions(ctx, max));
  // Shared by the subscribers of one event: what is loaded answers the next ones at once.
  return isEventContext(ctx) ? answerHitsAtOnce(loader) : loader;
}
