import { getOperationAST, Kind, parse, type DocumentNode, type GraphQLSchema, type ValueNode } from 'graphql';
import type { UploadCaps } from '../schema/uploads.js';

/**
 * Which cap applies to each file of a GraphQL multipart request, known from `operations` and
 * `map` before the first file byte arrives: a file's map path (`variables.input.files.2`) names
 * a variable, the operation says which mutation field takes that variable, and that field's
 * `extensions.uploads` (schema/uploads.ts) gives its caps. A file the operation cannot place
 * (a variable no upload field takes, a document that does not parse) gets the largest cap any
 * field has, and GraphQL validation or the resolver refuses it later.
 */
export interface FileTarget {
  maxBytes: number;
  /** Where the file sits in the field's arguments (`input.files.2`), for errors. */
  argumentPath: string;
  field?: string;
}

export interface TargetPlan {
  /** By the file's form-field name (the `map` key). */
  files: Map<string, FileTarget>;
  /** A list of files longer than its field takes (`input.files` with six task files). */
  tooMany?: { argumentPath: string; field: string; count: number; maxFiles: number };
}

interface Use {
  field: string;
  caps?: UploadCaps;
  path: string[];
}

const largest = new WeakMap<GraphQLSchema, number>();
/** The largest per-file cap of any mutation: what a file the plan cannot place is held to. Once per schema. */
function largestCap(schema: GraphQLSchema): number {
  let cap = largest.get(schema);
  if (cap === undefined) {
    const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
    largest.set(schema, (cap = Math.max(0, ...fields.map((f) => (f.extensions.uploads as UploadCaps | undefined)?.maxFileBytes ?? 0))));
  }
  return cap;
}

export function planTargets(schema: GraphQLSchema, operations: { query?: unknown; operationName?: unknown }, map: Record<string, string[]>): TargetPlan {
  const uses = variableUses(schema, operations);
  const fallback = largestCap(schema);
  const files = new Map<string, FileTarget>();
  const lists = new Map<string, { use: Use; argumentPath: string; count: number }>();
  for (const [name, paths] of Object.entries(map)) {
    let target: FileTarget | undefined;
    for (const path of paths) {
      const [root, variable, ...rest] = path.split('.');
      const found = root === 'variables' ? (uses.get(variable) ?? []) : [];
      for (const use of found) {
        const argumentPath = [...use.path, ...rest];
        const maxBytes = use.caps?.maxFileBytes ?? fallback;
        if (!target || maxBytes > target.maxBytes) target = { maxBytes, argumentPath: argumentPath.join('.'), field: use.field };
        // A list of uploads (`files.3`): count the entries each field's list gets.
        if (use.caps && /^\d+$/.test(argumentPath.at(-1) ?? '')) {
          const listPath = argumentPath.slice(0, -1).join('.');
          const key = `${use.field}\u0000${listPath}`;
          const list = lists.get(key) ?? { use, argumentPath: listPath, count: 0 };
          list.count++;
          lists.set(key, list);
        }
      }
      target ??= { maxBytes: fallback, argumentPath: rest.join('.') || path };
    }
    if (target) files.set(name, target);
  }
  const over = [...lists.values()].find((l) => l.count > (l.use.caps?.maxFiles ?? Infinity));
  return { files, tooMany: over && { argumentPath: over.argumentPath, field: over.use.field, count: over.count, maxFiles: over.use.caps!.maxFiles } };
}

/** Every variable the operation's root mutation fields take, with where in their arguments. */
function variableUses(schema: GraphQLSchema, operations: { query?: unknown; operationName?: unknown }): Map<string, Use[]> {
  const uses = new Map<string, Use[]>();
  let document: DocumentNode;
  try {
    document = parse(String(operations.query ?? ''));
  } catch {
    return uses;
  }
  const operation = getOperationAST(document, typeof operations.operationName === 'string' ? operations.operationName : undefined);
  if (operation?.operation !== 'mutation') return uses;
  const fields = schema.getMutationType()?.getFields() ?? {};
  const walk = (value: ValueNode, use: Omit<Use, 'path'>, path: string[]) => {
    if (value.kind === Kind.VARIABLE) uses.set(value.name.value, [...(uses.get(value.name.value) ?? []), { ...use, path }]);
    else if (value.kind === Kind.OBJECT) for (const f of value.fields) walk(f.value, use, [...path, f.name.value]);
    else if (value.kind === Kind.LIST) value.values.forEach((v, i) => walk(v, use, [...path, String(i)]));
  };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const caps = fields[selection.name.value]?.extensions.uploads as UploadCaps | undefined;
    for (const arg of selection.arguments ?? []) walk(arg.value, { field: selection.name.value, caps }, [arg.name.value]);
  }
  return uses;
}
