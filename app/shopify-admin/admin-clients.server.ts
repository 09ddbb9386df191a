// The process's one AdminClients: the provisioning worker and the admin pages' Shopify calls share
// it, so its once-per-shop token refresh (single flight and cache) holds for the whole process.
// shopify.server.ts is imported on first use: it reads the environment (the twin URL in tests)
// when it loads, and importing it at start-up would load the Shopify config into every module
// that only needs the client's types.
import { AdminClients } from "./admin-client.server";

let clients: AdminClients | undefined;

export function adminClients(): AdminClients {
  clients ??= new AdminClients(async (shop) => (await import("~/shopify.server")).unauthenticated.admin(shop));
  return clients;
}
