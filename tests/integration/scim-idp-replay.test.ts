// Replays what Okta, Microsoft Entra ID, OneLogin, JumpCloud, PingOne and Rippling send, as
// recorded in research/scim-interop.md §1–§3, through the real /scim/v2 route modules and a
// real database: one table test over tests/fixtures/idp/<idp>/*.json (the elimity-com/scim
// pattern). Each fixture is a sequence of steps that share variables, like the Runscope
// suites Okta publishes; each step names the checklist items (research §5) it covers.
//
// Fixture format:
//   { title, source, vars?: {name: template}, steps: [{ name, checklist?, request, expect, save? }] }
//   request: { method?, path, headers?, body?, auth?: "none" | "<literal header value>" }
//   expect:  { status, headers?: {name: matcher}, body?: partial, paths?: {"a.0.b": matcher},
//              absent?: ["password", …], maxMs?, usersAdded?, eventsAdded? }
//   templates: <digits:N> <lower:N> <upper:N> <uuid>, {{var}}, {{var|upper}}
//   matchers: a literal (deep equality for paths, partial match in `body`) or "$nonEmpty",
//             "$integer", "$number", "$string", "$boolean", "$any", "$absent",
//             "$contains:<text>", "$startsWith:<text>", {"$arrayContaining": [...]},
//             {"$length": n}
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { newTenant, type ScimReply } from "../support/scim-client";

interface Step {
  name: string;
  checklist?: number[];
  request: { method?: string; path: string; headers?: Record<string, string>; body?: unknown; auth?: string };
  expect: {
    status: number;
    headers?: Record<string, unknown>;
    body?: unknown;
    paths?: Record<string, unknown>;
    absent?: string[];
    maxMs?: number;
    usersAdded?: number;
    eventsAdded?: number;
  };
  save?: Record<string, string>;
}

interface Fixture {
  title: string;
  source: string;
  vars?: Record<string, string>;
  steps: Step[];
}

const root = fileURLToPath(new URL("../fixtures/idp", import.meta.url));

function generate(template: string, vars: Record<string, string>): string {
  const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[Math.floor(Math.random() * chars.length)]).join("");
  return template
    .replace(/<digits:(\d+)>/g, (_, n) => pick("0123456789", Number(n)))
    .replace(/<lower:(\d+)>/g, (_, n) => pick("abcdefghijklmnopqrstuvwxyz", Number(n)))
    .replace(/<upper:(\d+)>/g, (_, n) => pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ", Number(n)))
    .replace(/<uuid>/g, () => randomUUID())
    .replace(/\{\{(\w+)(\|upper|\|lower)?\}\}/g, (_, name: string, filter?: string) => {
      if (!(name in vars)) throw new Error(`fixture variable {{${name}}} is not defined`);
      const value = vars[name]!;
      return filter === "|upper" ? value.toUpperCase() : filter === "|lower" ? value.toLowerCase() : value;
    });
}

/** Substitutes {{vars}} in every string of a JSON value. */
function fill<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === "string") return generate(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => fill(v, vars)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)])) as T;
  return value;
}

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split(".")) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Turns fixture matchers into vitest asymmetric matchers (for toMatchObject / toEqual). Inside
 * {"$arrayContaining"} objects match partially, as they do in `body`.
 */
function matcher(spec: unknown, partial = false): unknown {
  if (typeof spec === "string" && spec.startsWith("$")) {
    if (spec === "$nonEmpty") return nonEmpty;
    if (spec === "$integer") return integer;
    if (spec === "$number") return expect.any(Number);
    if (spec === "$string") return expect.any(String);
    if (spec === "$boolean") return expect.any(Boolean);
    if (spec === "$any") return expect.anything();
    if (spec.startsWith("$contains:")) return expect.stringContaining(spec.slice("$contains:".length));
    if (spec.startsWith("$startsWith:")) return expect.stringMatching(new RegExp(`^${escapeRegExp(spec.slice("$startsWith:".length))}`));
  }
  if (Array.isArray(spec)) return spec.map((v) => matcher(v, partial));
  if (spec && typeof spec === "object") {
    const obj = spec as Record<string, unknown>;
    if ("$arrayContaining" in obj) return expect.arrayContaining((obj["$arrayContaining"] as unknown[]).map((v) => matcher(v, true)));
    if ("$length" in obj) return hasLength(obj["$length"] as number);
    const inner = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, matcher(v, partial)]));
    return partial ? expect.objectContaining(inner) : inner;
  }
  return spec;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const nonEmpty = {
  asymmetricMatch: (v: unknown) =>
    v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0) && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0),
  toString: () => "NonEmpty",
  toAsymmetricMatcher: () => "NonEmpty",
};
const integer = { asymmetricMatch: (v: unknown) => Number.isInteger(v), toString: () => "Integer", toAsymmetricMatcher: () => "Integer" };
const hasLength = (n: number) => ({
  asymmetricMatch: (v: unknown) => Array.isArray(v) && v.length === n,
  toString: () => `Length(${n})`,
  toAsymmetricMatcher: () => `Length(${n})`,
});

