// Seeding for the SCIM Users benchmarks (bench/scim-users.ts, bench/scim-users-ab.ts): a fresh
// migrated SQLite database with one shop, one SCIM token and N users written through the app's
// own tenants and directory modules, optionally with groups (each user a member of two).
import { randomUUID } from "node:crypto";
import { prismaMigrate } from "../scripts/lib/prisma6.mjs";
import { benchUser } from "./scim-users-data.mjs";

/**
 * The built app's environment for a SCIM-only benchmark: production, the benchmark's database,
 * no rate limit, and no provisioning worker (it would try to deliver every event to a Shopify
 * this benchmark does not have; a real deployment runs it in its own process anyway).
 */
export function scimBenchEnv(databaseUrl: string, appUrl: string): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: "bench-api-secret",
    SHOPIFY_APP_URL: appUrl,
    LOG_LEVEL: "warn",
    SCIM_RATE_LIMIT_PER_SECOND: "0",
    WORKER_MODE: "off",
  };
}

export interface SeededShop {
  token: string;
  userNames: string[];
  ids: string[];
}

export async function seedBenchShop(options: {
  databaseUrl: string;
  /** The app's environment; set on this process before the app modules are imported. */
  env: NodeJS.ProcessEnv;
  users: number;
  groups: number;
  step: (message: string) => void;
}): Promise<SeededShop> {
  const { databaseUrl, step } = options;
  const USERS = options.users;
  const GROUPS = options.groups;
  step(`migrating ${databaseUrl}`);
  prismaMigrate(["deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // The app modules read the environment once, at import.
  Object.assign(process.env, options.env);
  const { default: prisma } = await import("~/db.server");
  const { ensureShopInstalled, setScimEnabled } = await import("~/tenants/shops.server");
  const { issueScimToken } = await import("~/tenants/scim-tokens.server");
  const { createUser } = await import("~/directory/users.server");
  const shop = await setScimEnabled((await ensureShopInstalled("bench-shop.myshopify.com")).id, true);
  const { token } = await issueScimToken(shop.id, { label: "bench" });
  const tenant = { shopId: shop.id, shopDomain: shop.shopDomain };
  step(`seeding ${USERS} users`);
  const started = Date.now();
  // The first user goes through the directory; the rest are copies of its stored shape, written
  // 500 per transaction (seeding is not what is measured, and 10,000 single commits take minutes).
  const first = await createUser(tenant, benchUser(0));
  const template = await prisma.scimUser.findUniqueOrThrow({ where: { id: first.user.id } });
  const userNames: string[] = [template.userName];
  const ids: string[] = [template.id];
  for (let start = 1; start < USERS; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(USERS, start + 500); i++) {
      const b = benchUser(i);
      const { schemas: _schemas, ...attributes } = { ...(template.attributes as object), ...b };
      rows.push({ id: randomUUID(), shopId: shop.id, userName: b.userName, userNameKey: b.userName.toLowerCase(), externalId: b.externalId, displayName: b.displayName, active: true, attributes, createdAt: new Date(template.createdAt.getTime() + i) });
    }
    await prisma.$transaction([
      prisma.scimUser.createMany({ data: rows }),
      prisma.scimUserEmail.createMany({ data: rows.map((r) => ({ shopId: shop.id, userId: r.id, valueKey: r.userNameKey })) }),
    ]);
    for (const r of rows) {
      userNames.push(r.userName);
      ids.push(r.id);
    }
  }
  if (GROUPS > 0) {
    step(`seeding ${GROUPS} groups, each user in two`);
    const groupIds: string[] = [];
    const groups = [];
    for (let g = 0; g < GROUPS; g++) {
      const id = randomUUID();
      groupIds.push(id);
      groups.push({ id, shopId: shop.id, displayName: `Group ${g}`, displayNameKey: `group ${g}`, tag: `group:Group ${g}`, tagKey: `group:group ${g}` });
    }
    await prisma.scimGroup.createMany({ data: groups });
    for (let start = 0; start < ids.length; start += 500) {
      const members = [];
      for (const [i, userId] of ids.slice(start, start + 500).entries()) {
        const a = (start + i) % GROUPS;
        const b = (start + i + 1) % GROUPS;
        members.push({ groupId: groupIds[a]!, userId, shopId: shop.id });
        if (b !== a) members.push({ groupId: groupIds[b]!, userId, shopId: shop.id });
      }
      await prisma.scimGroupMember.createMany({ data: members });
    }
  }
  step(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await prisma.$disconnect();
  return { token, userNames, ids };
}
