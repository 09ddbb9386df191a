// The built app (server/index.mjs over build/, as `npm test` builds it) as a child process on a
// free loopback port, for tests that must see what Express, Node's HTTP parser and Remix do to
// real bytes. It shares the test worker's SQLite database (WAL: both processes read and write).
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export interface AppServer {
  port: number;
  origin: string;
  /** What the process wrote to stderr so far (nothing, when all is well). */
  stderr(): string;
  /** What it wrote to stdout (its log lines, at LOG_LEVEL). */
  stdout(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["server/index.mjs"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", WORKER_MODE: "off", SCIM_RATE_LIMIT_PER_SECOND: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the built app did not start: ${stderr.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling a child process
  }
  return {
    port,
    origin,
    stderr: () => stderr,
    stdout: () => stdout,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
