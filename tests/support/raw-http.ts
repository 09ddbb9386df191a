// HTTP/1.1 over a raw TCP socket, for the requests fetch cannot send (TRACE, CONNECT, unknown
// methods, dot segments, absolute-form targets, bad Host headers, broken framing, oversized
// header blocks) and to see whether an answer arrives before the connection closes.
import net from "node:net";

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Every byte received, as latin1. */
  raw: string;
  /** The socket was reset (ECONNRESET/EPIPE) at some point. */
  reset: boolean;
}

export interface RawOptions {
  /** Written after the first bytes, chunk by chunk, while the reply is read (a body the server may refuse early). */
  then?: Iterable<Buffer>;
  timeoutMs?: number;
}

/** Sends `bytes` to the app and reads the first response (Content-Length, chunked, or up to close). */
export function rawRequest(port: number, bytes: string | Buffer, options: RawOptions = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let reset = false;
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`no complete answer within ${options.timeoutMs ?? 10_000} ms: ${Buffer.concat(chunks).toString("latin1").slice(0, 300)}`)), options.timeoutMs ?? 10_000);
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString("latin1");
      const parsed = parseResponse(raw);
      if (error && !parsed) return reject(error);
      if (!parsed) return reject(new Error(`no HTTP response: ${JSON.stringify(raw.slice(0, 300))}`));
      resolve({ ...parsed, raw, reset });
    };
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      if (parseResponse(Buffer.concat(chunks).toString("latin1"), true)) finish();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE") reset = true;
      else finish(error);
    });
    socket.on("close", () => finish());
    socket.write(bytes);
    if (options.then) {
      const rest = options.then[Symbol.iterator]();
      const pump = () => {
        for (;;) {
          if (settled || socket.destroyed) return;
          const next = rest.next();
          if (next.done) return;
          if (!socket.write(next.value)) return void socket.once("drain", pump);
        }
      };
      pump();
    }
  });
}

/** The first response in `raw`; with `complete`, only once its body is all there. */
function parseResponse(raw: string, complete = false): Omit<RawReply, "raw" | "reset"> | undefined {
  const end = raw.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine, ...lines] = raw.slice(0, end).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1]);
  if (!status) return undefined;
  if (status >= 100 && status < 200) return parseResponse(raw.slice(end + 4), complete);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let rest = raw.slice(end + 4);
  let body: string;
  if (headers["transfer-encoding"]?.includes("chunked")) {
    body = "";
    for (;;) {
      const lineEnd = rest.indexOf("\r\n");
      if (lineEnd === -1) return complete ? undefined : { status, headers, body };
      const size = parseInt(rest.slice(0, lineEnd), 16);
      if (size === 0) break;
      if (rest.length < lineEnd + 2 + size + 2) return complete ? undefined : { status, headers, body };
      body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
      rest = rest.slice(lineEnd + 2 + size + 2);
    }
  } else if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    if (rest.length < length && complete) return undefined;
    body = rest.slice(0, length);
  } else {
    if (complete) return undefined; // read to close
    body = rest;
  }
  return { status, headers, body: Buffer.from(body, "latin1").toString("utf8") };
}
