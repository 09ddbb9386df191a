import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

// Query cost the way shopify.dev "GraphQL Admin API rate limits" describes it:
//   - scalars and enums cost 0;
//   - an object (or interface/union value, or a list of objects) costs 1 plus its selection;
//   - a connection costs 2 plus, per requested node (`first` or `last`), 1 plus the node's
//     selection; edges, cursors and pageInfo are included in that 2;
//   - a mutation root field costs 10 flat, whatever its payload selection;
//   - introspection fields (__typename, __schema, __type) are free.
// Fragments on an abstract type are costed per possible type and the most expensive one counts.
// The actual cost walks the response: connections count the nodes actually returned, null
// objects cost nothing. Shopify refunds requested minus actual to the bucket.

export const MUTATION_FIELD_COST = 10;
export const MAX_QUERY_COST = 1000;

interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

type FieldGroups = Map<string, Map<string, FieldNode[]>>;
const BASE_BUCKET = "";

function isConnectionType(type: GraphQLNamedType): boolean {
  return isObjectType(type) && /Connection$/.test(type.name) && "pageInfo" in type.getFields();
}

class CostWalker {
  constructor(private readonly input: CostInput) {}

  operationCost(data: unknown, actual: boolean): number {
    const rootType = this.input.schema.getRootType(this.input.operation.operation);
    if (!rootType) return 0;
    return this.selectionCost(this.input.operation.selectionSet, rootType, data, actual);
  }

  private included(node: FieldNode): boolean {
    const variables = this.input.variables;
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    return true;
  }

  private collect(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, bucket: string, groups: FieldGroups): void {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!this.included(selection)) continue;
        const key = selection.alias?.value ?? selection.name.value;
        const fields = groups.get(bucket) ?? new Map<string, FieldNode[]>();
        fields.set(key, [...(fields.get(key) ?? []), selection]);
        groups.set(bucket, fields);
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : this.input.fragments[selection.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition?.name.value;
      const nextBucket = condition && isAbstractType(parentType) && condition !== parentType.name ? condition : bucket;
      this.collect(fragment.selectionSet, parentType, nextBucket, groups);
    }
  }

  private selectionCost(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, data: unknown, actual: boolean): number {
    const groups: FieldGroups = new Map();
    this.collect(selectionSet, parentType, BASE_BUCKET, groups);
    let base = 0;
    let mostExpensiveFragment = 0;
    for (const [bucket, fields] of groups) {
      const bucketType = bucket === BASE_BUCKET ? parentType : (this.input.schema.getType(bucket) as GraphQLCompositeType);
      let cost = 0;
      for (const [key, nodes] of fields) {
        const record = data as Record<string, unknown> | null | undefined;
        if (actual && (record === null || typeof record !== "object" || !(key in record))) continue;
        cost += this.fieldCost(bucketType, nodes, actual ? record?.[key] : undefined, actual);
      }
      if (bucket === BASE_BUCKET) base = cost;
      else mostExpensiveFragment = Math.max(mostExpensiveFragment, cost);
    }
    return base + mostExpensiveFragment;
  }

  private fieldCost(parentType: GraphQLCompositeType, nodes: FieldNode[], data: unknown, actual: boolean): number {
    const node = nodes[0]!;
    const name = node.name.value;
    if (name.startsWith("__") || !("getFields" in parentType)) return 0;
    const field = parentType.getFields()[name];
    if (!field) return 0;
    if (parentType === this.input.schema.getMutationType()) return actual && data === null ? 0 : MUTATION_FIELD_COST;
    const namedType = getNamedType(field.type);
    if (isLeafType(namedType)) return 0;
    if (actual && (data === null || data === undefined)) return 0;
    const selection = mergeSelections(nodes);
    if (isConnectionType(namedType)) return this.connectionCost(field, node, namedType, selection, data, actual);
    const compositeType = namedType as GraphQLCompositeType;
    if (actual && Array.isArray(data)) {
      const itemCosts = data.map((item) => this.selectionCost(selection, compositeType, item, true));
      return data.length === 0 ? 0 : 1 + Math.max(...itemCosts);
    }
    return 1 + this.selectionCost(selection, compositeType, data, actual);
  }

  private connectionCost(
    field: GraphQLField<unknown, unknown>,
    node: FieldNode,
    connectionType: GraphQLNamedType,
    selection: SelectionSetNode,
    data: unknown,
    actual: boolean,
  ): number {
    if (!isObjectType(connectionType)) return 0;
    const nodeFieldType = connectionType.getFields().nodes?.type;
    if (!nodeFieldType) return 0;
    const nodeType = getNamedType(nodeFieldType) as GraphQLCompositeType;
    const nodeSelection = nodeSelectionsOf(selection);
    if (!actual) {
      const args = getArgumentValues(field, node, this.input.variables);
      const requested = Number(args.first ?? args.last ?? 0);
      const perNode = nodeSelection ? 1 + this.selectionCost(nodeSelection, nodeType, undefined, false) : 0;
      return 2 + requested * perNode;
    }
    const connection = data as { nodes?: unknown[]; edges?: Array<{ node?: unknown }> };
    const items = connection.nodes ?? connection.edges?.map((edge) => edge.node) ?? [];
    if (!nodeSelection) return 2;
    return 2 + items.reduce<number>((sum, item) => sum + 1 + this.selectionCost(nodeSelection, nodeType, item, true), 0);
  }
}

function mergeSelections(nodes: FieldNode[]): SelectionSetNode {
  return {
    kind: Kind.SELECTION_SET,
    selections: nodes.flatMap((node) => node.selectionSet?.selections ?? []),
  };
}

/** The selections made on each node of a connection, via `nodes { … }` and `edges { node { … } }`. */
function nodeSelectionsOf(connectionSelection: SelectionSetNode): SelectionSetNode | null {
  const selections = connectionSelection.selections.flatMap((selection) => {
    if (selection.kind !== Kind.FIELD) return [];
    if (selection.name.value === "nodes") return selection.selectionSet?.selections ?? [];
    if (selection.name.value === "edges") {
      return (selection.selectionSet?.selections ?? []).flatMap((edgeSelection) =>
        edgeSelection.kind === Kind.FIELD && edgeSelection.name.value === "node" ? edgeSelection.selectionSet?.selections ?? [] : [],
      );
    }
    return [];
  });
  return selections.length > 0 ? { kind: Kind.SELECTION_SET, selections } : null;
}

export function requestedQueryCost(input: CostInput): number {
  return new CostWalker(input).operationCost(undefined, false);
}

export function actualQueryCost(input: CostInput, data: unknown): number {
  return new CostWalker(input).operationCost(data, true);
}
