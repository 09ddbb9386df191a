// The size limits the protocol layer enforces on what clients send. One place,
// so the ServiceProviderConfig, the parsers and the ADR agree.
//
// Chosen generously above anything the IdPs send (research §1–§3), low enough
// that one request cannot make us store megabytes per person.

export const LIMITS = {
  /** userName: e-mail sized. RFC 5321 caps an address at 254 octets. */
  userNameMaxLength: 256,
  /** Every other string-typed attribute unless its definition says otherwise. */
  stringMaxLength: 1024,
  /** reference attributes ($ref, profileUrl, photos.value): URL sized. */
  referenceMaxLength: 2048,
  /** binary attributes (x509Certificates.value, base64). */
  binaryMaxLength: 16384,
  /** Values in one multi-valued attribute of a User (emails, phoneNumbers, roles…). */
  multiValuedMaxItems: 100,
  /**
   * members of one Group in one request (POST/PUT body or one PATCH op value).
   * Okta's "Push Now" replaces the whole list in one op, and Okta AIW apps PUT
   * it (research §1.3-F): a 50,000-member group must fit, with room to spare
   * (docs/decisions/0005-groups.md; was 20,000 in 0002).
   */
  groupMembersMaxItems: 100_000,
  /** Operations in one PATCH request. Entra's verbose validator tests send ~36. */
  patchMaxOperations: 1000,
  /** Length of a filter expression (query string or .search body). */
  filterMaxLength: 4096,
  /** Nesting depth of parentheses/not/value paths in one filter. */
  filterMaxDepth: 32,
  /**
   * Nesting depth of a JSON request body. The deepest real body (a Bulk operation carrying a
   * User with an enterprise manager) is 6 levels.
   */
  jsonMaxDepth: 32,
} as const;
