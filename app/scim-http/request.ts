// What a SCIM request carries besides its path: the JSON body (media type, size, encoding),
// the projection parameters and the preconditions.
import { ScimError, parseJsonBody } from "~/scim";
import { SCIM_SERVICE } from "./config";

const JSON_TYPES = new Set(["application/json", "application/scim+json", "text/json"]);

/**
 * The JSON body of a SCIM request. The media type may be application/json or
 * application/scim+json (Okta's SPEC test POSTs the first, RFC 7644 names the second), any
 * `+json` type, with or without parameters (`charset=utf-8`), or missing altogether (OneLogin
 * templates and hand-written scripts): anything else is 415. Bodies larger than the advertised
 * maxPayloadSize are 413, checked from Content-Length and again while reading. Not JSON → 400
 * invalidSyntax (checklist 34).
 */
export async function readScimJson(request: Request, maxBytes: number = SCIM_SERVICE.maxPayloadSize): Promise<{ body: unknown; bytes: number }> {
  const type = request.headers.get("content-type");
  if (type !== null && type.trim() !== "") {
    const media = type.split(";")[0]!.trim().toLowerCase();
    if (!JSON_TYPES.has(media) && !media.endsWith("+json")) {
      throw new ScimError(415, undefined, `Content-Type "${media.slice(0, 100)}" is not supported; send application/scim+json or application/json.`);
    }
  }
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes);
  const bytes = await readLimited(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ScimError(400, "invalidSyntax", "The request body is not valid UTF-8");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { body: parseJsonBody(text), bytes: bytes.byteLength };
}

function tooLarge(size: number, max: number): ScimError {
  return new ScimError(413, undefined, `The request body is ${size} bytes; the maximum is ${max} (maxPayloadSize in /ServiceProviderConfig).`);
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client went away or broke the framing (a bad chunk size) mid-body: its request is
      // incomplete, which is the client's fault, not a server error.
      throw new ScimError(400, "invalidSyntax", "The request body could not be read to its end");
    }
    const { done, value } = next;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(total, maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The If-Match / If-None-Match headers of a request, for the directory's precondition checks. */
export function preconditionsOf(request: Request): { ifMatch: string | null; ifNoneMatch: string | null } {
  return { ifMatch: request.headers.get("if-match"), ifNoneMatch: request.headers.get("if-none-match") };
}

/** RFC 7644 §3.9: `attributes` / `excludedAttributes` on any request that returns a resource. */
export function projectionOf(request: Request): { attributes?: string; excludedAttributes?: string } {
  const out: { attributes?: string; excludedAttributes?: string } = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    const lower = key.toLowerCase();
    if (lower === "attributes") out.attributes = value;
    else if (lower === "excludedattributes") out.excludedAttributes = value;
  }
  return out;
}
