import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { ASSUMED, BATCH_SIZES, type BatchEndpoint } from './assumptions.js';
import { DEFAULT_MUTATION_CALLS, LOADS, PRICES, type FieldPrice, type Objects } from './prices.js';

export interface CostEstimate {
  /** Feishu calls the operation is expected to cause (token requests left out). */
  estimatedCalls: number;
}

/**
 * Estimates the Feishu calls an operation can cause, before it runs: walks the operation with
 * its variables (fragments, inline fragments, aliases, `@skip`/`@include`) against the schema
 * and the price list (prices.ts). Per-parent calls (pages, gets) multiply with the objects the
 * walk has reached; batched loads add their keys per endpoint and wave and cost
 * ceil(keys / batch size); reads cached per table or base count once per distinct one.
 * The estimate assumes batching is on (GATEWAY_BATCHING=off is a test mode: it prices the
 * query, not the mode). Returns undefined when the operation cannot be read (validation or
 * execution will say why).
 */
export function estimateCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variableValues?: Record<string, unknown> | null): CostEstimate | undefined {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
  if (coerced.errors) return undefined;
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const walk = new Walk(schema, fragments, coerced.coerced, operation.operation === 'mutation');
  walk.selections(root, operation.selectionSet, { count: 1, tables: 0, origin: '', wave: 0, known: 'full' });
  return { estimatedCalls: walk.total() };
}

class Walk {
  private calls = 0;
  /** Reads cached per request: label@origin -> distinct objects (the largest count seen). */
  private readonly once = new Map<string, number>();
  /** Batched loads of one set of objects: endpoint@origin -> keys, and their wave. */
  private readonly loads = new Map<string, { endpoint: BatchEndpoint; wave: number; keys: number }>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly mutation: boolean,
  ) {}

  total(): number {
    const byWave = new Map<string, number>();
    for (const { endpoint, wave, keys } of this.loads.values()) byWave.set(`${endpoint}@${wave}`, (byWave.get(`${endpoint}@${wave}`) ?? 0) + keys);
    let batched = 0;
    for (const [k, keys] of byWave) batched += Math.ceil(keys / BATCH_SIZES[k.split('@')[0] as BatchEndpoint]);
    let cached = 0;
    for (const n of this.once.values()) cached += n;
    return Math.ceil(this.calls + batched + cached);
  }

  selections(type: GraphQLCompositeType, set: SelectionSetNode, objects: Objects, seen: ReadonlySet<string> = new Set()): void {
    for (const s of set.selections) {
      if (!this.included(s)) continue;
      if (s.kind === Kind.FIELD) {
        this.field(type, s, objects);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? this.schema.getType(s.typeCondition.name.value) : type;
        if (on && isCompositeType(on)) this.selections(on, s.selectionSet, narrow(type, on, objects), seen);
      } else {
        const name = s.name.value;
        const fragment = this.fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const on = this.schema.getType(fragment.typeCondition.name.value);
        if (on && isCompositeType(on)) this.selections(on, fragment.selectionSet, narrow(type, on, objects), new Set([...seen, name]));
      }
    }
  }

  private included(node: Parameters<typeof getDirectiveValues>[1]): boolean {
    if (getDirectiveValues(GraphQLSkipDirective, node, this.variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, this.variables)?.if !== false;
  }

  private field(type: GraphQLCompositeType, node: FieldNode, objects: Objects): void {
    const name = node.name.value;
    // Unions have no fields of their own but __typename, which costs nothing.
    if (name.startsWith('__') || (isAbstractType(type) && !('getFields' in type))) return;
    const def = (type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[name];
    if (!def || objects.count <= 0) return;
    const price = priceOf(type, name);
    this.loadIfNeeded(type, name, objects);
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(def, node, this.variables);
    } catch {
      // Invalid arguments: the resolver refuses them before any call.
    }
    if (price?.input) this.calls += price.input((args.input ?? {}) as Record<string, unknown>);
    else if (this.mutation && type === this.schema.getMutationType()) this.calls += DEFAULT_MUTATION_CALLS;
    if (price?.perParent) this.calls += objects.count * price.perParent;
    if (price?.perTable) this.cachedRead(price.perTable, objects.origin, objects.tables || 1);
    if (price?.batch) this.load(price.batch.endpoint, `${objects.origin}/${name}`, objects.wave, price.batch.keys(objects, args));

    const child = getNamedType(def.type);
    if (!node.selectionSet || !isCompositeType(child)) return;
    const key = node.alias?.value ?? name;
    const next: Objects = {
      count: objects.count * (price?.child ? 1 : listSize(def.type, type.name)),
      tables: objects.tables,
      origin: `${objects.origin}/${key}`,
      wave: objects.wave,
      known: 'full',
      ...price?.child?.(objects, args),
    };
    this.selections(child, node.selectionSet, next);
  }

  /** A field beyond the keys of objects known only by their keys loads them. */
  private loadIfNeeded(type: GraphQLCompositeType, field: string, objects: Objects): void {
    const load = LOADS[type.name];
    if (!load || objects.known === 'full' || load.free.includes(field)) return;
    if (Array.isArray(objects.known) && objects.known.includes(field)) return;
    if (load.endpoint === 'perBase') this.cachedRead(type.name, objects.origin, 1);
    else this.load(load.endpoint, objects.origin, objects.wave + (load.endpoint === 'single' ? 0 : 1), objects.count);
  }

  private cachedRead(label: string, origin: string, n: number): void {
    const k = `${label}@${origin}`;
    this.once.set(k, Math.max(this.once.get(k) ?? 0, n));
  }

  private load(endpoint: BatchEndpoint, origin: string, wave: number, keys: number): void {
    const k = `${endpoint}@${origin}`;
    const prev = this.loads.get(k);
    this.loads.set(k, { endpoint, wave, keys: Math.max(prev?.keys ?? 0, keys) });
  }
}

function priceOf(type: GraphQLCompositeType, field: string): FieldPrice | undefined {
  const own = PRICES[`${type.name}.${field}`];
  if (own || !isObjectType(type)) return own;
  for (const i of type.getInterfaces()) {
    const inherited = PRICES[`${i.name}.${field}`];
    if (inherited) return inherited;
  }
  return undefined;
}

/** Unpriced list fields: connection edges carry the page already; other lists a few items. */
function listSize(type: GraphQLOutputType, parent: string): number {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (!isListType(inner)) return 1;
  return parent.endsWith('Connection') ? 1 : ASSUMED.listItems;
}

/** Objects under an abstract type narrowed to a fragment's type: that type's share. */
function narrow(from: GraphQLCompositeType, to: GraphQLCompositeType, objects: Objects): Objects {
  if (from === to || !isObjectType(to)) return objects;
  const count = objects.byType?.[to.name] ?? objects.count;
  return { ...objects, count };
}
