// The HTTP edge: what server/index.mjs answers itself, before Express and Remix see a request,
// and what it answers when Node's parser or Remix give up on one. Remix cannot take some
// requests at all (TRACE makes the Fetch Request constructor throw, a bad Host or an
// absolute-form target makes its URL invalid, dot segments are resolved away before any route
// sees them), and Node answers malformed HTTP with empty bodies. Every answer for a target
// under /scim is a SCIM error (application/scim+json, the Error schema, the status and the
// headers it needs); anything else gets a short plain-text answer. None carries a stack, a file
// path or a framework's message. Reached through build.entry.module (app/entry.server.tsx).
import { STATUS_CODES } from "node:http";
import { ScimError, SCIM_BASE_PATH, checkQuery, methodNotAllowed, pathBelowBase, resolveEndpoint, unknownEndpoint } from "~/scim";
import { SCIM_SERVICE } from "./config";
import { tooLarge } from "./request";
import { SCIM_CONTENT_TYPE, errorHeaders } from "./responses";

export interface EdgeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the edge does with a request: answer it, or pass it on with its target in origin-form. */
export type EdgeVerdict = { answer: EdgeAnswer } | { target: string; host: string };

/** The methods the app serves anywhere; SCIM endpoints serve a subset (app/scim/endpoints.ts). */
const SERVED = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const SCIM_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
const SERVED_ALLOW = [...SERVED].join(", ");

/**
 * Checks one request as Node parsed it. `target` is the raw request-target, `host` the Host
 * header. An absolute-form target (RFC 9112 §3.2.2, which servers must accept) becomes
 * origin-form and its authority replaces the Host header, as §3.2.2 says.
 */
export function checkRequest(method: string, target: string, host: string | undefined): EdgeVerdict {
  if (target === "*") {
    // RFC 9110 §9.3.7: OPTIONS * asks about the server as a whole.
    return { answer: method === "OPTIONS" ? { status: 204, headers: { Allow: SERVED_ALLOW }, body: "" } : plainAnswer(400, "The request-target * goes only with OPTIONS.") };
  }
  let origin = target;
  let authority = host;
  const absolute = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(target);
  if (absolute) {
    if (!/^https?$/i.test(absolute[1]!)) {
      return { answer: answerFor(isScimTarget(originOf(target)), new ScimError(400, undefined, "The request-target names a scheme this server does not serve.")) };
    }
    authority = absolute[2];
    origin = target.slice(absolute[0].length) || "/";
    if (!origin.startsWith("/")) origin = `/${origin}`;
  }
  if (!origin.startsWith("/")) return { answer: plainAnswer(400, "The request-target must be a path (origin-form) or an absolute URL.") };
  const scim = isScimTarget(origin);
  if (authority === undefined || !validHost(authority)) {
    return { answer: answerFor(scim, new ScimError(400, undefined, "The Host header is missing or is not a valid host name.")) };
  }
  if (!scim) {
    if (!SERVED.has(method)) return { answer: plainAnswer(405, `${shortMethod(method)} is not served here.`, { Allow: SERVED_ALLOW }) };
    if (!decodable(origin.split("?", 1)[0]!)) return { answer: plainAnswer(400, "The path is not valid percent-encoded UTF-8.") };
    return { target: origin, host: authority };
  }
  const problem = scimTargetProblem(method, origin);
  return problem ? { answer: answerFor(true, problem) } : { target: origin, host: authority };
}

/**
 * The answer to a request Node's HTTP parser refused (the server's clientError event). `code`
 * is the parser's error code, `raw` the bytes it was reading (latin1), from which the request
 * line is recovered when it is there. Without a recognisable target the answer is a SCIM error:
 * the SCIM API is what strangers reach, and the Error body reads well to anyone.
 */
export function clientErrorAnswer(code: string | undefined, raw: string | undefined): EdgeAnswer {
  const line = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+)/.exec(raw ?? "");
  const target = line?.[2];
  const scim = target === undefined || isScimTarget(originOf(target));
  switch (code) {
    case "HPE_HEADER_OVERFLOW": {
      // The whole request line in the buffer without its end: the target is what is too long.
      if (line && !/[\r\n]/.test(raw ?? "")) return answerFor(scim, new ScimError(414, undefined, "The request-target is too long."));
      return answerFor(scim, new ScimError(431, undefined, "The request's header fields are too large."));
    }
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return answerFor(scim, new ScimError(413, undefined, "The request body's chunk extensions are too large."));
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return answerFor(scim, new ScimError(408, undefined, "The request was not received in time."));
    case "HPE_INVALID_METHOD":
      // A well-formed method token Node does not know (FOO, or M-SEARCH's cousins): 405 as for
      // any method the endpoint does not serve.
      if (line && target !== undefined && scim) {
        const problem = scimTargetProblem(line[1]!, originOf(target));
        if (problem) return answerFor(true, problem);
      }
      return answerFor(scim, new ScimError(400, undefined, "The request line is not well-formed HTTP/1.1."));
    default:
      return answerFor(scim, new ScimError(400, undefined, describeParseError(code)));
  }
}

/** CONNECT (Node's connect event): no endpoint tunnels. */
export function connectAnswer(target: string): EdgeAnswer {
  const origin = originOf(target);
  if (!isScimTarget(origin)) return plainAnswer(405, "CONNECT is not served here.", { Allow: SERVED_ALLOW });
  return answerFor(true, scimTargetProblem("CONNECT", origin) ?? new ScimError(405, undefined, "CONNECT is not served here."));
}

