import {
  getNamedType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { ResponsePath } from "./error-body";

// Where things are in a document, in graphql-ruby's terms: the response path graphql-ruby reports
// for a node ("query Name", field aliases, argument names, list indexes), the argument a value
// belongs to, and the operation a variable belongs to. Built only for invalid documents.

export interface ArgumentContext {
  name: string;
  ownerKind: "Field" | "InputObject" | "Directive";
  ownerName: string;
  /** The node graphql-ruby reports literal errors on: the field, directive or input object. */
  ownerNode: ASTNode;
  argumentNode: ASTNode;
  type: GraphQLInputType | undefined;
  valueNode: ASTNode;
  path: ResponsePath;
}

export class DocumentIndex {
  readonly paths = new Map<ASTNode, ResponsePath>();
  readonly argumentOf = new Map<ASTNode, ArgumentContext>();
  readonly operationOf = new Map<ASTNode, OperationDefinitionNode>();
  readonly fieldOfSelectionSet = new Map<ASTNode, FieldNode>();
  readonly namedTypeContext = new Map<ASTNode, { variableName: string; node: ASTNode } | { fragmentNode: ASTNode }>();

  constructor(schema: GraphQLSchema, document: DocumentNode) {
    const typeInfo = new TypeInfo(schema);
    const path: ResponsePath = [];
    const owners: Array<{ kind: "Field" | "Directive"; name: string; node: ASTNode }> = [];
    const inputObjects: ASTNode[] = [];
    const argumentStack: ArgumentContext[] = [];
    let operation: OperationDefinitionNode | null = null;
    let variableDefinition: { variableName: string; node: ASTNode } | null = null;
    // The fragment whose type condition is being visited (type conditions come first in a fragment).
    let fragmentNode: ASTNode | null = null;
    const pushed = new Set<ASTNode>();
    const enterPath = (node: ASTNode, segment: string | number) => {
      path.push(segment);
      pushed.add(node);
      this.paths.set(node, [...path]);
    };
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        enter: (node, key, parent) => {
          switch (node.kind) {
            case Kind.OPERATION_DEFINITION:
              operation = node;
              enterPath(node, node.name ? `${node.operation} ${node.name.value}` : node.operation);
              break;
            case Kind.FRAGMENT_DEFINITION:
              fragmentNode = node;
              enterPath(node, `fragment ${node.name.value}`);
              break;
            case Kind.VARIABLE_DEFINITION:
              variableDefinition = { variableName: node.variable.name.value, node };
              if (operation) this.operationOf.set(node, operation);
              this.paths.set(node, [...path]);
              break;
            case Kind.FIELD:
              if (node.selectionSet) this.fieldOfSelectionSet.set(node.selectionSet, node);
              owners.push({ kind: "Field", name: node.name.value, node });
              enterPath(node, node.alias?.value ?? node.name.value);
              break;
            case Kind.DIRECTIVE:
              owners.push({ kind: "Directive", name: node.name.value, node });
              this.paths.set(node, [...path]);
              break;
            case Kind.INLINE_FRAGMENT:
              if (node.typeCondition) fragmentNode = node;
              enterPath(node, node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...");
              break;
            case Kind.FRAGMENT_SPREAD:
              enterPath(node, `... ${node.name.value}`);
              break;
            case Kind.NAMED_TYPE:
              if (variableDefinition) this.namedTypeContext.set(node, variableDefinition);
              else if (fragmentNode) this.namedTypeContext.set(node, { fragmentNode });
              break;
            case Kind.ARGUMENT: {
              const owner = owners[owners.length - 1];
              enterPath(node, node.name.value);
              if (owner) {
                argumentStack.push({
                  name: node.name.value,
                  ownerKind: owner.kind,
                  ownerName: owner.name,
                  ownerNode: owner.node,
                  argumentNode: node,
                  type: typeInfo.getInputType() ?? undefined,
                  valueNode: node.value,
                  path: [...path],
                });
              }
              break;
            }
            case Kind.OBJECT_FIELD: {
              const parentType = typeInfo.getParentInputType();
              enterPath(node, node.name.value);
              argumentStack.push({
                name: node.name.value,
                ownerKind: "InputObject",
                ownerName: parentType ? getNamedType(parentType).name : "",
                ownerNode: inputObjects[inputObjects.length - 1] ?? node,
                argumentNode: node,
                type: typeInfo.getInputType() ?? undefined,
                valueNode: node.value,
                path: [...path],
              });
              break;
            }
            case Kind.OBJECT:
              // graphql-ruby numbers input objects inside list arguments.
              if (Array.isArray(parent) && typeof key === "number") enterPath(node, key);
              inputObjects.push(node);
              break;
            default:
              break;
          }
          if (isValueNode(node)) {
            const context = argumentStack[argumentStack.length - 1];
            if (context) this.argumentOf.set(node, context);
            if (!this.paths.has(node)) this.paths.set(node, [...path]);
          }
          if (node.kind === Kind.VARIABLE && operation) this.operationOf.set(node, operation);
          return undefined;
        },
        leave: (node) => {
          if (pushed.has(node)) path.pop();
          switch (node.kind) {
            case Kind.FIELD:
            case Kind.DIRECTIVE:
              owners.pop();
              break;
            case Kind.ARGUMENT:
              if (argumentStack[argumentStack.length - 1]?.argumentNode === node) argumentStack.pop();
              break;
            case Kind.OBJECT_FIELD:
              argumentStack.pop();
              break;
            case Kind.OBJECT:
              inputObjects.pop();
              break;
            case Kind.VARIABLE_DEFINITION:
              variableDefinition = null;
              break;
            default:
              break;
          }
          return undefined;
        },
      }),
    );
  }

  pathOf(node: ASTNode | undefined): ResponsePath | undefined {
    return node ? this.paths.get(node) : undefined;
  }
}

function isValueNode(node: ASTNode): boolean {
  switch (node.kind) {
    case Kind.VARIABLE:
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.NULL:
    case Kind.ENUM:
    case Kind.LIST:
    case Kind.OBJECT:
      return true;
    default:
      return false;
  }
}

