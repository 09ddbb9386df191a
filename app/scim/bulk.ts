// RFC 7644 §3.7: Bulk — parsing the request, resolving bulkId references,
// running the operations through a caller-supplied executor, and building
// the BulkResponse. Storage is the executor's business.
//
// Choices (RFC leaves them open):
//  - operations run in request order, except that a POST runs early when an
//    earlier operation references its bulkId (RFC 7644 §3.7.2);
//  - a reference to an unknown bulkId, to a POST that failed, or a circular
//    reference (A's data names B, B's names A) fails the referencing
//    operations with 409 — §3.7.1 allows a server to "stop after a failed
//    attempt and instead return HTTP status code 409 (Conflict)";
//  - the response lists results in request order; operations not run
//    because failOnErrors was reached are left out (§3.7.3).

import { ScimError, toScimError } from "./errors";
import { findKey, getMember, isPlainObject } from "./values";

export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

export type BulkMethod = "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: readonly BulkMethod[] = ["POST", "PUT", "PATCH", "DELETE"];

export interface BulkOperation {
  readonly method: BulkMethod;
  /** "/Users", "/Groups/<id>", "/Groups/bulkId:<id>". */
  readonly path: string;
  readonly bulkId?: string;
  /** If-Match for this operation (RFC 7644 §3.7: "version"). */
  readonly version?: string;
  readonly data?: unknown;
  /** 1-based position in the request. */
  readonly index: number;
}

export interface BulkRequest {
  readonly failOnErrors?: number;
  readonly operations: readonly BulkOperation[];
}

export interface BulkLimits {
  /** The advertised bulk.maxOperations. */
  readonly maxOperations: number;
  /** The advertised bulk.maxPayloadSize, in bytes. */
  readonly maxPayloadSize: number;
}

function invalidSyntax(detail: string): ScimError {
  return new ScimError(400, "invalidSyntax", detail);
}

/**
 * Validate a BulkRequest. Over maxOperations or maxPayloadSize (pass the
 * body's byte length as `payloadSize`) → 413 (RFC 7644 §3.7.4).
 */
export function parseBulkRequest(body: unknown, limits: BulkLimits, payloadSize?: number): BulkRequest {
  if (payloadSize !== undefined && payloadSize > limits.maxPayloadSize) {
    throw new ScimError(413, undefined, `The bulk request is ${payloadSize} bytes; the maximum is ${limits.maxPayloadSize} (maxPayloadSize)`);
  }
  if (!isPlainObject(body)) throw invalidSyntax("The bulk body must be a JSON object");
  const schemas = getMember(body, "schemas");
  if (schemas !== undefined) {
    const list = Array.isArray(schemas) ? schemas : [schemas];
    if (!list.some((s) => typeof s === "string" && s.toLowerCase() === BULK_REQUEST_SCHEMA.toLowerCase())) {
      throw invalidSyntax(`"schemas" must contain "${BULK_REQUEST_SCHEMA}"`);
    }
  }
  const raw = getMember(body, "Operations");
  if (!Array.isArray(raw)) throw invalidSyntax(`The bulk body must have an "Operations" list`);
  if (raw.length > limits.maxOperations) {
    throw new ScimError(413, undefined, `The bulk request has ${raw.length} operations; the maximum is ${limits.maxOperations} (maxOperations)`);
  }
  let failOnErrors: number | undefined;
  const failRaw = getMember(body, "failOnErrors");
  if (failRaw !== undefined && failRaw !== null) {
    if (typeof failRaw !== "number" || !Number.isInteger(failRaw) || failRaw < 1) {
      throw new ScimError(400, "invalidValue", `"failOnErrors" must be an integer of at least 1`);
    }
    failOnErrors = failRaw;
  }
  const bulkIds = new Set<string>();
  const operations = raw.map((item, i): BulkOperation => {
    const index = i + 1;
    if (!isPlainObject(item)) throw invalidSyntax(`Bulk operation ${index} must be an object`);
    const methodRaw = getMember(item, "method");
    const method = typeof methodRaw === "string" ? (methodRaw.toUpperCase() as BulkMethod) : undefined;
    if (!method || !METHODS.includes(method)) {
      throw invalidSyntax(`Bulk operation ${index}: "method" must be POST, PUT, PATCH or DELETE`);
    }
    const path = getMember(item, "path");
    if (typeof path !== "string" || !path.startsWith("/")) {
      throw invalidSyntax(`Bulk operation ${index}: "path" must be a resource path such as "/Users"`);
    }
    const bulkIdRaw = getMember(item, "bulkId");
    if (bulkIdRaw !== undefined && bulkIdRaw !== null && (typeof bulkIdRaw !== "string" || bulkIdRaw === "")) {
      throw invalidSyntax(`Bulk operation ${index}: "bulkId" must be a non-empty string`);
    }
    const bulkId = typeof bulkIdRaw === "string" ? bulkIdRaw : undefined;
    if (method === "POST" && bulkId === undefined) throw invalidSyntax(`Bulk operation ${index}: a POST needs a "bulkId"`);
    if (bulkId !== undefined) {
      if (bulkIds.has(bulkId)) throw invalidSyntax(`Bulk operation ${index}: bulkId "${bulkId}" is used twice`);
      bulkIds.add(bulkId);
    }
    const versionRaw = getMember(item, "version");
    const dataKey = findKey(item, "data");
    if (method !== "DELETE" && (dataKey === undefined || item[dataKey] === null)) {
      throw invalidSyntax(`Bulk operation ${index}: a ${method} needs "data"`);
    }
    return {
      method,
      path,
      index,
      ...(bulkId !== undefined ? { bulkId } : {}),
      ...(typeof versionRaw === "string" ? { version: versionRaw } : {}),
      ...(dataKey !== undefined && method !== "DELETE" ? { data: item[dataKey] } : {}),
    };
  });
  return { ...(failOnErrors !== undefined ? { failOnErrors } : {}), operations };
}

