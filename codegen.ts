import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator (`npm run codegen` writes the SDL first, then this): typed documents
 * from the committed `schema/schema.graphql` into `test/gql/` (git-ignored: generated on demand).
 * Operations written as graphql(`...`) with `graphql` from `test/gql` get their result and
 * variable types. The output typechecks once at least one document exists.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.ts', '!test/gql/**'],
  ignoreNoDocuments: true,
  // NodeNext + verbatimModuleSyntax: `.js` specifiers and `import type`, or tsc refuses the output.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', File: 'File' },
      },
    },
  },
};

export default config;
