import type { ASTNode } from "graphql";

// The shape of one entry of a GraphQL response's "errors" list, as Shopify sends it.

export type ResponsePath = Array<string | number>;

export interface GraphqlErrorBody {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: ResponsePath;
  extensions?: Record<string, unknown>;
}

export function locationOf(node: ASTNode | undefined): Array<{ line: number; column: number }> {
  if (!node?.loc) return [];
  const { line, column } = node.loc.startToken;
  return [{ line, column }];
}

