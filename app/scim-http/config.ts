// What the SCIM service advertises in /ServiceProviderConfig and enforces: one place, so the
// discovery document and the behaviour cannot drift apart.
export const SCIM_SERVICE = {
  /**
   * Largest request body we read, in bytes, for every SCIM request (advertised as
   * bulk.maxPayloadSize). Sized for Okta's "Push Now" (one replace op) or an AIW PUT of a
   * 50,000-member group with `display` on each member (about 85 bytes each, 4.3 MB), with room
   * to spare (LIMITS.groupMembersMaxItems; docs/decisions/0005-groups.md); far above any User body.
   */
  maxPayloadSize: 16 * 1024 * 1024,
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
