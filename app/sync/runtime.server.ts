// The provisioning worker as the app runs it: one per process, with the process's one AdminClients
// (app/shopify-admin/admin-clients.server.ts) and the settings of env.server.ts.
// `startProvisioningWorker()` is called by server/index.mjs (WORKER_MODE=inline, the default)
// and server/worker.mjs (`npm run worker`, scale-out), both through the Remix build's entry.
import prisma from "~/db.server";
import { env } from "~/env.server";
import logger from "~/logger.server";
import { adminClients } from "~/shopify-admin/admin-clients.server";
import { retryEvents } from "./outbox.server";
import { withGroupTags } from "./group-delivery.server";
import { queueRepair } from "./reconcile.server";
import { queueDueReconciles, queueShopJob, shopHandler, type ShopJob } from "./shop-jobs.server";
import { userHandler } from "./user-delivery.server";
import { ProvisioningWorker, type HandlerEntry } from "./worker.server";

/**
 * Delivery per resourceType. Group membership changes are events on the member's own "User" key,
 * delivered with the person's other changes (app/sync/group-delivery.server.ts).
 */
export const HANDLERS: Record<string, HandlerEntry> = { User: withGroupTags(userHandler), Shop: shopHandler };

declare global {
  // eslint-disable-next-line no-var
  var provisioningWorker: ProvisioningWorker | undefined;
}

function workerLogger() {
  const child = logger.child({ component: "provisioning" });
  return {
    info: (fields: object, message: string) => child.info(fields, message),
    warn: (fields: object, message: string) => child.warn(fields, message),
    error: (fields: object, message: string) => child.error(fields, message),
  };
}

/** The process's worker (created on first use, not started). */
export function getProvisioningWorker(): ProvisioningWorker {
  globalThis.provisioningWorker ??= new ProvisioningWorker({
    prisma,
    clients: adminClients(),
    handlers: HANDLERS,
    logger: workerLogger(),
  });
  return globalThis.provisioningWorker;
}

/**
 * Starts delivering in this process. `force` starts it even with WORKER_MODE=off (the dedicated
 * worker process). Returns a stop function for graceful shutdown (SIGTERM).
 */
export function startProvisioningWorker(options: { force?: boolean } = {}): () => Promise<void> {
  if (env.WORKER_MODE === "off" && !options.force) {
    logger.info({ component: "provisioning" }, "provisioning worker not started in this process (WORKER_MODE=off)");
    return async () => {};
  }
  const worker = getProvisioningWorker();
  worker.start();
  const stopSchedule = scheduleReconciles();
  return () => {
    stopSchedule();
    return worker.stop();
  };
}

/** Every few minutes, queue the reconciles that are due (any worker process may; the queue dedupes). */
function scheduleReconciles(): () => void {
  const intervalMs = env.RECONCILE_INTERVAL_HOURS * 3_600_000;
  if (intervalMs <= 0) return () => {};
  const check = () =>
    queueDueReconciles(prisma, intervalMs)
      .then((queued) => {
        if (queued > 0) {
          logger.info({ component: "provisioning", queued }, "daily reconcile queued");
          globalThis.provisioningWorker?.nudge();
        }
      })
      .catch((error: unknown) => logger.error({ component: "provisioning", err: error instanceof Error ? error.message : String(error) }, "could not queue reconciles"));
  const timer = setInterval(check, Math.min(intervalMs, 10 * 60_000));
  timer.unref();
  return () => clearInterval(timer);
}

/** Manual retry for the admin UI: failed/cancelled events of a shop back to the queue. */
export async function retryProvisioning(shopId: string, selector: { eventId?: string; key?: string } = {}): Promise<number> {
  const count = await retryEvents(prisma, shopId, selector);
  globalThis.provisioningWorker?.nudge();
  return count;
}

/** Queues a job for the whole shop (admin actions: "Reconcile now", apply a new mapping). */
export async function queueShopProvisioningJob(shopId: string, job: ShopJob): Promise<{ eventId: string; queued: boolean }> {
  const result = await queueShopJob(prisma, shopId, job, "admin");
  globalThis.provisioningWorker?.nudge();
  return result;
}

/**
 * "Sync now" on a person's page: their whole current state is delivered again (a repair, like
 * reconcile's). "waiting" when a change of theirs is already queued (it will write everything).
 */
export async function queuePersonResync(shopId: string, userId: string): Promise<"queued" | "waiting" | "not_found"> {
  const person = await prisma.scimUser.findFirst({ where: { id: userId, shopId }, select: { id: true, active: true } });
  if (!person) return "not_found";
  const queued = await queueRepair(prisma, shopId, person.id, person.active, "requested in the admin");
  globalThis.provisioningWorker?.nudge();
  return queued ? "queued" : "waiting";
}
