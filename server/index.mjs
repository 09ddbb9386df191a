// The production HTTP server: the Remix build behind Express.
// Why not remix-serve: it binds every interface and logs full URLs, and Shopify puts session
// tokens (id_token) and HMACs in query strings. Here we choose the interface and log paths only.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import express from "express";
import pino from "pino";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "app" } });
const port = Number(process.env.PORT ?? 3000);
// Loopback unless told otherwise (a container sets HOST=0.0.0.0).
const host = process.env.HOST ?? "127.0.0.1";
const buildPath = path.resolve(process.env.REMIX_BUILD ?? "build/server/index.js");

installGlobals({ nativeFetch: true });
const build = await import(pathToFileURL(buildPath).href);

const app = express();
app.disable("x-powered-by");
const statics = express.Router();
statics.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
statics.use(express.static("build/client", { maxAge: "1h" }));
// No static file lives under /scim/: skip the two failed filesystem stats per SCIM request
// (9% of a lookup's CPU in a profile; bench/RESULTS.md).
app.use((req, res, next) => (req.path.startsWith("/scim/") ? next() : statics(req, res, next)));
app.use((req, res, next) => {
  // SCIM requests get a richer line (route, shop, scimType) from app/scim-http/route.server.ts.
  if (req.path.startsWith("/scim/")) return next();
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // req.path has no query string: nothing secret reaches the log.
    logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request");
  });
  next();
});
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

// The provisioning worker runs in this process unless WORKER_MODE=off (see server/worker.mjs).
let stopWorker = async () => {};
const server = app.listen(port, host, () => {
  logger.info({ url: `http://${host}:${port}`, node: process.version }, "app listening");
  stopWorker = build.entry.module.startProvisioningWorker();
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    setTimeout(() => process.exit(0), 5000).unref();
    // In-flight deliveries finish (or their leases expire and another worker takes them over).
    stopWorker()
      .catch((error) => logger.error({ err: String(error) }, "stopping the provisioning worker failed"))
      .finally(() => server.close(() => process.exit(0)));
  });
}
