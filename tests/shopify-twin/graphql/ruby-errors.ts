import {
  FieldsOnCorrectTypeRule,
  isEnumType,
  isUnionType,
  Kind,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  KnownTypeNamesRule,
  LoneAnonymousOperationRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  print,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  specifiedRules,
  UniqueOperationNamesRule,
  validate,
  ValuesOfCorrectTypeRule,
  VariablesAreInputTypesRule,
  VariablesInAllowedPositionRule,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type ValidationRule,
} from "graphql";
import { DocumentIndex, type ArgumentContext } from "./document-index";
import { locationOf, type GraphqlErrorBody, type ResponsePath } from "./error-body";

// Shopify's Admin API runs graphql-ruby. Clients (and our app's error handling) see its wording,
// so the twin validates with graphql-js and rewrites the common errors into graphql-ruby's
// messages, extension codes and paths (graphql-ruby lib/graphql/static_validation/rules/*).
// Uncommon errors keep graphql-js's message.

// One mapper per graphql-js validation rule.

type Mapper = (errors: readonly GraphQLError[], index: DocumentIndex, schema: GraphQLSchema) => GraphqlErrorBody[];

function body(message: string, node: ASTNode | undefined, path: ResponsePath | undefined, extensions?: Record<string, unknown>): GraphqlErrorBody {
  const result: GraphqlErrorBody = { message, locations: locationOf(node) };
  if (path) result.path = path;
  if (extensions) result.extensions = extensions;
  return result;
}

function passThrough(error: GraphQLError, index: DocumentIndex): GraphqlErrorBody {
  const node = error.nodes?.[0];
  return body(error.message, node, index.pathOf(node));
}

function quoted(message: string, pattern: RegExp): string[] | null {
  const match = pattern.exec(message);
  return match ? match.slice(1) : null;
}

function unwrapTypeName(signature: string): string {
  return signature.replace(/[[\]!]/g, "");
}

function operationLabel(operation: OperationDefinitionNode | undefined): string {
  if (!operation) return "anonymous query";
  return operation.name?.value ?? `anonymous ${operation.operation}`;
}

function selectionLabel(selection: SelectionNode): string {
  if (selection.kind === Kind.INLINE_FRAGMENT) return `"... on ${selection.typeCondition?.name.value ?? ""} { ... }"`;
  return `"${selection.name.value}"`;
}

const mapFieldsOnCorrectType: Mapper = (errors, index, schema) =>
  errors.map((error) => {
    const names = quoted(error.message, /^Cannot query field "([^"]+)" on type "([^"]+)"/);
    if (!names) return passThrough(error, index);
    const [fieldName, typeName] = names as [string, string];
    const node = error.nodes?.[0];
    if (isUnionType(schema.getType(typeName))) {
      return body(`Selections can't be made directly on unions (see selections on ${typeName})`, node, index.pathOf(node), {
        code: "selectionMismatch",
        nodeName: typeName,
      });
    }
    return body(`Field '${fieldName}' doesn't exist on type '${typeName}'`, node, index.pathOf(node), {
      code: "undefinedField",
      typeName,
      fieldName,
    });
  });

const mapKnownArgumentNames: Mapper = (errors, index) =>
  errors.map((error) => {
    const node = error.nodes?.[0];
    const onField = quoted(error.message, /^Unknown argument "([^"]+)" on field "[^".]+\.([^"]+)"/);
    const onDirective = quoted(error.message, /^Unknown argument "([^"]+)" on directive "@([^"]+)"/);
    const match = onField ?? onDirective;
    if (!match) return passThrough(error, index);
    const [argumentName, ownerName] = match as [string, string];
    const ownerKind = onField ? "Field" : "Directive";
    return body(`${ownerKind} '${ownerName}' doesn't accept argument '${argumentName}'`, node, index.pathOf(node), {
      code: "argumentNotAccepted",
      name: ownerName,
      typeName: ownerKind,
      argumentName,
    });
  });

