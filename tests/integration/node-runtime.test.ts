// Node 22 everywhere (package.json "engines"): the `node` package brings it, npm puts its bin
// first on PATH for every npm script, and everything the suite starts inherits it. This proves
// the test runner, a child started by name (as the demo, Playwright's web server and the
// PostgreSQL vitest run start theirs), the built app and the worker process all run on it.
// (The demo's app reports it too: tests/e2e/demo.spec.ts.)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
const projectNode = `v${pkg.dependencies.node}`;

/** Starts `script` with the test's environment and resolves with its first log line that has a `node` field. */
function startupLine(script: string, env: NodeJS.ProcessEnv): Promise<{ msg: string; node: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => finish(new Error(`${script} logged no start line within 30 s: ${err.slice(-2000)}`)), 30_000);
    function finish(result: Error | { msg: string; node: string }) {
      clearTimeout(timer);
      child.kill("SIGTERM");
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    child.stderr.on("data", (chunk) => (err += chunk));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      for (const line of out.split("\n")) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line);
        if (entry.node) return finish(entry);
      }
    });
    child.on("exit", (code) => finish(new Error(`${script} exited (${code}) before its start line: ${err.slice(-2000)}`)));
  });
}

describe("Node 22", () => {
  it("runs the tests, and satisfies package.json's engines", () => {
    expect(process.version).toBe(projectNode);
    const [, major, minor] = /^\^(\d+)\.(\d+)\.\d+$/.exec(pkg.engines.node) ?? [];
    expect(Number(major)).toBe(22);
    expect(process.versions.node.split(".").slice(0, 1)).toEqual([major]);
    expect(Number(process.versions.node.split(".")[1])).toBeGreaterThanOrEqual(Number(minor));
  });

  it("is the `node` a child process finds on PATH", () => {
    const child = spawnSync("node", ["-p", "process.version + ' ' + process.versions.modules"], { encoding: "utf8" });
    expect(child.stdout.trim()).toBe(`${projectNode} ${process.versions.modules}`);
  });

  it("runs the built app and the worker process", async () => {
    const app = await startupLine("server/index.mjs", { NODE_ENV: "production", PORT: "0", WORKER_MODE: "off" });
    expect(app).toMatchObject({ msg: "app listening", node: projectNode });
    const worker = await startupLine("server/worker.mjs", { NODE_ENV: "production" });
    expect(worker).toMatchObject({ msg: "provisioning worker process running", node: projectNode });
  }, 60_000);
});
