import { bitableError } from './errors.js';

/**
 * Feishu refuses concurrent writes to one table with 1254291. Each write holds its table for
 * max(latencyMs, writeLockMs) from arrival; a write arriving inside that window conflicts.
 */
export class WriteLocks {
  private until = new Map<string, number>();

  acquire(key: string, holdMs: number, now = Date.now()): void {
    const busy = this.until.get(key);
    if (busy !== undefined && busy > now) throw bitableError(1254291, 'Write conflict');
    this.until.set(key, now + holdMs);
  }

  clear(): void {
    this.until.clear();
  }
}
