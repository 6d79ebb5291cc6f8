import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  /** Resolves with the URL the emulator prints (`listening on <url>`); rejects if it exits first. */
  listening: Promise<string>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

/**
 * Runs the real CLI (`src/main.ts`) as a child process. `node --import tsx` is what `npx tsx`
 * ends up running, without npm's start-up second per call. Env values replace the parent's;
 * an empty string is how a test says "unset" (the CLI treats empty as unset).
 */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, EMULATOR_APP_ID: '', EMULATOR_APP_SECRET: '', EMULATOR_PUBLIC_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /listening on (\S+)/.exec(text);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`the CLI exited with ${code} before listening:\n${text}`)));
  });
  listening.catch(() => {}); // a run that is meant to fail is awaited through `exited`
  return { child, listening, exited, output: () => text };
}

/** Stops a run that is still going (SIGKILL): cleanup after a failed assertion. */
export function killIfRunning(run: CliRun | undefined): void {
  if (run && run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
}
