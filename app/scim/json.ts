// Request bodies: JSON text → value, with SCIM errors (RFC 7644 §3.12).

import { ScimError } from "./errors";

/**
 * JSON.parse with a 400 invalidSyntax instead of a SyntaxError (checklist 34).
 * The detail gives the position only: V8's messages quote the input, which
 * may hold a password.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new ScimError(400, "invalidSyntax", "The request body is empty; a JSON object is required");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = error instanceof SyntaxError ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    const where = position !== undefined ? ` (near character ${Number(position) + 1})` : "";
    throw new ScimError(400, "invalidSyntax", `The request body is not valid JSON${where}`);
  }
}
