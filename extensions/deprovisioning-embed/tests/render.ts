// Renders blocks/deprovisioning.liquid with liquidjs and stand-ins for the Shopify objects the
// block reads. What liquidjs cannot reproduce, and how it is stood in for:
// - `{% schema %}`: Shopify reads it at deploy time and renders nothing; here it is cut out of
//   the source before rendering and parsed on its own (readSchema).
// - The `t` filter: Shopify looks the key up in the extension's storefront locale file, HTML-escapes
//   the text unless the key ends in `_html`, and prints "translation missing: en.<key>" for an
//   unknown key. The filter below does the same with locales/en.default.json (English only).
// - `$app` namespaces: Shopify resolves `$app:scim` to `app--<app id>--scim`. The metafields drop
//   below stores metafields under the resolved name and resolves `$app:` the same way.
// - Storefront access: Liquid sees a metafield only if its definition grants storefront access.
//   A customer fixture models a missing grant by leaving the metafield out.
// - Metafield values: a `boolean` metafield's `.value` is a Liquid boolean, not the stored string.
// - Placement: Shopify wraps the output in a block element and injects it before `</body>`;
//   embed.browser.test.ts puts it there in a real page. The theme editor's own behaviour
//   (request.design_mode) is only a flag here.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Drop, Liquid } from "liquidjs";
import markers from "../../deprovisioning-markers.json";

export const EMBED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BLOCK_FILE = path.join(EMBED_DIR, "blocks/deprovisioning.liquid");
const STOREFRONT_LOCALE = path.join(EMBED_DIR, "locales/en.default.json");

/** Any app id: it only has to be the same when storing and when resolving `$app`. */
const APP_ID = "4f9f6772986151b160e59ae5d34ba8dd";
const SCHEMA_TAG = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

export function blockSource(): string {
  return fs.readFileSync(BLOCK_FILE, "utf8");
}

export function readSchema(source = blockSource()): {
  name: string;
  target: string;
  settings: { type: string; id: string; label: string; info?: string; default?: unknown }[];
  [attribute: string]: unknown;
} {
  const match = SCHEMA_TAG.exec(source);
  if (!match) throw new Error("no {% schema %} in the block");
  return JSON.parse(match[1]);
}

function lookUp(tree: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), tree);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function engine(): Liquid {
  const translations = JSON.parse(fs.readFileSync(STOREFRONT_LOCALE, "utf8"));
  const liquid = new Liquid({ strictFilters: true });
  liquid.registerFilter("t", (key: string) => {
    const text = lookUp(translations, key);
    if (typeof text !== "string") return `translation missing: en.${key}`;
    return key.endsWith("_html") ? text : escapeHtml(text);
  });
  return liquid;
}

type MetafieldType = "boolean" | "single_line_text_field";
type StoredMetafield = { namespace: string; key: string; type: MetafieldType; value: string };

function resolveNamespace(namespace: string): string {
  if (namespace === "$app") return `app--${APP_ID}`;
  if (namespace.startsWith("$app:")) return `app--${APP_ID}--${namespace.slice("$app:".length)}`;
  return namespace;
}

/** `customer.metafields`: namespace, then key, then a metafield object with a typed `.value`. */
class MetafieldsDrop extends Drop {
  private readonly byNamespace = new Map<string, Record<string, { type: MetafieldType; value: unknown }>>();

  constructor(metafields: StoredMetafield[]) {
    super();
    for (const { namespace, key, type, value } of metafields) {
      const resolved = resolveNamespace(namespace);
      const keys = this.byNamespace.get(resolved) ?? {};
      keys[key] = { type, value: type === "boolean" ? value === "true" : value };
      this.byNamespace.set(resolved, keys);
    }
  }

  liquidMethodMissing(namespace: string) {
    return this.byNamespace.get(resolveNamespace(namespace));
  }
}

export type CustomerFixture = {
  tags?: string[];
  /** Metafields whose definitions grant storefront access; the rest are invisible to Liquid. */
  metafields?: StoredMetafield[];
};

/** The `active` metafield as the provisioning engine writes it (value is the stored string). */
export function activeMetafield(value: string): StoredMetafield {
  const { namespace, key } = markers.activeMetafield;
  return { namespace, key, type: "boolean", value };
}

export type RenderOptions = {
  /** Omitted: nobody is logged in, so `customer` is nil. */
  customer?: CustomerFixture;
  pageType?: string;
  requireLogin?: boolean;
  designMode?: boolean;
  routes?: { account_login_url: string; account_logout_url: string };
};

/** A login URL with a query string, so the tests notice if the block stops escaping it. */
export const ROUTES = {
  account_login_url: "/customer_authentication/redirect?locale=en&region_country=GB",
  account_logout_url: "/customer_authentication/logout?locale=en&return_to=/",
};

export async function renderEmbed(options: RenderOptions = {}): Promise<string> {
  const source = blockSource().replace(SCHEMA_TAG, "");
  const customer = options.customer && {
    tags: options.customer.tags ?? [],
    metafields: new MetafieldsDrop(options.customer.metafields ?? []),
  };
  return engine().parseAndRender(source, {
    customer,
    routes: options.routes ?? ROUTES,
    request: { page_type: options.pageType ?? "index", design_mode: options.designMode ?? false },
    block: { settings: { require_login: options.requireLogin ?? false } },
  });
}
