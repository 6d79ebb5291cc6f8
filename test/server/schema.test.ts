import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema, schemaFile } from '../../scripts/print-schema.js';

describe('schema/schema.graphql', () => {
  it('is the printed, sorted Pothos schema (run `npm run schema:print` after changing the schema)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(printedSchema());
  });

  it('has the binding Viewer shape', () => {
    const sdl = printedSchema();
    expect(sdl).toMatch(/type Query \{[^}]*\bviewer: Viewer!/);
    expect(sdl).toMatch(/enum ViewerKind \{[^}]*\bAPP\b[^}]*\bUSER\b/);
    expect(sdl).toMatch(/type Viewer \{[^}]*\bappId: String\b[^}]*\bkind: ViewerKind!/);
    for (const scalar of ['DateTime', 'JSON', 'File']) expect(sdl).toContain(`scalar ${scalar}`);
  });
});
