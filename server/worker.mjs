// `npm run worker`: a process that only delivers provisioning events (scale-out), from the same
// Remix build as the app. Run the app with WORKER_MODE=off to leave all delivery to these; any
// number can run against one database (leases keep them from delivering an event twice).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals } from "@remix-run/node";
import pino from "pino";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "worker" } });
const buildPath = path.resolve(process.env.REMIX_BUILD ?? "build/server/index.js");

installGlobals({ nativeFetch: true });
const build = await import(pathToFileURL(buildPath).href);
const stop = build.entry.module.startProvisioningWorker({ force: true });
logger.info({ node: process.version }, "provisioning worker process running");

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    setTimeout(() => process.exit(0), 10_000).unref();
    stop().finally(() => process.exit(0));
  });
}
