// RFC 7643 §4.1 and §8.7.1: the core User schema.
import { EXTERNAL_ID_ATTRIBUTE } from "./common";
import { attr, type AttributeDefinition, type SchemaDefinition } from "./types";

export const USER_SCHEMA_ID = "urn:ietf:params:scim:schemas:core:2.0:User";

const value = (type: "string" | "reference" | "binary" = "string", extra: Partial<AttributeDefinition> = {}) =>
  attr("value", type, { description: "The attribute's significant value.", ...extra });
const display = attr("display", "string", { description: "A human-readable name, primarily used for display purposes." });
const primary = attr("primary", "boolean", {
  description: "Indicates the 'primary' or preferred attribute value for this attribute.",
});
const type = (canonicalValues?: readonly string[]) =>
  attr("type", "string", {
    description: "A label indicating the attribute's function.",
    ...(canonicalValues ? { canonicalValues } : {}),
  });

const multi = (name: string, description: string, subAttributes: readonly AttributeDefinition[]) =>
  attr(name, "complex", { multiValued: true, description, subAttributes });

export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_ID,
  name: "User",
  description: "User Account",
  attributes: [
    attr("userName", "string", {
      description: "Unique identifier for the User, typically used by the user to directly authenticate.",
      required: true,
      uniqueness: "server",
    }),
    // Common attribute, listed so Entra's schema discovery finds its default
    // mapping target (research §2.8 "every mapped attribute must be discoverable").
    EXTERNAL_ID_ATTRIBUTE,
    attr("name", "complex", {
      description: "The components of the user's real name.",
      subAttributes: [
        attr("formatted", "string", { description: "The full name, formatted for display." }),
        attr("familyName", "string", { description: "The family name of the User." }),
        attr("givenName", "string", { description: "The given name of the User." }),
        attr("middleName", "string", { description: "The middle name(s) of the User." }),
        attr("honorificPrefix", "string", { description: "The honorific prefix(es) of the User." }),
        attr("honorificSuffix", "string", { description: "The honorific suffix(es) of the User." }),
      ],
    }),
    attr("displayName", "string", { description: "The name of the User, suitable for display to end-users." }),
    attr("nickName", "string", { description: "The casual way to address the user." }),
    attr("profileUrl", "reference", {
      description: "A fully qualified URL pointing to a page representing the User's online profile.",
      referenceTypes: ["external"],
    }),
    attr("title", "string", { description: "The user's title, such as \"Vice President\"." }),
    attr("userType", "string", { description: "Used to identify the relationship between the organization and the user." }),
    attr("preferredLanguage", "string", { description: "The User's preferred written or spoken language (RFC 7231)." }),
    attr("locale", "string", { description: "Used to indicate the User's default location (e.g. en-US)." }),
    attr("timezone", "string", { description: "The User's time zone in IANA format (e.g. America/Los_Angeles)." }),
    attr("active", "boolean", { description: "A Boolean value indicating the User's administrative status." }),
    attr("password", "string", {
      description: "The User's cleartext password. Accepted and discarded; never stored or returned.",
      mutability: "writeOnly",
      returned: "never",
      caseExact: true,
      // Okta always sends a placeholder password on POST (research §1.2). We
      // accept and drop it, so we do not advertise it: Entra's validator fails
      // schema discovery on a returned:never password (scimmy-routers#10).
      discoverable: false,
    }),
    multi("emails", "Email addresses for the user.", [
      value("string", { description: "Email address for the User." }),
      display,
      type(["work", "home", "other"]),
      primary,
    ]),
    multi("phoneNumbers", "Phone numbers for the User.", [
      value("string", { description: "Phone number of the User." }),
      display,
      type(["work", "home", "mobile", "fax", "pager", "other"]),
      primary,
    ]),
    multi("ims", "Instant messaging addresses for the User.", [
      value(),
      display,
      type(["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
      primary,
    ]),
    multi("photos", "URLs of photos of the User.", [
      value("reference", { referenceTypes: ["external"] }),
      display,
      type(["photo", "thumbnail"]),
      primary,
    ]),
    multi("addresses", "A physical mailing address for this User.", [
      attr("formatted", "string", { description: "The full mailing address, formatted for display." }),
      attr("streetAddress", "string", { description: "The full street address component." }),
      attr("locality", "string", { description: "The city or locality component." }),
      attr("region", "string", { description: "The state or region component." }),
      attr("postalCode", "string", { description: "The zip code or postal code component." }),
      attr("country", "string", { description: "The country name component." }),
      type(["work", "home", "other"]),
      primary,
    ]),
    attr("groups", "complex", {
      multiValued: true,
      description: "A list of groups to which the user belongs. Read-only: change membership through /Groups.",
      mutability: "readOnly",
      subAttributes: [
        attr("value", "string", { description: "The identifier of the User's group.", mutability: "readOnly" }),
        attr("$ref", "reference", { mutability: "readOnly", referenceTypes: ["User", "Group"] }),
        attr("display", "string", { mutability: "readOnly" }),
        attr("type", "string", { mutability: "readOnly", canonicalValues: ["direct", "indirect"] }),
      ],
    }),
    multi("entitlements", "A list of entitlements for the User.", [value(), display, type(), primary]),
    multi("roles", "A list of roles for the User.", [value(), display, type(), primary]),
    multi("x509Certificates", "A list of certificates issued to the User.", [value("binary"), display, type(), primary]),
  ],
};