const mapProvidedRequiredArguments: Mapper = (errors, index) => {
  // graphql-ruby reports all missing arguments of one field in a single error.
  const grouped = new Map<ASTNode, { kind: string; name: string; missing: string[] }>();
  const unmapped: GraphqlErrorBody[] = [];
  for (const error of errors) {
    const node = error.nodes?.[0];
    const match = quoted(error.message, /^(Field|Directive) "@?([^"]+)" argument "([^"]+)"/);
    if (!node || !match) {
      unmapped.push(passThrough(error, index));
      continue;
    }
    const [kind, name, argument] = match as [string, string, string];
    const entry = grouped.get(node) ?? { kind, name, missing: [] };
    entry.missing.push(argument);
    grouped.set(node, entry);
  }
  const mapped = [...grouped].map(([node, { kind, name, missing }]) =>
    body(`${kind} '${name}' is missing required arguments: ${missing.join(", ")}`, node, index.pathOf(node), {
      code: "missingRequiredArguments",
      className: kind,
      name,
      arguments: missing.join(", "),
    }),
  );
  return [...mapped, ...unmapped];
};

const mapScalarLeafs: Mapper = (errors, index, schema) =>
  errors.map((error) => {
    // graphql-js reports a leaf's selection set; graphql-ruby reports the field.
    const reported = error.nodes?.[0];
    const node = (reported && index.fieldOfSelectionSet.get(reported)) ?? reported;
    const leaf = quoted(error.message, /^Field "([^"]+)" must not have a selection since type "([^"]+)"/);
    if (leaf && node?.kind === Kind.FIELD) {
      const [fieldName, signature] = leaf as [string, string];
      const typeName = unwrapTypeName(signature);
      const kind = isEnumType(schema.getType(typeName)) ? "enums" : "scalars";
      const selections = node.selectionSet?.selections.map(selectionLabel).join(", ") ?? "";
      return body(
        `Selections can't be made on ${kind} (field '${fieldName}' returns ${typeName} but has selections [${selections}])`,
        node,
        index.pathOf(node),
        { code: "selectionMismatch", nodeName: `field '${fieldName}'` },
      );
    }
    const composite = quoted(error.message, /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields/);
    if (composite) {
      const [fieldName, signature] = composite as [string, string];
      return body(
        `Field must have selections (field '${fieldName}' returns ${unwrapTypeName(signature)} but has no selections. Did you mean '${fieldName} { ... }'?)`,
        node,
        index.pathOf(node),
        { code: "selectionMismatch", nodeName: `field '${fieldName}'` },
      );
    }
    return passThrough(error, index);
  });

const mapNoUndefinedVariables: Mapper = (errors, index) =>
  errors.map((error) => {
    const node = error.nodes?.[0];
    const name = quoted(error.message, /^Variable "\$([^"]+)"/)?.[0];
    if (!node || !name) return passThrough(error, index);
    const operation = index.operationOf.get(node);
    return body(`Variable $${name} is used by ${operationLabel(operation)} but not declared`, node, index.pathOf(node), {
      code: "variableNotDefined",
      variableName: name,
    });
  });

const mapNoUnusedVariables: Mapper = (errors, index) =>
  errors.map((error) => {
    const node = error.nodes?.[0];
    const name = quoted(error.message, /^Variable "\$([^"]+)"/)?.[0];
    const operation = node ? index.operationOf.get(node) : undefined;
    if (!name || !operation) return passThrough(error, index);
    return body(`Variable $${name} is declared by ${operationLabel(operation)} but not used`, operation, index.pathOf(operation), {
      code: "variableNotUsed",
      variableName: name,
    });
  });

