// `npm run db:deploy` (`migrate deploy`), `npm run db:status` (`migrate status`), or any
// `node scripts/migrate.mjs <migrate subcommand> [flags]`: the migrations of the database that
// DATABASE_URL names, through the Prisma 6.19.3 CLI that can migrate offline (scripts/lib/prisma6.mjs).
import { prismaMigrate } from "./lib/prisma6.mjs";

// What the 6.x CLI says about the schema copy it reads (with `url`, in the temp folder) is about
// our workaround, not about the schema.
function print(stdout) {
  process.stdout.write(
    String(stdout ?? "")
      .replace(/^Prisma schema loaded from .*\n/m, "")
      .replace(/\nWARNING: Your schema specifies the following datasource properties[\s\S]*?only using driver adapters\.\n/, ""),
  );
}

try {
  print(prismaMigrate(process.argv.slice(2), { stdio: ["inherit", "pipe", "inherit"], encoding: "utf8" }));
} catch (error) {
  print(error.stdout);
  process.exit(typeof error.status === "number" ? error.status : 1);
}
