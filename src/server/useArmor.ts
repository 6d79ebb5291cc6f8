import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

/**
 * graphql-armor's limits (depth, aliases, tokens, directives), refused while the operation is
 * parsed or validated, so before any resolver runs or any Feishu call is made, over HTTP, SSE and
 * graphql-ws alike (the WebSocket server parses and validates through yoga's `getEnveloped`).
 * Armor's own errors carry no code and a "Syntax Error:" prefix; each refusal here is
 * `BAD_USER_INPUT` with `extensions.limit` naming the setting and the message naming the limit.
 * Armor's generic cost limit is off: the gateway's cost model (useQueryCost) prices Feishu calls.
 */
export function useArmor(config: Pick<Config, 'limits'>): Plugin {
  const { depth, aliases, tokens, directives } = config.limits;
  return EnvelopArmorPlugin({
    maxDepth: { n: depth, ...refuseAs('MAX_QUERY_DEPTH') },
    maxAliases: { n: aliases, ...refuseAs('MAX_ALIASES') },
    maxDirectives: { n: directives, ...refuseAs('MAX_DIRECTIVES') },
    maxTokens: { n: tokens, ...refuseAs('MAX_TOKENS') },
    costLimit: { enabled: false },
    // "Did you mean …" hints are cut by useDisableIntrospection, with introspection (GRAPHIQL=on keeps both).
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

/**
 * Armor calls `onReject` with the validation context (null while parsing, for tokens): the error
 * is reported there in our shape instead of armor's, or thrown out of the parser.
 */
function refuseAs(setting: string) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, error: GraphQLError) => {
        const refusal = new GraphQLError(`${error.message.replace(/^Syntax Error: /, '').replace(/\.$/, '')} (${setting})`, {
          nodes: error.nodes,
          extensions: { code: 'BAD_USER_INPUT', limit: setting },
        });
        if (ctx) ctx.reportError(refusal);
        else throw refusal;
      },
    ],
  };
}
