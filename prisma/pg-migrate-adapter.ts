// Used ONLY by the Prisma 6.19.3 migration CLI (prisma/migrate.config.ts) for PostgreSQL, with the
// 6.19.3 adapter (alias prisma6-adapter-pg); the app runtime uses Prisma 7 and plain PrismaPg.
// Why: with driver adapters, Prisma 6's Wasm schema engine reads pg_catalog columns of type
// `name`/"char" (prisma/orm#27403, open), which @prisma/adapter-pg@6 refuses to deserialize.
// Reporting those OIDs as text lets `migrate deploy` run.
import { PrismaPg } from "prisma6-adapter-pg";

const TEXT_OID = 25;
const CATALOG_TEXT_LIKE_OIDS = new Set([18 /* "char" */, 19 /* name */, 194 /* pg_node_tree */]);
let patched = false;

function reportCatalogColumnsAsText(adapter: object) {
  if (patched) return;
  // adapter -> PrismaPgAdapter.prototype -> PgQueryable.prototype (shared with transactions)
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter));
  const performIO = proto.performIO;
  if (typeof performIO !== "function") throw new Error("@prisma/adapter-pg internals changed: no performIO");
  proto.performIO = async function (this: unknown, query: unknown) {
    const result = await performIO.call(this, query);
    for (const field of result?.fields ?? []) {
      if (CATALOG_TEXT_LIKE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  patched = true;
}

export class PrismaPgForMigrate extends PrismaPg {
  async connect() {
    const adapter = await super.connect();
    reportCatalogColumnsAsText(adapter);
    return adapter;
  }
}
