// RFC 7643 §4.2 and §8.7.1: the core Group schema.
import { EXTERNAL_ID_ATTRIBUTE } from "./common";
import { attr, type SchemaDefinition } from "./types";

export const GROUP_SCHEMA_ID = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** Entra puts this in `schemas` on POST /Groups (research §2.3, checklist 64). */
export const ENTRA_GROUP_SCHEMA_ID = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_ID,
  name: "Group",
  description: "Group",
  attributes: [
    attr("displayName", "string", {
      description: "A human-readable name for the Group.",
      // RFC 7643 §4.2 calls it REQUIRED (the §8.7.1 listing says false). Entra
      // requires unique group names, matched case-insensitively (checklist 65).
      required: true,
      uniqueness: "server",
    }),
    EXTERNAL_ID_ATTRIBUTE,
    attr("members", "complex", {
      multiValued: true,
      description: "A list of members of the Group.",
      subAttributes: [
        attr("value", "string", { description: "Identifier of the member of this Group.", caseExact: true, mutability: "immutable" }),
        attr("$ref", "reference", {
          description: "The URI corresponding to a SCIM resource that is a member of this Group.",
          mutability: "immutable",
          referenceTypes: ["User", "Group"],
        }),
        // Not in RFC 7643 §4.2; Okta sends it on every member (research §1.3-F).
        attr("display", "string", { description: "A human-readable name of the member." }),
        attr("type", "string", {
          description: "A label indicating the type of resource, e.g. 'User' or 'Group'.",
          mutability: "immutable",
          canonicalValues: ["User", "Group"],
        }),
      ],
    }),
  ],
};
