import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

/**
 * S2's yardstick: a bare graphql-yoga server with one field, on node:http like the gateway, in
 * its own process. The gateway's `{ viewer { __typename } }` does the same GraphQL work plus
 * what the gateway adds (identity, plugins, its schema), so the difference is its overhead.
 */
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
  graphiql: false,
  logging: false,
});
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`bare yoga listening on http://127.0.0.1:${port}/graphql`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
