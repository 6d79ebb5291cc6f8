import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator (`npm run codegen`: the SDL first, then this). Typed documents for the
 * operations the tests send (`test/operations/*.graphql`), validated against the committed
 * `schema/schema.graphql`, into `test/gql/`. The output is committed so that tests need no build
 * step; test/server/codegen.test.ts regenerates it in memory and fails when it is stale.
 * `documentMode: 'string'`: each operation is a `TypedDocumentString` (`ViewerDocument`, ...)
 * carrying its result and variables types, for `execute()` in test/helpers/graphql.ts.
 * The output lists every enum and input type of the schema, so after a schema change run
 * `npm run codegen` (it writes the SDL too) rather than `npm run schema:print` alone.
 * `test/gql/persisted-documents.json` is the allow-list of those operations (PERSISTED_OPERATIONS).
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  // NodeNext + verbatimModuleSyntax: `.js` specifiers and `import type`, or tsc refuses the output.
  emitLegacyCommonJSImports: false,
  silent: true,
  generates: {
    'test/gql/': {
      preset: 'client',
      // persisted-documents.json: the allow-list PERSISTED_OPERATIONS reads (id -> document). sha256,
      // so an id is also the APQ `sha256Hash` of the document; each typed document carries its id
      // (`__meta__.hash`).
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        // Object types only as the operations select them (every enum and input type is still listed).
        onlyOperationTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', File: 'File' },
      },
    },
  },
};

export default config;
