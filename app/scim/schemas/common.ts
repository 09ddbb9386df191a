// RFC 7643 §3.1: attributes every resource has, whatever its schema.
import { attr, type AttributeDefinition } from "./types";

export const ID_ATTRIBUTE = attr("id", "string", {
  description: "Unique identifier for the resource, assigned by the service provider.",
  caseExact: true,
  mutability: "readOnly",
  returned: "always",
  uniqueness: "server",
});

export const EXTERNAL_ID_ATTRIBUTE = attr("externalId", "string", {
  description: "Identifier of the resource as defined by the provisioning client.",
  // RFC 7643 §3.1: caseExact. Entra matches on it verbatim (checklist 21).
  caseExact: true,
});

export const META_ATTRIBUTE = attr("meta", "complex", {
  description: "Resource metadata.",
  mutability: "readOnly",
  // RFC says "default"; we always send it (ids, versions and locations are what
  // clients follow), so projection treats it as always returned.
  returned: "always",
  subAttributes: [
    attr("resourceType", "string", { caseExact: true, mutability: "readOnly" }),
    attr("created", "dateTime", { mutability: "readOnly" }),
    attr("lastModified", "dateTime", { mutability: "readOnly" }),
    attr("location", "reference", { caseExact: true, mutability: "readOnly", referenceTypes: ["uri"] }),
    attr("version", "string", { caseExact: true, mutability: "readOnly" }),
  ],
});

/** Resolved before any schema attribute of the same name. */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [ID_ATTRIBUTE, EXTERNAL_ID_ATTRIBUTE, META_ATTRIBUTE];
