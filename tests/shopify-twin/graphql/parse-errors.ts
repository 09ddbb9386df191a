import type { GraphQLError } from "graphql";
import type { GraphqlErrorBody } from "./error-body";

// Parse errors in graphql-ruby's wording. Shopify answers e.g. `Parse error on ")" (RPAREN) at [1, 28]`
// (seen in Shopify/shopify-cli#668 and Shopify/shopify-api-ruby#934).

const PUNCTUATOR_TOKENS: Record<string, string> = {
  "{": "LCURLY",
  "}": "RCURLY",
  "(": "LPAREN",
  ")": "RPAREN",
  "[": "LBRACKET",
  "]": "RBRACKET",
  ":": "COLON",
  $: "VAR_SIGN",
  "!": "BANG",
  "=": "EQUALS",
  "...": "ELLIPSIS",
  "@": "DIR_SIGN",
  "|": "PIPE",
  "&": "AMP",
};
const KEYWORDS = new Set(["query", "mutation", "subscription", "fragment", "on", "true", "false", "null", "schema", "type", "input", "enum", "union", "interface", "scalar", "directive", "extend", "implements"]);

function rubyToken(found: string): { text: string; token: string } {
  const punctuator = /^"(.+)"$/.exec(found);
  if (punctuator && PUNCTUATOR_TOKENS[punctuator[1]!]) return { text: punctuator[1]!, token: PUNCTUATOR_TOKENS[punctuator[1]!]! };
  const typed = /^(Name|String|Int|Float|BlockString) "(.*)"$/.exec(found);
  if (typed) {
    const [, kind, text] = typed as unknown as [string, string, string];
    if (kind === "Name") return { text, token: KEYWORDS.has(text) ? text.toUpperCase() : "IDENTIFIER" };
    return { text, token: kind === "BlockString" ? "STRING" : kind.toUpperCase() };
  }
  return { text: found, token: "UNKNOWN_CHAR" };
}

export function rubyParseError(error: GraphQLError): GraphqlErrorBody {
  const location = error.locations?.[0];
  const at = location ? ` at [${location.line}, ${location.column}]` : "";
  const locations = location ? [{ line: location.line, column: location.column }] : [];
  const found = /found (.+)\.$/.exec(error.message)?.[1] ?? /^Syntax Error: Unexpected (.+)\.$/.exec(error.message)?.[1];
  if (found === "<EOF>") return { message: "Unexpected end of document", locations: [] };
  const character = /^Syntax Error: Unexpected character: (.+)\.$/.exec(error.message)?.[1];
  if (character) return { message: `Parse error on ${character} (UNKNOWN_CHAR)${at}`, locations };
  if (found) {
    const { text, token } = rubyToken(found);
    return { message: `Parse error on ${JSON.stringify(text)} (${token})${at}`, locations };
  }
  return { message: `${error.message.replace(/^Syntax Error: /, "").replace(/\.$/, "")}${at}`, locations };
}

