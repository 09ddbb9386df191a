// The sync log's actions (retry one, retry all failed, reconcile, sync one person now) as a fetcher that reports the
// result in a toast. Used by the log page and its event panel.
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";

/** What the log's action answers (app/routes/app.log.tsx returns exactly these, by type). */
export type LogActionData = { retried: number } | { reconcileQueued: boolean } | { resync: "queued" | "waiting" } | { error: string };

export function useLogActionFetcher() {
  const shopify = useAppBridge();
  const fetcher = useFetcher<LogActionData>();
  useEffect(() => {
    const data = fetcher.data;
    if (!data || fetcher.state !== "idle") return;
    if ("error" in data) shopify.toast.show(data.error, { isError: true });
    else if ("retried" in data) shopify.toast.show(data.retried === 0 ? "Nothing to retry" : `${data.retried} event${data.retried === 1 ? "" : "s"} queued again`);
    else if ("reconcileQueued" in data) shopify.toast.show(data.reconcileQueued ? "Reconcile queued" : "A reconcile is already queued");
    else if ("resync" in data) shopify.toast.show(data.resync === "queued" ? "Sync queued" : "A change of this person is already queued");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data, fetcher.state]);
  return fetcher;
}
