// The function's input query and Shopify's published schema for it, and a check that a fixture
// is exactly what Shopify would send for that query: the same fields under the same aliases,
// nothing more, and values of the schema's types. Fixtures that drift from the query fail here
// instead of passing against inputs Shopify never produces.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import {
  buildClientSchema,
  coerceInputValue,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const FUNCTION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES_DIR = path.join(FUNCTION_DIR, "tests/fixtures");

export function extensionToml(): string {
  return fs.readFileSync(path.join(FUNCTION_DIR, "shopify.extension.toml"), "utf8");
}

/** A `key = "value"` line of shopify.extension.toml (each key used here occurs once). */
export function tomlString(key: string): string {
  const match = new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(extensionToml());
  if (!match) throw new Error(`${key} not found in shopify.extension.toml`);
  return match[1];
}

/** Shopify's Cart and Checkout Validation schema for the extension's api_version (vendored, see schema/). */
export function loadSchema(apiVersion = tomlString("api_version")): GraphQLSchema {
  const file = path.join(FUNCTION_DIR, `tests/schema/functions_cart_checkout_validation_${apiVersion}.json.gz`);
  const introspection: { data: IntrospectionQuery } = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8"));
  return buildClientSchema(introspection.data);
}

export function loadInputQuery(): DocumentNode {
  return parse(fs.readFileSync(path.join(FUNCTION_DIR, tomlString("input_query")), "utf8"));
}

export type Fixture = {
  payload: { export: string; target: string; input: unknown; output: unknown };
};

/** The fixtures, in the format of Shopify's function test helpers (tests/fixtures/*.json). */
export function loadFixtures(): [string, Fixture][] {
  return fs
    .readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => [path.basename(file, ".json"), JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, file), "utf8"))]);
}

/** Every way `input` differs from a response to `query`, as "path: problem" lines. */
export function inputProblems(schema: GraphQLSchema, query: DocumentNode, input: unknown): string[] {
  const operation = query.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const root = schema.getQueryType();
  if (!operation || !root) return ["no query operation"];
  const problems: string[] = [];
  checkObject(input, operation.selectionSet, root, "$", problems);
  return problems;
}

function checkObject(value: unknown, selectionSet: SelectionSetNode, type: GraphQLObjectType, at: string, problems: string[]) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${at}: expected an object`);
    return;
  }
  const record = value as Record<string, unknown>;
  const selected = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== "Field") {
      problems.push(`${at}: fragments are not supported by this check`);
      continue;
    }
    const responseKey = selection.alias?.value ?? selection.name.value;
    selected.add(responseKey);
    const field = type.getFields()[selection.name.value];
    if (!field) problems.push(`${at}.${responseKey}: ${type.name} has no field ${selection.name.value}`);
    else if (!(responseKey in record)) problems.push(`${at}.${responseKey}: missing`);
    else checkValue(record[responseKey], field.type, selection.selectionSet, `${at}.${responseKey}`, problems);
  }
  for (const key of Object.keys(record)) {
    if (!selected.has(key)) problems.push(`${at}.${key}: not selected by the query`);
  }
}

function checkValue(value: unknown, type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, at: string, problems: string[]) {
  if (isNonNullType(type)) {
    if (value === null) problems.push(`${at}: null, but the schema says ${type}`);
    else checkValue(value, type.ofType, selectionSet, at, problems);
    return;
  }
  if (value === null) return;
  if (isListType(type)) {
    if (!Array.isArray(value)) problems.push(`${at}: expected a list`);
    else value.forEach((item, i) => checkValue(item, type.ofType, selectionSet, `${at}[${i}]`, problems));
    return;
  }
  const named = getNamedType(type);
  if (isObjectType(named) && selectionSet) {
    checkObject(value, selectionSet, named, at, problems);
  } else if (isEnumType(named)) {
    if (typeof value !== "string" || !named.getValue(value)) problems.push(`${at}: not a ${named.name} value`);
  } else if (isLeafType(named)) {
    const expected = { String: "string", ID: "string", Boolean: "boolean", Int: "number", Float: "number" }[named.name];
    if (expected && typeof value !== expected) problems.push(`${at}: expected a ${named.name}`);
  } else {
    problems.push(`${at}: ${named.name} is neither a leaf nor selected into`);
  }
}

/** Every way `output` is not a valid value of the target's result type, as "path: problem" lines. */
export function outputProblems(schema: GraphQLSchema, output: unknown, typeName = "CartValidationsGenerateRunResult"): string[] {
  const type = schema.getType(typeName);
  if (!isInputObjectType(type)) return [`${typeName} is not an input type of this schema`];
  const problems: string[] = [];
  coerceInputValue(output, type, (path, _invalid, error) => problems.push(`$.${path.join(".")}: ${error.message}`));
  return problems;
}