/**
 * Expect: 100-continue (Node's checkContinue event): a SCIM body already known to be too large
 * is refused now, before the client sends it (RFC 9110 §10.1.1), instead of after a 100.
 * Undefined: send 100 Continue and let the route read the body.
 */
export function continueAnswer(target: string, contentLength: string | undefined): EdgeAnswer | undefined {
  const declared = Number(contentLength ?? NaN);
  if (!(declared > SCIM_SERVICE.maxPayloadSize) || !isScimTarget(originOf(target))) return undefined;
  return answerFor(true, tooLarge(declared));
}

/** An Expect header other than 100-continue (Node's checkExpectation event). */
export function expectationAnswer(target: string): EdgeAnswer {
  const error = new ScimError(417, undefined, "The only expectation this server meets is Expect: 100-continue.");
  return answerFor(isScimTarget(originOf(target)), error);
}

/**
 * An error answer the app did not write itself: Remix's own (a resource route without a loader
 * for GET, without an action for POST; its body names the route file) or an error that reached
 * Express. The status stays; the body becomes ours. Below 400 or unknown statuses become 500.
 */
export function replacementAnswer(target: string, status: number): EdgeAnswer {
  const code = status >= 400 && status < 600 && STATUS_CODES[status] ? status : 500;
  const detail = code === 500 ? "The server hit an internal error. It was logged; try again later." : `${STATUS_CODES[code]}.`;
  const scim = isScimTarget(originOf(target));
  if (!scim) return plainAnswer(code, detail);
  let error: ScimError;
  try {
    error = new ScimError(code, undefined, detail);
  } catch {
    error = new ScimError(code >= 500 ? 500 : 400, undefined, detail);
  }
  return answerFor(true, error);
}

function decodable(path: string): boolean {
  if (!path.includes("%")) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether a path (origin-form, still encoded) is the SCIM API's to answer: /scim and below, leading slashes doubled or not. */
export function isScimTarget(origin: string): boolean {
  const path = origin.split("?", 1)[0]!;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // judged as sent
  }
  return /^\/+scim(?:\/|$)/i.test(decoded);
}

/** Why a request under /scim cannot reach a SCIM route as it stands, or undefined when it can. */
function scimTargetProblem(method: string, origin: string): ScimError | undefined {
  // Characters RFC 3986 does not allow unencoded and that URL parsers rewrite: "\" becomes "/",
  // "#" starts a fragment, anything outside printable ASCII is re-encoded.
  for (let i = 0; i < origin.length; i++) {
    const c = origin.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x5c || c === 0x23) {
      return new ScimError(400, undefined, "The request-target holds a character that must be percent-encoded.");
    }
  }
  const query = origin.indexOf("?");
  const path = query === -1 ? origin : origin.slice(0, query);
  const below = pathBelowBase(path);
  if (below === undefined) return new ScimError(404, undefined, `No SCIM endpoint here: the SCIM base URL ends in ${SCIM_BASE_PATH}.`);
  let name: ReturnType<typeof resolveEndpoint>["name"];
  try {
    name = resolveEndpoint(below).name;
    if (query !== -1) checkQuery(origin.slice(query));
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  if (SCIM_METHODS.has(method)) return undefined;
  return name === "unknown" ? unknownEndpoint() : methodNotAllowed(method, name);
}

function answerFor(scim: boolean, error: ScimError): EdgeAnswer {
  if (!scim) return plainAnswer(error.status, error.detail, error.headers);
  return {
    status: error.status,
    headers: { ...errorHeaders(error), "Content-Type": `${SCIM_CONTENT_TYPE}; charset=utf-8` },
    body: JSON.stringify(error.toJSON()),
  };
}

function plainAnswer(status: number, detail: string, headers: Readonly<Record<string, string>> = {}): EdgeAnswer {
  const reason = STATUS_CODES[status] ?? "";
  const text = detail === `${reason}.` ? `${status} ${reason}` : `${status} ${reason}: ${detail}`;
  return { status, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" }, body: `${text}\n` };
}

/** A target in absolute-form, reduced to its path and query. */
function originOf(target: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  return absolute ? target.slice(absolute[0].length) || "/" : target;
}

const HOST_CHARACTERS = /^[A-Za-z0-9._~!$&'()*+,;=:[\]-]+$/;

/** A Host the request URL can be built from: what the app's URL parsing will accept. */
function validHost(host: string): boolean {
  if (host.length > 255 || !HOST_CHARACTERS.test(host)) return false;
  try {
    return new URL(`http://${host}/`).host !== "";
  } catch {
    return false;
  }
}

function shortMethod(method: string): string {
  return method.length > 20 ? `${method.slice(0, 20)}…` : method;
}

const PARSE_ERRORS: Record<string, string> = {
  HPE_INVALID_HEADER_TOKEN: "A header field name or value holds characters HTTP does not allow.",
  HPE_INVALID_CONTENT_LENGTH: "The Content-Length header is not a single decimal number.",
  HPE_UNEXPECTED_CONTENT_LENGTH: "The request has both Content-Length and Transfer-Encoding.",
  HPE_INVALID_TRANSFER_ENCODING: "The Transfer-Encoding header is not one this server reads (chunked, last).",
  HPE_INVALID_CHUNK_SIZE: "The chunked request body is malformed.",
  HPE_INVALID_VERSION: "The request line names an HTTP version this server does not speak.",
  HPE_INVALID_URL: "The request-target holds characters HTTP does not allow.",
};

function describeParseError(code: string | undefined): string {
  return (code && PARSE_ERRORS[code]) ?? "The request is not well-formed HTTP/1.1.";
}
