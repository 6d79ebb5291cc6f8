import { summarize } from './stats.js';

/** One line of the results table: a figure measured once per run. */
export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  /** One value per run; the table shows their median, min and max. */
  values: number[];
  /** Decimals shown (0 for counts). */
  digits?: number;
  /** The target for this figure, in words. */
  target?: string;
  /** Whether the median meets the target (undefined: informational). */
  check?: (median: number) => boolean;
}

const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

export function verdict(r: Row): 'met' | 'MISSED' | '' {
  if (!r.check) return '';
  return r.check(summarize(r.values).median) ? 'met' : 'MISSED';
}

/** The table as Markdown: printed to the terminal and written to bench/results/latest.md. */
export function markdownTable(rows: Row[]): string {
  const lines = ['| scenario | metric | median | min | max | unit | target | |', '|---|---|--:|--:|--:|---|---|---|'];
  for (const r of rows) {
    const s = summarize(r.values);
    const d = r.digits ?? 0;
    lines.push(`| ${r.scenario} | ${r.metric} | ${fmt(s.median, d)} | ${fmt(s.min, d)} | ${fmt(s.max, d)} | ${r.unit} | ${r.target ?? ''} | ${verdict(r)} |`);
  }
  return lines.join('\n');
}