/** `body` partial match that also understands "$absent" for keys that must not be there. */
function checkBody(actual: unknown, spec: unknown, where: string) {
  const absent: string[] = [];
  const strip = (s: unknown, path: string): unknown => {
    if (Array.isArray(s)) return s.map((v, i) => strip(v, `${path}.${i}`));
    if (s && typeof s === "object" && !("$arrayContaining" in s) && !("$length" in s)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s)) {
        if (v === "$absent") absent.push(path ? `${path}.${k}` : k);
        else out[k] = strip(v, path ? `${path}.${k}` : k);
      }
      return out;
    }
    return s;
  };
  const stripped = strip(spec, "");
  expect(actual, where).toMatchObject(matcher(stripped) as object);
  for (const path of absent) expect(at(actual, path), `${where}: ${path} must be absent`).toBeUndefined();
}

async function counts(shopId: string) {
  const [users, events] = await Promise.all([prisma.scimUser.count({ where: { shopId } }), prisma.provisioningEvent.count({ where: { shopId } })]);
  return { users, events };
}

for (const idp of readdirSync(root).sort()) {
  describe(`${idp} replay`, () => {
    for (const file of readdirSync(`${root}/${idp}`).filter((f) => f.endsWith(".json")).sort()) {
      const fixture = JSON.parse(readFileSync(`${root}/${idp}/${file}`, "utf8")) as Fixture;
      const items = [...new Set(fixture.steps.flatMap((s) => s.checklist ?? []))].sort((a, b) => a - b);
      it(`${file}: ${fixture.title} (${items.map((n) => `#${n}`).join(" ")})`, async () => {
        const tenant = await newTenant(idp);
        const vars: Record<string, string> = {};
        for (const [name, template] of Object.entries(fixture.vars ?? {})) vars[name] = generate(template, vars);
        for (const step of fixture.steps) {
          const where = `${file} step "${step.name}"${step.checklist ? ` (checklist ${step.checklist.map((n) => `#${n}`).join(" ")})` : ""}`;
          const request = fill(step.request, vars);
          const before = step.expect.usersAdded !== undefined || step.expect.eventsAdded !== undefined ? await counts(tenant.shopId) : undefined;
          const started = performance.now();
          const headers = { ...(request.headers ?? {}) };
          if (request.auth !== undefined && request.auth !== "none") headers["Authorization"] = request.auth;
          const reply: ScimReply = await tenant.call({
            method: request.method,
            path: request.path,
            headers,
            body: request.body,
            token: request.auth === undefined ? undefined : null,
          });
          const ms = performance.now() - started;
          const expected = fill(step.expect, vars);
          expect(reply.status, `${where}: ${reply.text.slice(0, 500)}`).toBe(expected.status);
          for (const [name, spec] of Object.entries(expected.headers ?? {})) {
            const value = reply.headers.get(name);
            if (spec === "$absent") expect(value, `${where}: header ${name}`).toBeNull();
            else expect(value, `${where}: header ${name}`).toEqual(matcher(spec));
          }
          if (expected.body !== undefined) checkBody(reply.body, expected.body, where);
          for (const [path, spec] of Object.entries(expected.paths ?? {})) {
            const value = at(reply.body, path);
            if (spec === "$absent") expect(value, `${where}: ${path}`).toBeUndefined();
            else expect(value, `${where}: ${path}`).toEqual(matcher(spec));
          }
          for (const word of expected.absent ?? []) expect(reply.text.toLowerCase(), `${where}: "${word}" in the body`).not.toContain(word.toLowerCase());
          if (expected.maxMs !== undefined) expect(ms, `${where}: took ${ms.toFixed(0)} ms`).toBeLessThan(expected.maxMs);
          if (before) {
            const after = await counts(tenant.shopId);
            if (expected.usersAdded !== undefined) expect(after.users - before.users, `${where}: users added`).toBe(expected.usersAdded);
            if (expected.eventsAdded !== undefined) expect(after.events - before.events, `${where}: events added`).toBe(expected.eventsAdded);
          }
          for (const [name, path] of Object.entries(step.save ?? {})) {
            const value = path === "$header:location" ? reply.headers.get("location") : at(reply.body, path);
            if (typeof value !== "string" && typeof value !== "number") throw new Error(`${where}: cannot save ${name} from ${path}`);
            vars[name] = String(value);
          }
        }
      });
    }
  });
}
