// Config of the Prisma 6.19.3 CLI (package alias `prisma6`), which runs the migrations offline:
// `migrate deploy`, `status` and `diff` through its Wasm schema engine and a driver adapter
// (`engine: "js"`). Prisma 7's CLI can only migrate with a native engine downloaded from outside
// the npm registry (docs/decisions/0008-prisma-7-node-22.md). Run it through scripts/migrate.mjs.
import { defineConfig } from "prisma6/config";
import { schemaWithDatasourceUrl } from "../scripts/lib/prisma6.mjs";
import { isPostgres, migrations, schema, url } from "./target";

export default defineConfig({
  // The 6.x CLI insists on `url` in the datasource block, which Prisma 7 rejects: it reads a copy
  // of the schema that has it.
  schema: schemaWithDatasourceUrl(schema),
  migrations: { path: migrations },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    if (isPostgres) {
      const { PrismaPgForMigrate } = await import("./pg-migrate-adapter");
      return new PrismaPgForMigrate({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("prisma6-adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});
