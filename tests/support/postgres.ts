// PostgreSQL in tests: a throwaway database on the server scripts/test-all.sh starts
// (TEST_POSTGRES_URL), the Prisma CLI against it, and a PostgreSQL-generated Prisma client (the
// generated client is per provider, so the SQLite one the app uses in tests cannot talk to it).
import { execFileSync, type ExecFileSyncOptionsWithStringEncoding } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";
import { prismaMigrate } from "../../scripts/lib/prisma6.mjs";

export function requirePostgresServerUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_POSTGRES_URL is not set: run the suite with `npm test` (scripts/test-all.sh starts PostgreSQL)");
  return url;
}

async function onServer(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: requirePostgresServerUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export interface PostgresTestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database named `<prefix>_<pid>` (dropped first if a crashed run left it). */
export async function createPostgresTestDatabase(prefix: string): Promise<PostgresTestDatabase> {
  const name = `${prefix}_${process.pid}`;
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(requirePostgresServerUrl());
  url.pathname = `/${name}`;
  return { name, url: url.href, drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Runs the Prisma CLI with DATABASE_URL set (the configs then pick the PostgreSQL schema):
 * `migrate …` through the 6.19.3 CLI that migrates offline, everything else through Prisma 7's.
 */
export function prismaCli(args: string[], databaseUrl: string): string {
  const options: ExecFileSyncOptionsWithStringEncoding = {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  };
  if (args[0] === "migrate") return String(prismaMigrate(args.slice(1), options));
  return execFileSync("node_modules/.bin/prisma", args, options);
}

/**
 * Generates a PostgreSQL Prisma client into node_modules/.prisma-postgres-<name> (inside
 * node_modules so vitest loads it as the external package it is; one folder per test file so
 * parallel files never regenerate each other's client). Returns the client's entry file.
 */
export function generatePostgresClient(name: string, databaseUrl: string): string {
  const dir = path.resolve(`node_modules/.prisma-postgres-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const schema = fs
    .readFileSync("prisma/postgres/schema.prisma", "utf8")
    .replace(/generator client \{/, `generator client {\n  output     = "${dir}/client"`);
  fs.writeFileSync(path.join(dir, "schema.prisma"), schema);
  prismaCli(["generate", "--schema", path.join(dir, "schema.prisma")], databaseUrl);
  return path.join(dir, "client/index.js");
}

/** A client of a generated PostgreSQL Prisma client, through the pg driver adapter. */
export async function openPostgresClient(clientEntry: string, databaseUrl: string): Promise<PrismaClient> {
  const { PrismaClient: GeneratedClient } = await import(pathToFileURL(clientEntry).href);
  const { PrismaPg } = await import("@prisma/adapter-pg");
  return new GeneratedClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as PrismaClient;
}
