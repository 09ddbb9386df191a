// CLI: npx tsx tests/shopify-twin/main.ts
// Env: SHOPIFY_TWIN_PORT (4100), SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SCOPES, OPTIONAL_SCOPES,
//      SHOPIFY_TWIN_STATE_FILE, SHOPIFY_TWIN_FAULTS (JSON), SHOPIFY_TWIN_DEFAULT_PLAN.
import { z } from "zod";
import { faultInputSchema } from "./faults";
import { startTwin } from "./server";
import { PLANS } from "./state";

const envSchema = z.object({
  SHOPIFY_TWIN_PORT: z.coerce.number().int().min(0).max(65_535).default(4100),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SCOPES: z.string().min(1).optional(),
  OPTIONAL_SCOPES: z.string().optional(),
  SHOPIFY_TWIN_STATE_FILE: z.string().min(1).optional(),
  SHOPIFY_TWIN_FAULTS: z
    .string()
    .optional()
    .transform((text, context) => {
      if (!text) return {};
      try {
        return faultInputSchema.parse(JSON.parse(text));
      } catch (error) {
        context.addIssue({ code: "custom", message: `SHOPIFY_TWIN_FAULTS: ${(error as Error).message}` });
        return z.NEVER;
      }
    }),
  SHOPIFY_TWIN_DEFAULT_PLAN: z.enum(PLANS).default("standard"),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  console.error("Invalid shopify twin environment variables:");
  for (const issue of parsed.error.issues) console.error(`  ${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}
const env = parsed.data;

const twin = await startTwin({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecret: env.SHOPIFY_API_SECRET,
  scopes: env.SCOPES,
  optionalScopes: env.OPTIONAL_SCOPES,
  port: env.SHOPIFY_TWIN_PORT,
  stateFile: env.SHOPIFY_TWIN_STATE_FILE,
  faults: env.SHOPIFY_TWIN_FAULTS,
  defaultPlan: env.SHOPIFY_TWIN_DEFAULT_PLAN,
});
console.log(`shopify twin listening on ${twin.url}`);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    twin.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("[shopify-twin] shutdown failed", error);
        process.exit(1);
      },
    );
  });
}
