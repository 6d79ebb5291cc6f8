import type { z } from 'zod';

/**
 * Shared wording of the write validators: a BAD_USER_INPUT message says what was given, so a
 * caller sees their own value next to what was expected, and a near-miss name gets a suggestion.
 */

/** A value as the caller wrote it (JSON), cut short so one bad cell cannot flood a message. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Edits between two names, a swap of neighbours counting one (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate a caller most likely meant: the same name up to case and spaces, else the nearest
 * within a few edits (a third of the name), so unrelated names are never suggested.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/\s+/g, '');
  const same = candidates.find((c) => fold(c) === fold(name));
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(fold(name), fold(c));
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** A zod issue as `{path, message}`: `root.a.0.b must be ..., got <value>` (parse with `reportInput: true`). */
export function issueProblem(issue: z.core.$ZodIssue, root: string): { path: string; message: string } {
  const path = issue.path.map(String).join('.');
  const where = path ? `${root}.${path}` : root;
  const input = (issue as { input?: unknown }).input;
  if (input === undefined) return { path, message: issue.code === 'custom' ? `${where} ${issue.message}` : `${where} is required` };
  const given = issue.code === 'too_big' && Array.isArray(input) ? `${input.length} entries` : shown(input);
  return { path, message: `${where} ${issue.message}, got ${given}` };
}
