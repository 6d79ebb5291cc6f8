import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { lazyBase, STANDARD, type Ctx } from './lib/context.js';
import { startEmulatorProcess } from './lib/emulator.js';
import { ROOT, stopAll } from './lib/proc.js';
import { markdownTable, verdict, type Row } from './lib/table.js';
import { s1NestedRead } from './scenarios/s1-nested-read.js';
import { s2Overhead } from './scenarios/s2-overhead.js';
import { s3BulkWrite } from './scenarios/s3-bulk-write.js';
import { s4FanOut } from './scenarios/s4-fan-out.js';
import { s5Quota } from './scenarios/s5-quota.js';

/**
 * `npm run bench [-- --runs N] [--quick] [--only S1,S3]`: issue 9's five scenarios against the
 * emulator (its own process, 20 ms latency, documented rate limits unless a scenario says
 * otherwise) and the gateway (`src/main.ts serve`, its own process). Prints one table and
 * writes it to bench/results/latest.md (bench/results/quick.md for `--quick`).
 */

const SCENARIOS: Record<string, (ctx: Ctx) => Promise<Row[]>> = {
  S1: s1NestedRead,
  S2: s2Overhead,
  S3: s3BulkWrite,
  S4: s4FanOut,
  S5: s5Quota,
};

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});
const quick = values.quick!;
const runs = values.runs ? Number(values.runs) : quick ? 1 : 3;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got ${values.runs}`);
const only = (values.only ?? Object.keys(SCENARIOS).join(',')).split(',').map((s) => s.trim().toUpperCase());
for (const s of only) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s} (expected ${Object.keys(SCENARIOS).join(', ')})`);

const say = (msg: string) => console.log(msg);

async function main(): Promise<void> {
  const started = Date.now();
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.versions.node}, ${process.platform}`;
  // Other work on the machine shows up in every figure; the load average says how much there was.
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  const loadBefore = load();
  say(`bench: ${only.join(', ')}; ${runs} run(s) per figure${quick ? ', quick sizes' : ''}; ${machine}; load average ${loadBefore}`);
  const emu = await startEmulatorProcess({ latencyMs: STANDARD.latencyMs, rateLimits: STANDARD.rateLimits });
  const ctx: Ctx = { emu, runs, quick, base: lazyBase(emu, say), say };
  const rows: Row[] = [];
  try {
    for (const name of only) {
      const t = Date.now();
      say(`${name}…`);
      await emu.config(STANDARD); // each scenario starts from the standing conditions
      rows.push(...(await SCENARIOS[name](ctx)));
      say(`${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    await stopAll();
  }

  const table = markdownTable(rows);
  const missed = rows.filter((r) => verdict(r) === 'MISSED').map((r) => `${r.scenario}: ${r.metric}`);
  const doc = [
    `# Benchmark results`,
    '',
    `Finished ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: \`npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    `Machine: ${machine}. Load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}.`,
    `Each figure: median of ${runs} run(s), with min and max. Emulator: its own process, ${STANDARD.latencyMs} ms latency and the documented rate limits unless the scenario says otherwise; gateway: \`node --import tsx src/main.ts serve\`, its own process.`,
    '',
    table,
    '',
    missed.length ? `Missed: ${missed.join('; ')}.` : 'Every target met.',
    '',
  ].join('\n');
  say('');
  say(table);
  say('');
  say(missed.length ? `Missed: ${missed.join('; ')}` : 'Every target met.');
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = values.out ?? join(dir, quick ? 'quick.md' : 'latest.md');
  writeFileSync(file, doc);
  say(`written to ${file} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
}

process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
main().catch(async (err) => {
  console.error(err);
  await stopAll();
  process.exit(1);
});