function mismatchKind(variableType: string, expectedType: string): string {
  if (unwrapTypeName(variableType) !== unwrapTypeName(expectedType)) return "Type mismatch";
  const depth = (signature: string) => (signature.match(/\[/g) ?? []).length;
  return depth(variableType) !== depth(expectedType) ? "List dimension mismatch" : "Nullability mismatch";
}

const mapVariablesInAllowedPosition: Mapper = (errors, index) =>
  errors.map((error) => {
    const match = quoted(error.message, /^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"/);
    const usage = error.nodes?.[1];
    const context = usage ? index.argumentOf.get(usage) : undefined;
    if (!match || !context) return passThrough(error, index);
    const [variableName, variableType, expectedType] = match as [string, string, string];
    const kind = mismatchKind(variableType, expectedType);
    return body(
      `${kind} on variable $${variableName} and argument ${context.name} (${variableType} / ${expectedType})`,
      context.argumentNode,
      context.path,
      { code: "variableMismatch", variableName, typeName: variableType, argumentName: context.name, errorMessage: kind },
    );
  });

const mapKnownTypeNames: Mapper = (errors, index) =>
  errors.map((error) => {
    const node = error.nodes?.[0];
    const typeName = quoted(error.message, /^Unknown type "([^"]+)"/)?.[0];
    const context = node ? index.namedTypeContext.get(node) : undefined;
    if (!typeName || !context) return passThrough(error, index);
    if ("variableName" in context) {
      return body(`${typeName} isn't a defined input type (on $${context.variableName})`, context.node, index.pathOf(context.node), {
        code: "variableRequiresValidType",
        typeName,
        variableName: context.variableName,
      });
    }
    return body(`No such type ${typeName}, so it can't be a fragment condition`, context.fragmentNode, index.pathOf(context.fragmentNode), {
      code: "undefinedType",
      typeName,
    });
  });

const mapVariablesAreInputTypes: Mapper = (errors, index) =>
  errors.map((error) => {
    const match = quoted(error.message, /^Variable "\$([^"]+)" cannot be non-input type "([^"]+)"/);
    const node = error.nodes?.[0];
    if (!match) return passThrough(error, index);
    const [variableName, signature] = match as [string, string];
    const typeName = unwrapTypeName(signature);
    return body(`${typeName} isn't a valid input type (on $${variableName})`, node, index.pathOf(node), {
      code: "variableRequiresValidType",
      typeName,
      variableName,
    });
  });

const mapValuesOfCorrectType: Mapper = (errors, index) => {
  const results: GraphqlErrorBody[] = [];
  const reported = new Set<ArgumentContext>();
  for (const error of errors) {
    const node = error.nodes?.[0];
    const missing = quoted(error.message, /^Field "([^".]+)\.([^"]+)" of required type "([^"]+)" was not provided/);
    if (missing && node) {
      const [inputObjectType, argumentName, argumentType] = missing as [string, string, string];
      results.push(
        body(
          `Argument '${argumentName}' on InputObject '${inputObjectType}' is required. Expected type ${argumentType}`,
          node,
          [...(index.pathOf(node) ?? []), argumentName],
          { code: "missingRequiredInputObjectAttribute", argumentName, argumentType, inputObjectType },
        ),
      );
      continue;
    }
    const undefinedField = quoted(error.message, /^Field "([^"]+)" is not defined by type "([^"]+)"/);
    if (undefinedField && node) {
      const [argumentName, typeName] = undefinedField as [string, string];
      results.push(
        body(`InputObject '${typeName}' doesn't accept argument '${argumentName}'`, node, index.pathOf(node), {
          code: "argumentNotAccepted",
          name: typeName,
          typeName: "InputObject",
          argumentName,
        }),
      );
      continue;
    }
    const oneOf = quoted(error.message, /^OneOf Input Object "([^"]+)" must specify exactly one key/);
    if (oneOf && node) {
      results.push(
        body(`OneOf Input Object '${oneOf[0]!}' must specify exactly one key.`, node, index.pathOf(node), {
          code: "invalidOneOfInputObject",
          inputObjectType: oneOf[0],
        }),
      );
      continue;
    }
    const context = node ? index.argumentOf.get(node) : undefined;
    if (!context) {
      results.push(passThrough(error, index));
      continue;
    }
    if (reported.has(context)) continue;
    reported.add(context);
    results.push(
      body(
        `Argument '${context.name}' on ${context.ownerKind} '${context.ownerName}' has an invalid value (${print(context.valueNode)}). Expected type '${String(context.type ?? "")}'.`,
        context.ownerNode,
        context.path,
        { code: "argumentLiteralsIncompatible", typeName: context.ownerKind, argumentName: context.name },
      ),
    );
  }
  return results;
};

