// `node --import ./tests/shopify-twin/app-preload.mjs server/index.mjs`: the app (or a worker)
// talks to the Shopify twin at SHOPIFY_ADMIN_TWIN_URL instead of Shopify. scripts/demo.mjs and
// the tests that start the built app use it; see app-fetch.mjs.
import { useTwinFetch } from "./app-fetch.mjs";

const twinUrl = process.env.SHOPIFY_ADMIN_TWIN_URL;
if (!twinUrl) throw new Error("tests/shopify-twin/app-preload.mjs: SHOPIFY_ADMIN_TWIN_URL is not set");
useTwinFetch(twinUrl);
