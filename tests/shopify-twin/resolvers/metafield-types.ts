import { createHash } from "node:crypto";

// The metafield types the twin understands, with Shopify's value formats. Values are always
// strings on the wire; jsonValue is the typed reading of that string.

export interface MetafieldTypeSpec {
  category: string;
  /** Null when valid, else the problem with the value. */
  problem(value: string): string | null;
  json(value: string): unknown;
  /** Whether a definition of this type may enable the unique values capability (custom ids). */
  uniqueValuesEligible: boolean;
}

function jsonProblem(value: string): string | null {
  try {
    JSON.parse(value);
    return null;
  } catch {
    return "Value must be valid JSON.";
  }
}

function stringListProblem(value: string): string | null {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === "string") ? null : "Value must be a list of strings.";
  } catch {
    return "Value must be a list of strings.";
  }
}

const text = (value: string) => value;

export const METAFIELD_TYPES: Record<string, MetafieldTypeSpec> = {
  single_line_text_field: {
    category: "TEXT",
    problem: (value) => (/[\r\n]/.test(value) ? "Value must be a single line text string." : null),
    json: text,
    uniqueValuesEligible: true,
  },
  multi_line_text_field: { category: "TEXT", problem: () => null, json: text, uniqueValuesEligible: false },
  id: {
    category: "TEXT",
    problem: (value) => (value.length === 0 || value.length > 255 || /\s/.test(value) ? "Value must be an identifier of at most 255 characters without whitespace." : null),
    json: text,
    uniqueValuesEligible: true,
  },
  boolean: {
    category: "TRUE_FALSE",
    problem: (value) => (value === "true" || value === "false" ? null : "Value must be true or false."),
    json: (value) => value === "true",
    uniqueValuesEligible: false,
  },
  number_integer: {
    category: "NUMBER",
    problem: (value) => (/^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? null : "Value must be an integer."),
    json: (value) => Number(value),
    uniqueValuesEligible: true,
  },
  number_decimal: {
    category: "NUMBER",
    problem: (value) => (/^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal."),
    json: text,
    uniqueValuesEligible: false,
  },
  json: { category: "JSON", problem: jsonProblem, json: (value) => JSON.parse(value) as unknown, uniqueValuesEligible: false },
  date: {
    category: "DATE_TIME",
    problem: (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DD format."),
    json: text,
    uniqueValuesEligible: false,
  },
  date_time: {
    category: "DATE_TIME",
    problem: (value) => (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in ISO 8601 date and time format."),
    json: text,
    uniqueValuesEligible: false,
  },
  url: {
    category: "URL",
    problem: (value) => (/^(https?:\/\/|mailto:|sms:|tel:)\S+$/.test(value) ? null : "Value must be a URL with one of the following schemes: https, http, mailto, sms, tel."),
    json: text,
    uniqueValuesEligible: true,
  },
  color: {
    category: "COLOR",
    problem: (value) => (/^#[0-9a-fA-F]{6}$/.test(value) ? null : "Value must be a hex color code (#RRGGBB)."),
    json: text,
    uniqueValuesEligible: false,
  },
  "list.single_line_text_field": {
    category: "TEXT",
    problem: stringListProblem,
    json: (value) => JSON.parse(value) as unknown,
    uniqueValuesEligible: false,
  },
};

/** Opaque digest for compare-and-set; changes whenever the stored value or type changes. */
export function compareDigestOf(type: string, value: string): string {
  return createHash("sha256").update(`${type}\u0000${value}`).digest("hex");
}
