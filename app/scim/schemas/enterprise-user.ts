// RFC 7643 §4.3: the Enterprise User extension.
import { attr, type SchemaDefinition } from "./types";

export const ENTERPRISE_USER_SCHEMA_ID = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    attr("employeeNumber", "string", { description: "Numeric or alphanumeric identifier assigned to a person." }),
    attr("costCenter", "string", { description: "Identifies the name of a cost center." }),
    attr("organization", "string", { description: "Identifies the name of an organization." }),
    attr("division", "string", { description: "Identifies the name of a division." }),
    attr("department", "string", { description: "Identifies the name of a department." }),
    attr("manager", "complex", {
      description: "The User's manager.",
      subAttributes: [
        attr("value", "string", { description: "The id of the SCIM resource representing the User's manager.", caseExact: true }),
        attr("$ref", "reference", { description: "The URI of the SCIM resource representing the User's manager.", referenceTypes: ["User"] }),
        attr("displayName", "string", { description: "The displayName of the User's manager.", mutability: "readOnly" }),
      ],
    }),
  ],
};
