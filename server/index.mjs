// The production HTTP server: the Remix build behind Express.
// Why not remix-serve: it binds every interface and logs full URLs, and Shopify puts session
// tokens (id_token) and HMACs in query strings. Here we choose the interface and log paths only.
//
// Every request passes the HTTP edge first (app/scim-http/edge.server.ts, reached through the
// build): targets Remix cannot take, bad Host headers, methods nobody serves, and anything
// under /scim that no SCIM route could answer are answered there, as SCIM errors under /scim.
// Node's own answers to malformed HTTP (clientError, CONNECT, Expect) go through it too, and so
// do Remix's framework error bodies and errors that reach Express: no stack trace, file path
// or framework message leaves this process, whatever NODE_ENV says.
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createReadableStreamFromReadable, createRequestHandler, installGlobals, writeReadableStreamToWritable } from "@remix-run/node";
import express from "express";
import pino from "pino";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "app" } });
const port = Number(process.env.PORT ?? 3000);
// Loopback unless told otherwise (a container sets HOST=0.0.0.0).
const host = process.env.HOST ?? "127.0.0.1";
const buildPath = path.resolve(process.env.REMIX_BUILD ?? "build/server/index.js");
// How long a connection may go on sending a body the app already answered (a 413) before it is
// closed; long enough for the answer to be read, short enough that nobody streams forever.
const DRAIN_MS = 10_000;

installGlobals({ nativeFetch: true });
const build = await import(pathToFileURL(buildPath).href);
const edge = build.entry.module.httpEdge;
// Always Remix's production mode: this serves a production build, and Remix's development mode
// puts error messages and stacks into answers (`remix vite:dev` is the development server).
const handleRemixRequest = createRequestHandler(build, "production");

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
app.use(remixHandler);
// Errors that reach Express (a static file that cannot be read, a bug in the adapter below):
// logged, answered by the edge without the error's text.
app.use((error, req, res, _next) => {
  const status = Number(error?.status ?? error?.statusCode);
  const known = status >= 400 && status < 500;
  if (!known) logger.error({ path: req.path, err: { name: error?.name, message: error?.message, stack: error?.stack } }, "request failed");
  if (res.headersSent) return req.socket.destroy();
  send(res, edge.replacementAnswer(req.url, known ? status : 500));
});

/** Remix's request handler on Express (what @remix-run/express did, plus the edge's rewrites). */
function remixHandler(req, res, next) {
  let request;
  const controller = new AbortController();
  try {
    const init = { method: req.method, headers: new Headers(), signal: controller.signal };
    for (const [key, value] of Object.entries(req.headers)) {
      for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) init.headers.append(key, one);
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      init.body = createReadableStreamFromReadable(req);
      init.duplex = "half";
    }
    request = new Request(`${req.protocol}://${req.headers.host}${req.url}`, init);
  } catch {
    // A header value the Fetch API refuses (Node's parser is more lenient than Headers).
    return send(res, edge.replacementAnswer(req.url, 400));
  }
  // Abort loaders and actions once the answer can no longer be written.
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  handleRemixRequest(request)
    .then(async (response) => {
      // A body Remix wrote itself (a resource route without a loader or action, an error no
      // route caught) names route files or says "Unexpected Server Error", and a page asked
      // with a method it has no action for renders Remix's message about the route file in the
      // admin's error boundary: replace both.
      const page405 = response.status === 405 && response.headers.get("content-type")?.startsWith("text/html");
      if (response.headers.has("x-remix-error") || page405) return send(res, edge.replacementAnswer(req.url, response.status));
      drainAfterAnswer(req, res);
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    })
    .catch(next);
}

/**
 * An answer given before the request body was read to its end (413, 415, 401…) must reach the
 * client: closing the connection at once would reset it, and the client would see a reset
 * instead of the answer. Node reads and discards the rest; this bounds how long.
 */
function drainAfterAnswer(req, res) {
  res.once("finish", () => {
    if (req.complete) return;
    // What Node does for a body nobody started reading: drop the reader, discard the rest.
    req.removeAllListeners("data");
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS).unref();
    req.once("end", () => clearTimeout(timer));
    req.once("close", () => clearTimeout(timer));
  });
}

function send(res, answer) {
  drainAfterAnswer(res.req, res);
  res.writeHead(answer.status, { ...answer.headers, "Content-Length": Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

/** An answer written straight to a socket whose HTTP parser has given up; the connection closes after it. */
function writeRaw(socket, answer) {
  const headers = { ...answer.headers, "Content-Length": Buffer.byteLength(answer.body), Connection: "close" };
  const head = [`HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status] ?? ""}`];
  for (const [key, value] of Object.entries(headers)) head.push(`${key}: ${value}`);
  socket.end(`${head.join("\r\n")}\r\n\r\n${answer.body}`);
  // Close for good once written, or after a moment if the client stops reading.
  socket.once("finish", () => setTimeout(() => socket.destroy(), 1000).unref());
}

// requireHostHeader is off so that a request without Host reaches the edge, which answers it
// (Node's own answer has no body).
const server = http.createServer({ requireHostHeader: false }, (req, res) => {
  const verdict = edge.checkRequest(req.method, req.url, req.headers.host);
  if (verdict.answer) {
    logger.info({ method: req.method.slice(0, 20), status: verdict.answer.status, edge: true }, "request");
    return send(res, verdict.answer);
  }
  req.url = verdict.target;
  req.headers.host = verdict.host;
  app(req, res);
});

server.on("clientError", (error, socket) => {
  // Headers already written for a request in flight: nothing can be said on this connection.
  if (error.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent) return socket.destroy();
  const answer = edge.clientErrorAnswer(error.code, error.rawPacket?.toString("latin1", 0, 8192));
  logger.info({ status: answer.status, code: error.code, edge: true }, "malformed request");
  writeRaw(socket, answer);
});
server.on("connect", (req, socket) => writeRaw(socket, edge.connectAnswer(req.url)));
server.on("checkExpectation", (req, res) => send(res, edge.expectationAnswer(req.url)));
server.on("checkContinue", (req, res) => {
  const answer = edge.continueAnswer(req.url, req.headers["content-length"]);
  if (answer) return send(res, answer);
  res.writeContinue();
  server.emit("request", req, res);
});

// The provisioning worker runs in this process unless WORKER_MODE=off (see server/worker.mjs).
let stopWorker = async () => {};
server.listen(port, host, () => {
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
