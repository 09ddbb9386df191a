// The Admin API 2026-10 document group delivery sends: one request per person that removes the
// tags their old memberships left and adds the tags of their groups. Mutation root fields run in
// document order (remove, then add, so a case-only rename re-cases the tag), and @include drops
// the half with nothing to do — Shopify charges 10 points per mutation field it runs.
// tagsAdd/tagsRemove merge into the customer's tags; customerUpdate's `tags` would replace the
// merchant's own. Validated against Shopify's schema in tag-documents.test.ts.
import type { UserError } from "./customer-documents";

export const GROUP_TAGS = `#graphql
  mutation ScimGroupTags($id: ID!, $add: [String!]!, $remove: [String!]!, $adding: Boolean!, $removing: Boolean!) {
    tagsRemove(id: $id, tags: $remove) @include(if: $removing) {
      node { id }
      userErrors { field message }
    }
    tagsAdd(id: $id, tags: $add) @include(if: $adding) {
      node { id }
      userErrors { field message }
    }
  }
`;

interface TagsPayload {
  node: { id: string } | null;
  userErrors: UserError[];
}

export interface GroupTagsResult {
  tagsRemove?: TagsPayload;
  tagsAdd?: TagsPayload;
}