/** What the executor receives: bulkId references already replaced by ids. */
export interface BulkExecution {
  readonly method: BulkMethod;
  readonly path: string;
  readonly data?: unknown;
  readonly version?: string;
}

/** What the executor returns. A thrown ScimError is turned into an error outcome. */
export interface BulkOutcome {
  /** HTTP status of the operation, e.g. 201, 200, 204, 404. */
  readonly status: number;
  /** The new resource's id — required for a successful POST others reference. */
  readonly id?: string;
  readonly location?: string;
  readonly version?: string;
  /** Response body; for errors, the Error body. */
  readonly response?: unknown;
}

export interface BulkResponseOperation {
  method: BulkMethod;
  bulkId?: string;
  version?: string;
  location?: string;
  /** A string, as in RFC 7644 §3.7.3's examples. */
  status: string;
  response?: unknown;
}

export interface BulkResponse {
  schemas: [typeof BULK_RESPONSE_SCHEMA];
  Operations: BulkResponseOperation[];
}

const REFERENCE = /^bulkId:(.+)$/;

function referencesIn(op: BulkOperation): string[] {
  const refs = new Set<string>();
  for (const segment of op.path.split("/")) {
    const m = REFERENCE.exec(segment);
    if (m) refs.add(m[1]!);
  }
  const walk = (value: unknown) => {
    if (typeof value === "string") {
      const m = REFERENCE.exec(value);
      if (m) refs.add(m[1]!);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (isPlainObject(value)) Object.values(value).forEach(walk);
  };
  walk(op.data);
  return [...refs];
}

function substitute(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    const m = REFERENCE.exec(value);
    return m && ids.has(m[1]!) ? ids.get(m[1]!) : value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids)]));
  return value;
}

function lastSegment(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const segment = location.replace(/\/+$/, "").split("/").pop();
  return segment ? decodeURIComponent(segment) : undefined;
}

/**
 * Run a bulk request. `executeOne` performs one operation against storage
 * and returns its outcome (or throws a ScimError). Resolves to the
 * BulkResponse body; the HTTP status of the bulk request itself is 200.
 */
export async function runBulk(
  request: BulkRequest,
  executeOne: (operation: BulkExecution) => Promise<BulkOutcome>,
): Promise<BulkResponse> {
  const byBulkId = new Map(request.operations.filter((o) => o.bulkId !== undefined).map((o) => [o.bulkId!, o]));
  const ids = new Map<string, string>();
  const results = new Map<number, BulkResponseOperation>();
  const running = new Set<number>();
  let errors = 0;
  const stopped = () => request.failOnErrors !== undefined && errors >= request.failOnErrors;

  const record = (op: BulkOperation, result: Omit<BulkResponseOperation, "method" | "bulkId">) => {
    const status = Number(result.status);
    if (status >= 400) errors++;
    results.set(op.index, {
      method: op.method,
      ...(op.bulkId !== undefined ? { bulkId: op.bulkId } : {}),
      ...result,
    });
  };
  const fail = (op: BulkOperation, error: ScimError) =>
    record(op, { status: String(error.status), response: error.toJSON() });

  const run = async (op: BulkOperation): Promise<void> => {
    if (results.has(op.index) || stopped()) return;
    running.add(op.index);
    try {
      for (const ref of referencesIn(op)) {
        if (ids.has(ref)) continue;
        const target = byBulkId.get(ref);
        if (!target || target.method !== "POST") {
          return fail(op, new ScimError(409, undefined, `bulkId "${ref}" does not name a POST in this request`));
        }
        if (running.has(target.index)) {
          return fail(op, new ScimError(409, undefined, `Circular bulkId reference involving "${ref}"`));
        }
        await run(target);
        if (stopped()) return;
        if (!ids.has(ref)) {
          return fail(op, new ScimError(409, undefined, `The POST with bulkId "${ref}" did not succeed, so "bulkId:${ref}" cannot be resolved`));
        }
      }
      if (stopped()) return;
      let outcome: BulkOutcome;
      try {
        outcome = await executeOne({
          method: op.method,
          path: resolvePath(op.path, ids),
          ...(op.data !== undefined ? { data: substitute(op.data, ids) } : {}),
          ...(op.version !== undefined ? { version: op.version } : {}),
        });
      } catch (thrown) {
        return fail(op, toScimError(thrown));
      }
      if (op.method === "POST" && outcome.status < 400) {
        const id = outcome.id ?? lastSegment(outcome.location);
        if (id !== undefined && op.bulkId !== undefined) ids.set(op.bulkId, id);
      }
      record(op, {
        status: String(outcome.status),
        ...(outcome.location !== undefined ? { location: outcome.location } : {}),
        ...(outcome.version !== undefined ? { version: outcome.version } : {}),
        ...(outcome.response !== undefined ? { response: outcome.response } : {}),
      });
    } finally {
      running.delete(op.index);
    }
  };

  for (const op of request.operations) {
    if (stopped()) break;
    await run(op);
  }
  const Operations = request.operations.map((o) => results.get(o.index)).filter((r): r is BulkResponseOperation => r !== undefined);
  return { schemas: [BULK_RESPONSE_SCHEMA], Operations };
}

function resolvePath(path: string, ids: ReadonlyMap<string, string>): string {
  return path
    .split("/")
    .map((segment) => {
      const m = REFERENCE.exec(segment);
      return m && ids.has(m[1]!) ? encodeURIComponent(ids.get(m[1]!)!) : segment;
    })
    .join("/");
}
