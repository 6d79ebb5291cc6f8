import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmulatorState } from './state.js';

/**
 * `--data <file>`: the state as JSON, written atomically (temp file, then rename) at most every
 * 200 ms after a change, and synchronously on shutdown. Uploaded bytes live in `<file>.media/`.
 */
export class Persistence {
  private timer: NodeJS.Timeout | undefined;
  readonly mediaDir: string;

  constructor(
    readonly file: string,
    private readonly current: () => EmulatorState,
    private readonly debounceMs = 200,
  ) {
    this.mediaDir = `${file}.media`;
    mkdirSync(dirname(file), { recursive: true });
    mkdirSync(this.mediaDir, { recursive: true });
  }

  load(): EmulatorState | undefined {
    if (!existsSync(this.file)) return undefined;
    const state = JSON.parse(readFileSync(this.file, 'utf8')) as EmulatorState;
    if (state?.version !== 1) throw new Error(`${this.file} is not an emulator state file (version 1)`);
    return state;
  }

  schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.debounceMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(this.current()));
      renameSync(tmp, this.file);
    } finally {
      rmSync(tmp, { force: true }); // only left over when the write or rename failed
    }
  }
}
