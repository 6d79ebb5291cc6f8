import { Kind, isAbstractType, isInterfaceType, isObjectType, type FragmentDefinitionNode, type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode } from 'graphql';

/** Whether the field being resolved selects any of `names` at any depth (fragments included). */
export const selects = (info: GraphQLResolveInfo, names: string[]): boolean =>
  setsSelect(
    info.fragments,
    info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
    names,
  );

type Fragments = Record<string, FragmentDefinitionNode>;
/** What a selected leaf field contributes: it is selected, with nothing below it. */
const LEAF: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: [] };

/**
 * The selection sets of the subfield `field` (any alias) that `sets` select on an object of type
 * `typename`, through the fragments that apply to it (an empty set for a leaf). Null when a directive (`@skip`, `@include`,
 * anything) on the field or on a fragment on the way could leave it out: the caller then cannot
 * know ahead of the executor whether it runs.
 */
export function subSelections(schema: GraphQLSchema, fragments: Fragments, sets: readonly SelectionSetNode[], typename: string, field: string): SelectionSetNode[] | null {
  const object = schema.getType(typename);
  const applies = (condition: string | undefined) => {
    if (!condition || condition === typename) return true;
    const type = schema.getType(condition);
    return !!type && isAbstractType(type) && (isObjectType(object) || isInterfaceType(object)) && schema.isSubType(type, object);
  };
  const out: SelectionSetNode[] = [];
  const walk = (set: SelectionSetNode): boolean =>
    set.selections.every((s) => {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== field) return true;
        if (s.directives?.length) return false;
        out.push(s.selectionSet ?? LEAF);
        return true;
      }
      const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : fragments[s.name.value];
      if (!fragment || !applies(fragment.typeCondition?.name.value)) return true;
      if (s.directives?.length || fragment.directives?.length) return false;
      return walk(fragment.selectionSet);
    });
  return sets.every(walk) ? out : null;
}

/** `selects` over selection sets: whether any of `names` is selected at any depth. */
export function setsSelect(fragments: Fragments, sets: readonly SelectionSetNode[], names: string[]): boolean {
  const wanted = new Set(names);
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return wanted.has(s.name.value) || walk(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return walk(fragments[s.name.value]?.selectionSet);
    });
  return sets.some(walk);
}
