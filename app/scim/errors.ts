// RFC 7644 §3.12: the one error type of the SCIM layer.
//
// Every failure the protocol layer reports is a ScimError. Its constructor
// refuses status/scimType pairs the RFC does not define, so an invalid error
// body can never reach the wire (the pattern of SCIMMY messages/error.js).

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

/**
 * Which scimType keywords each HTTP status may carry. RFC 7644 Table 9 defines
 * the keywords for 400, §3.3/§3.5 put "uniqueness" on 409. 413 may carry
 * "tooMany" (a Bulk request over maxOperations; SCIMMY does the same).
 * Statuses with an empty list take no scimType.
 */
const SCIM_TYPES_BY_STATUS: Readonly<Record<number, readonly ScimType[]>> = {
  307: [],
  308: [],
  400: [
    "invalidFilter",
    "tooMany",
    "mutability",
    "invalidSyntax",
    "invalidPath",
    "noTarget",
    "invalidValue",
    "invalidVers",
    "sensitive",
  ],
  401: [],
  403: [],
  404: [],
  // 405: discovery endpoints answer POST/PUT/PATCH with 405 (Okta's 2016 suite, checklist 7).
  405: [],
  409: ["uniqueness"],
  412: [],
  413: ["tooMany"],
  // 415: a body that is not JSON at all.
  415: [],
  // 429: throttling, with Retry-After set by the route (checklist 11).
  429: [],
  500: [],
  501: [],
  503: [],
};

export interface ScimErrorOptions {
  /**
   * Response headers the error needs (Allow on 405, Retry-After on 429). The HTTP frame sends
   * them; the protocol layer only carries them.
   */
  headers?: Readonly<Record<string, string>>;
}

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly detail: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, scimType: ScimType | undefined, detail: string, options: ScimErrorOptions = {}) {
    const allowed = SCIM_TYPES_BY_STATUS[status];
    if (allowed === undefined) {
      throw new TypeError(`ScimError: HTTP status ${status} is not a SCIM error status`);
    }
    if (scimType !== undefined && !allowed.includes(scimType)) {
      throw new TypeError(`ScimError: scimType "${scimType}" is not valid with HTTP status ${status}`);
    }
    if (typeof detail !== "string" || detail.trim() === "") {
      // Okta shows `detail` to admins and its SPEC test asserts it is non-empty.
      throw new TypeError("ScimError: detail must be a non-empty string");
    }
    super(detail);
    this.name = "ScimError";
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
    this.headers = options.headers ?? {};
  }

  /** The wire body. `status` is a string (RFC 7644 §3.12), never a number. */
  toJSON(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(this.status), detail: this.detail };
    if (this.scimType !== undefined) body.scimType = this.scimType;
    return body;
  }
}

export function isScimError(value: unknown): value is ScimError {
  return value instanceof ScimError;
}

/**
 * Turn anything thrown into a ScimError. ScimErrors pass through; anything
 * else becomes the one 500 of the service, whose detail says nothing about
 * the internals (no message, no stack, no SQL). The caller logs the original
 * (app/scim-http/route.server.ts internalError).
 */
export function toScimError(thrown: unknown): ScimError {
  if (thrown instanceof ScimError) return thrown;
  return new ScimError(500, undefined, "The service provider hit an internal error. It was logged; try again later.");
}

/** Convenience for the routes: the JSON body for anything thrown. */
export function errorBody(thrown: unknown): ScimErrorBody {
  return toScimError(thrown).toJSON();
}