function renamed(pattern: RegExp, replace: (names: string[]) => string, code: string, extensionName?: string): Mapper {
  return (errors, index) =>
    errors.map((error) => {
      const names = quoted(error.message, pattern);
      if (!names) return passThrough(error, index);
      const node = error.nodes?.[0];
      const extensions: Record<string, unknown> = { code };
      if (extensionName && names[0]) extensions[extensionName] = names[0];
      return body(replace(names), node, index.pathOf(node), extensions);
    });
}

const MAPPERS: ReadonlyMap<ValidationRule, Mapper> = new Map<ValidationRule, Mapper>([
  [FieldsOnCorrectTypeRule, mapFieldsOnCorrectType],
  [KnownArgumentNamesRule, mapKnownArgumentNames],
  [ProvidedRequiredArgumentsRule, mapProvidedRequiredArguments],
  [ScalarLeafsRule, mapScalarLeafs],
  [NoUndefinedVariablesRule, mapNoUndefinedVariables],
  [NoUnusedVariablesRule, mapNoUnusedVariables],
  [VariablesInAllowedPositionRule, mapVariablesInAllowedPosition],
  [KnownTypeNamesRule, mapKnownTypeNames],
  [VariablesAreInputTypesRule, mapVariablesAreInputTypes],
  [ValuesOfCorrectTypeRule, mapValuesOfCorrectType],
  [KnownDirectivesRule, renamed(/^Unknown directive "@([^"]+)"/, ([name]) => `Directive @${name ?? ""} is not defined`, "undefinedDirective", "directiveName")],
  [UniqueOperationNamesRule, renamed(/^There can be only one operation named "([^"]+)"/, ([name]) => `Operation name "${name ?? ""}" must be unique`, "uniquelyNamedOperations")],
  [LoneAnonymousOperationRule, renamed(/^(This anonymous operation)/, () => "Operation name is required when multiple operations are present", "uniquelyNamedOperations")],
  [NoUnusedFragmentsRule, renamed(/^Fragment "([^"]+)" is never used/, ([name]) => `Fragment ${name ?? ""} was defined, but not used`, "useAndDefineFragment", "fragmentName")],
  [KnownFragmentNamesRule, renamed(/^Unknown fragment "([^"]+)"/, ([name]) => `Fragment ${name ?? ""} was used, but not defined`, "useAndDefineFragment", "fragmentName")],
]);

function compareLocations(a: GraphqlErrorBody, b: GraphqlErrorBody): number {
  const [first, second] = [a.locations?.[0], b.locations?.[0]];
  if (!first || !second) return first ? -1 : second ? 1 : 0;
  return first.line - second.line || first.column - second.column;
}

/**
 * Returns graphql-ruby-shaped errors, or an empty list for a valid document. Only invalid
 * documents pay for the per-rule passes that attribute each error to its rule.
 */
export function rubyValidationErrors(schema: GraphQLSchema, document: DocumentNode): GraphqlErrorBody[] {
  if (validate(schema, document).length === 0) return [];
  const index = new DocumentIndex(schema, document);
  const results: GraphqlErrorBody[] = [];
  for (const rule of specifiedRules) {
    const errors = validate(schema, document, [rule]);
    if (errors.length === 0) continue;
    const mapper = MAPPERS.get(rule);
    results.push(...(mapper ? mapper(errors, index, schema) : errors.map((error) => passThrough(error, index))));
  }
  return results.sort(compareLocations);
}

