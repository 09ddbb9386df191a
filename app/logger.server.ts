// The app's structured logger (pino), one per process. Callers pass fields, never raw
// requests: tokens, query strings (SCIM filters hold e-mail addresses) and resource bodies
// must not reach the log. `redact` is a second line of defence for fields that slip in.
import pino from "pino";
import { env } from "./env.server";

export const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: "app" },
  redact: {
    paths: ["authorization", "*.authorization", "headers.authorization", "password", "*.password", "token", "*.token"],
    censor: "[redacted]",
  },
});

export default logger;
