// Writes the committed SDL (`schema/schema.graphql`) from the Pothos schema, sorted so that the
// file changes only when the schema does. The tests fail when the committed file has drifted.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

export const printedSchema = (): string => `${printSchema(lexicographicSortSchema(schema))}\n`;

export const schemaFile = fileURLToPath(new URL('../schema/schema.graphql', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaFile, printedSchema());
  console.log(`wrote ${schemaFile}`);
}
