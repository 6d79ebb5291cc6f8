/**
 * GraphQL Code Generator config. Minimal until the gateway's schema exists: then it generates
 * typed test documents from `schema/schema.graphql` (client preset) and the persisted-operation
 * allow-list.
 */
const config = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.graphql'],
  generates: {},
};

export default config;
