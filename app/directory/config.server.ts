// What the SCIM service advertises in /ServiceProviderConfig and enforces: one place, so the
// discovery document and the behaviour cannot drift apart.
export const SCIM_SERVICE = {
  /**
   * Largest request body we read, in bytes, for every SCIM request (advertised as
   * bulk.maxPayloadSize). Sized for a Group PATCH that replaces 20,000 members in one op
   * (LIMITS.groupMembersMaxItems; Okta's "Push Now"), far above any User body.
   */
  maxPayloadSize: 4 * 1024 * 1024,
  /** Operations in one POST /Bulk (bulk.maxOperations). */
  bulkMaxOperations: 100,
  /** Largest page (filter.maxResults); Okta pages with count=100. Also the default page size. */
  filterMaxResults: 200,
  /**
   * Filters that cannot use an index are evaluated in memory over the shop's users, read in
   * batches of this many rows (memory stays bounded by the batch and the page).
   */
  scanBatchSize: 500,
  /** A sortBy that the database cannot order by sorts in memory, up to this many matches (400 tooMany past it). */
  inMemorySortMax: 50_000,
} as const;
