import { readFileSync } from 'node:fs';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { usePersistedOperations as yogaPersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { ConfigError, type PersistedOperationsMode } from '../config.js';

/**
 * PERSISTED_OPERATIONS: operations named by an id from an allow-list, the JSON map
 * (id -> document) that GraphQL Code Generator's client preset writes
 * (`presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' } }`).
 * - `allow`: an id stands for its document; documents sent in full still run.
 * - `only`: nothing but the allow-list runs. A document sent in full is refused
 *   (`PERSISTED_QUERY_REQUIRED`), an unknown id too (`PERSISTED_QUERY_NOT_FOUND`), both before
 *   anything is parsed, so an arbitrary document never reaches the parser, the schema or Feishu.
 *
 * An id comes as the GraphQL-over-HTTP `documentId` (bare hex or `sha256:<hex>`), or APQ-style as
 * `extensions.persistedQuery: { version: 1, sha256Hash }` (what Apollo-style clients send); codegen
 * hashes with sha256, so the two agree. Over graphql-ws, whose payload must carry a `query`
 * string, send `query: ""` with the id.
 */
export interface PersistedOperations {
  mode: Exclude<PersistedOperationsMode, 'off'>;
  /** The HTTP (and SSE) side: yoga's persisted-operations plugin on this allow-list. */
  plugin: Plugin;
  /** The document an operation runs: its own `query`, or the allow-list's for its id. Throws the refusal. */
  queryOf(params: OperationParams): string;
}

export interface OperationParams {
  query?: string | null;
  documentId?: unknown;
  extensions?: unknown;
}

const refusal = (code: string, message: string) => ({ message, extensions: { code, http: { status: 400 } } });
const REQUIRED = refusal('PERSISTED_QUERY_REQUIRED', 'this gateway runs persisted operations only (PERSISTED_OPERATIONS=only): send the id of an allow-listed operation as documentId or extensions.persistedQuery.sha256Hash, not a document');
const NOT_FOUND = refusal('PERSISTED_QUERY_NOT_FOUND', 'no persisted operation has this id (ids are the sha256 of the documents in PERSISTED_OPERATIONS_FILE)');
const NO_QUERY = refusal('BAD_USER_INPUT', 'send a query, or the id of a persisted operation as documentId or extensions.persistedQuery.sha256Hash');
const asError = (r: ReturnType<typeof refusal>) => new GraphQLError(r.message, { extensions: r.extensions });

/** Reads the allow-list and checks every document against the schema: a bad file stops the start. */
export function loadAllowList(file: string, schema: GraphQLSchema): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError(`PERSISTED_OPERATIONS_FILE ${file}: ${why}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ConfigError(`PERSISTED_OPERATIONS_FILE ${file}: must be a JSON object of id -> document (codegen's persisted-documents.json)`);
  const documents = new Map<string, string>();
  for (const [id, document] of Object.entries(json)) {
    if (typeof document !== 'string') throw new ConfigError(`PERSISTED_OPERATIONS_FILE ${file}: the entry ${id} is not a document string`);
    let problems: readonly GraphQLError[];
    try {
      problems = validate(schema, parse(document), specifiedRules);
    } catch (err) {
      problems = [err as GraphQLError];
    }
    if (problems.length) throw new ConfigError(`PERSISTED_OPERATIONS_FILE ${file}: the operation ${id} does not fit the schema: ${problems[0]!.message} (regenerate it with \`npm run codegen\`)`);
    documents.set(id, document);
  }
  return documents;
}

export function createPersistedOperations(mode: PersistedOperations['mode'], documents: ReadonlyMap<string, string>): PersistedOperations {
  const only = mode === 'only';
  const plugin = yogaPersistedOperations({
    allowArbitraryOperations: !only,
    // yoga reads only query, operationName, variables and extensions from a GET's URL.
    extractPersistedOperationId: (params, request) => idOf(params) ?? (request.method === 'GET' ? idOf({ documentId: new URL(request.url).searchParams.get('documentId') }) : null),
    getPersistedOperation: (id) => documents.get(id) ?? null,
    customErrors: { persistedQueryOnly: REQUIRED, notFound: NOT_FOUND, keyNotFound: only ? REQUIRED : NO_QUERY },
  }) as Plugin;
  return {
    mode,
    plugin,
    // The same decisions as the plugin's (which runs on yoga's HTTP params only), for graphql-ws.
    queryOf(params) {
      if (params.query) {
        if (only) throw asError(REQUIRED);
        return params.query;
      }
      const id = idOf(params);
      if (id === null) throw asError(only ? REQUIRED : NO_QUERY);
      const document = documents.get(id);
      if (document === undefined) throw asError(NOT_FOUND);
      return document;
    },
  };
}

function idOf(params: OperationParams): string | null {
  const { documentId, extensions } = params;
  if (typeof documentId === 'string') return documentId.replace(/^sha256:/, '');
  const pq = (extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return pq?.version === 1 && typeof pq.sha256Hash === 'string' ? pq.sha256Hash : null;
}
