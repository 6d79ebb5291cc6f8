import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Child processes of the bench: the emulator, the gateway (`src/main.ts serve`, exactly what a
 * deployment runs) and the bare yoga server. Each runs in its own Node process so the load
 * generator, the emulator and the server under test do not share an event loop: a stall in one
 * would otherwise show up as latency in another.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Proc {
  pid: number;
  /** The URL the process printed when it started listening. */
  url: string;
  /** Current resident set (VmRSS) in bytes. */
  rss(): number;
  /** Peak resident set since start (VmHWM) in bytes. */
  peakRss(): number;
  stop(): Promise<void>;
}

/** `VmRSS`/`VmHWM` from /proc (Linux); `ps` elsewhere, which has no peak, so both read the current RSS. */
function memoryOf(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux: fall through */
  }
  return 0;
}

/**
 * Starts `node --import tsx <script> [...args]` in the repository and resolves once a line of its
 * output matches `ready` (the "listening on <url>" line every server here prints). Node is
 * spawned directly, not through npm or the tsx CLI, so `pid` is the server's own process and its
 * RSS is the server's.
 */
export function startNode(name: string, script: string, args: string[], env: Record<string, string>, nodeArgs: string[] = [], ready = /listening on (\S+)/): Promise<Proc> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(line);
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 30 s`)), 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${tail.join('\n')}`));
    };
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code} before it was ready`)));
    child.stderr!.on('data', keep);
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      out += chunk.toString('utf8');
      const m = ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      // Keep draining the pipes: a child blocked on a full stdout pipe would stall mid-run.
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      child.stderr!.removeAllListeners('data');
      child.stderr!.on('data', (c: Buffer) => (process.env.BENCH_VERBOSE ? process.stderr.write(`[${name}] ${c}`) : undefined));
      resolve(procOf(child, m[1].replace(/[.,)]+$/, '')));
    });
  });
}

function procOf(child: ChildProcess, url: string): Proc {
  const pid = child.pid!;
  return {
    pid,
    url,
    rss: () => memoryOf(pid, 'VmRSS'),
    peakRss: () => memoryOf(pid, 'VmHWM'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 12_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Every process the bench started, stopped on exit or Ctrl-C so none outlives the run. */
const started = new Set<Proc>();

export function track(p: Proc): Proc {
  started.add(p);
  const stop = p.stop;
  p.stop = async () => {
    started.delete(p);
    await stop();
  };
  return p;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((p) => p.stop()));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
