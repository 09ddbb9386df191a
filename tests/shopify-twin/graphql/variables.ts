import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { GraphqlErrorBody } from "./error-body";

// Variable values are checked the way graphql-ruby does it (Schema::Member::ValidatesInput),
// collecting every problem with its path, so the error reads like Shopify's:
//   Variable $input of type CustomerInput! was provided invalid value for email (Could not coerce value 1 to String)
// graphql-js then coerces the already-valid values during execution.

export interface InputProblem {
  path: Array<string | number>;
  explanation: string;
}

/** graphql-ruby's GraphQL::Language.serialize, used inside explanations. */
function rubySerialize(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(rubySerialize).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).map(([key, item]) => `${key}:${rubySerialize(item)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC_STRING = /^-?\d+(\.\d+)?$/;

// Built-in scalars follow graphql-ruby; Shopify's custom scalars follow their documented formats.
const SCALAR_ACCEPTS: Record<string, (value: unknown) => boolean> = {
  String: (value) => typeof value === "string",
  Int: (value) => Number.isInteger(value) && Math.abs(value as number) <= 2_147_483_647,
  Float: (value) => typeof value === "number" && Number.isFinite(value),
  Boolean: (value) => typeof value === "boolean",
  ID: (value) => typeof value === "string" || Number.isInteger(value),
  DateTime: (value) => typeof value === "string" && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
  Date: (value) => typeof value === "string" && ISO_DATE.test(value),
  URL: (value) => typeof value === "string",
  UnsignedInt64: (value) => (Number.isInteger(value) && (value as number) >= 0) || (typeof value === "string" && /^\d+$/.test(value)),
  BigInt: (value) => Number.isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value)),
  Decimal: (value) => typeof value === "number" || (typeof value === "string" && NUMERIC_STRING.test(value)),
  Money: (value) => typeof value === "number" || (typeof value === "string" && NUMERIC_STRING.test(value)),
  JSON: () => true,
};

function validateInput(type: GraphQLInputType, value: unknown, path: Array<string | number>, problems: InputProblem[]): void {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) {
      problems.push({ path, explanation: "Expected value to not be null" });
      return;
    }
    validateInput(type.ofType, value, path, problems);
    return;
  }
  if (value === null || value === undefined) return;
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, index) => validateInput(type.ofType as GraphQLInputType, item, [...path, index], problems));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== "object" || Array.isArray(value)) {
      problems.push({ path, explanation: `Expected ${JSON.stringify(value)} to be a key-value object.` });
      return;
    }
    const fields = type.getFields();
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key, item] of entries) {
      const field = fields[key];
      if (!field) problems.push({ path: [...path, key], explanation: `Field is not defined on ${type.name}` });
      else validateInput(field.type, item, [...path, key], problems);
    }
    for (const field of Object.values(fields)) {
      if (!(field.name in (value as Record<string, unknown>)) && isNonNullType(field.type) && field.defaultValue === undefined) {
        validateInput(field.type, undefined, [...path, field.name], problems);
      }
    }
    if (type.isOneOf) {
      if (entries.length !== 1) {
        problems.push({ path, explanation: `'${type.name}' requires exactly one argument, but ${entries.length} were provided.` });
      } else if (entries[0]![1] === null) {
        problems.push({ path, explanation: `'${type.name}' requires exactly one argument, but '${entries[0]![0]}' was \`null\`.` });
      }
    }
    return;
  }
  if (isEnumType(type)) {
    if (typeof value !== "string" || !type.getValue(value)) {
      const allowed = type.getValues().map((enumValue) => enumValue.name).join(", ");
      problems.push({ path, explanation: `Expected ${rubySerialize(value)} to be one of: ${allowed}` });
    }
    return;
  }
  if (isScalarType(type)) {
    const accepts = SCALAR_ACCEPTS[type.name] ?? ((candidate: unknown) => typeof candidate === "string");
    if (!accepts(value)) problems.push({ path, explanation: `Could not coerce value ${rubySerialize(value)} to ${type.name}` });
  }
}

export function rubyVariableErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): GraphqlErrorBody[] {
  const errors: GraphqlErrorBody[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue; // already reported by validation
    const provided = Object.hasOwn(variables, name);
    if (!provided && definition.defaultValue) continue;
    const value = provided ? variables[name] : undefined;
    const problems: InputProblem[] = [];
    validateInput(type, value, [], problems);
    if (problems.length === 0) continue;
    const details = problems.filter((problem) => problem.path.length > 0).map((problem) => `${problem.path.join(".")} (${problem.explanation})`);
    const location = definition.loc?.startToken;
    errors.push({
      message: `Variable $${name} of type ${String(type)} was provided invalid value${details.length > 0 ? ` for ${details.join(", ")}` : ""}`,
      locations: location ? [{ line: location.line, column: location.column }] : [],
      extensions: { value: value ?? null, problems },
    });
  }
  return errors;
}
