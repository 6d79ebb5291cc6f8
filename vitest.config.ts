import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql@16 ships CJS (index.js) and ESM (index.mjs). Pothos and yoga, loaded by Node, get the
  // CJS build; Vite would resolve the tests' own imports to the ESM one, and graphql refuses
  // types from "another module or realm". One copy for everyone:
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    restoreMocks: true,
  },
});
