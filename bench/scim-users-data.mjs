// The users the SCIM Users benchmarks seed, shared by our seeding (bench/scim-users-seed.ts) and
// the SCIMMY peer (bench/peers/scimmy-server.mjs, plain Node: no TypeScript loader in its memory
// or start-up figures).

/** The i-th seeded user, as an IdP would POST it (our app and the SCIMMY peer seed the same ones). */
export function benchUser(i) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: `user${i}@bench.example`,
    externalId: `ext-${i}`,
    name: { givenName: `Given${i}`, familyName: `Family${i}` },
    emails: [{ primary: true, type: "work", value: `user${i}@bench.example` }],
    displayName: `Given${i} Family${i}`,
    active: true,
  };
}

/** The id the SCIMMY peer (bench/peers/scimmy-server.mjs) gives the i-th seeded user. */
export function peerUserId(i) {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}
