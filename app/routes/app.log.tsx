import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useOutlet, useRevalidator, useSearchParams } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  ChoiceList,
  EmptyState,
  Filters,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  ProgressBar,
  Text,
  useBreakpoints,
  type AppliedFilterInterface,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { OPERATIONS, OPERATION_NAMES, STATUS_FILTERS, STATUS_FILTER_NAMES, TIME_RANGES, customerAdminUrl, formatCount, plural, stateLabel } from "~/admin/labels";
import { invalid, requireAdmin } from "~/admin/session.server";
import { countFailed, getBacklog, getReconcileStatus, listLogEvents, parseLogQuery, retryLogEvents } from "~/admin/sync-log.server";
import { Time } from "~/components/Time";
import { useLogActionFetcher, type LogActionData } from "~/components/useLogActionFetcher";
import { useUrlFilters } from "~/components/useUrlFilters";
import { queuePersonResync, queueShopProvisioningJob } from "~/sync/runtime.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const query = parseLogQuery(new URL(request.url).searchParams);
  const [page, backlog, failed, reconcile] = await Promise.all([listLogEvents(shop.id, query), getBacklog(shop.id), countFailed(shop.id), getReconcileStatus(shop.id)]);
  return { query, page, backlog, failed, reconcile };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), eventId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("retry-all-failed") }),
  z.object({ intent: z.literal("reconcile") }),
  z.object({ intent: z.literal("resync"), personId: z.string().min(1).max(64) }),
]);

export async function action({ request }: ActionFunctionArgs): Promise<LogActionData | Response> {
  const { shop } = await requireAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalid(parsed.error.issues[0]?.message ?? "Invalid request.");
  switch (parsed.data.intent) {
    case "retry": {
      const retried = await retryLogEvents(shop.id, parsed.data.eventId);
      if (retried === 0) return invalid("This event cannot be retried: it is not failed or cancelled (anymore).", 409);
      return { retried };
    }
    case "retry-all-failed":
      return { retried: await retryLogEvents(shop.id) };
    case "reconcile": {
      // A queued job, not work in this request: a large store takes minutes of paced reads.
      const { queued } = await queueShopProvisioningJob(shop.id, "reconcile");
      return { reconcileQueued: queued };
    }
    case "resync": {
      const result = await queuePersonResync(shop.id, parsed.data.personId);
      if (result === "not_found") return invalid("This person is no longer in the directory.", 404);
      return { resync: result };
    }
  }
}

const RANGE_CHOICES = Object.entries(TIME_RANGES).map(([value, { label }]) => ({ value, label }));
const STATUS_CHOICES = STATUS_FILTER_NAMES.map((value) => ({ value, label: STATUS_FILTERS[value].label }));
const OPERATION_CHOICES = OPERATION_NAMES.map((value) => ({ value, label: `${OPERATIONS[value].label} (${OPERATIONS[value].request})` }));
const REFRESH_MS = 3_000;

/** Polaris Link stops the row's own click (the row opens the event). */
function CustomerLink({ customerId }: { customerId: string | null }) {
  const url = customerAdminUrl(customerId);
  if (!url) return <Text as="span" tone="subdued">—</Text>;
  return (
    <span onClick={(event) => event.stopPropagation()}>
      <Link url={url} target="_top" removeUnderline>
        Customer {customerId!.split("/").pop()}
      </Link>
    </span>
  );
}

/** What reconcile is doing, or what it found last time. */
function ReconcileCard({ status }: { status: ReturnType<typeof useLoaderData<typeof loader>>["reconcile"] }) {
  if (status.pending) {
    return (
      <Banner tone="info" title={status.pending.state === "active" ? "Reconciling with Shopify…" : "Reconcile queued"}>
        <p>
          The app is comparing every person with their Shopify customer and will queue a repair for each difference.
          {status.pending.lastError ? ` Last attempt: ${status.pending.lastError}` : ""}
        </p>
      </Banner>
    );
  }
  if (!status.last || !status.lastReconciledAt) return null;
  const { users, inSync, repairsQueued, customersMissing, notLinked, failed } = status.last;
  const found = [
    repairsQueued ? plural(repairsQueued, "repair") + " queued" : null,
    customersMissing ? `${formatCount(customersMissing)} deleted in Shopify` : null,
    notLinked ? `${formatCount(notLinked)} not linked` : null,
    failed ? `${formatCount(failed)} failed` : null,
  ].filter(Boolean);
  return (
    <Text as="p" variant="bodySm" tone="subdued">
      Last reconciled <Time value={status.lastReconciledAt} />: {formatCount(inSync)} of {plural(users, "person", "people")} in sync
      {found.length ? `; ${found.join(", ")}` : ""}.
    </Text>
  );
}

export default function SyncLog() {
  const { query, page, backlog, failed, reconcile } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const outlet = useOutlet();
  const shopify = useAppBridge();
  const { smDown } = useBreakpoints();
  const actions = useLogActionFetcher();
  const { filtersProps, loading, update, setList, setSingle, pagination } = useUrlFilters(query.q);
  const [exporting, setExporting] = useState(false);

  // Auto-refresh while work is pending (and the tab is visible).
  const pending = backlog?.pending ?? 0;
  useEffect(() => {
    if (pending === 0) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, revalidator]);

  const appliedFilters: AppliedFilterInterface[] = [];
  if (query.status.length) {
    appliedFilters.push({ key: "status", label: `Status: ${query.status.map((s) => STATUS_FILTERS[s].label).join(", ")}`, onRemove: () => setList("status", []) });
  }
  if (query.operation.length) {
    appliedFilters.push({ key: "operation", label: `IdP operation: ${query.operation.map((o) => OPERATIONS[o].label).join(", ")}`, onRemove: () => setList("operation", []) });
  }
  if (query.range) appliedFilters.push({ key: "range", label: TIME_RANGES[query.range].label, onRemove: () => update((p) => p.delete("range")) });
  if (query.person) appliedFilters.push({ key: "person", label: "One person", onRemove: () => update((p) => p.delete("person")) });

  const filters = [
    {
      key: "status",
      label: "Status",
      pinned: true,
      filter: <ChoiceList title="Status" titleHidden allowMultiple choices={STATUS_CHOICES} selected={query.status} onChange={(v) => setList("status", v)} />,
    },
    {
      key: "operation",
      label: "IdP operation",
      pinned: true,
      filter: <ChoiceList title="IdP operation" titleHidden allowMultiple choices={OPERATION_CHOICES} selected={query.operation} onChange={(v) => setList("operation", v)} />,
    },
    {
      key: "range",
      label: "Time",
      pinned: true,
      filter: (
        <ChoiceList
          title="Time"
          titleHidden
          choices={RANGE_CHOICES}
          selected={query.range ? [query.range] : []}
          onChange={([value]) => setSingle("range", value)}
        />
      ),
    },
  ];

  const search = searchParams.toString();
  const detailUrl = (id: string) => `/app/log/${id}${search ? `?${search}` : ""}`;
  const exportCsv = async () => {
    setExporting(true);
    try {
      const params = new URLSearchParams(searchParams);
      params.delete("after");
      params.delete("before");
      const response = await fetch(`/app/log.csv?${params}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = response.headers.get("content-disposition")?.match(/filename="([^"]+)"/)?.[1] ?? "sync-log.csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      shopify.toast.show("CSV exported");
    } catch (error) {
      shopify.toast.show(`Export failed (${error instanceof Error ? error.message : "error"})`, { isError: true });
    } finally {
      setExporting(false);
    }
  };

  const rows = page.rows.map((row, index) => {
    const state = stateLabel(row.state);
    const person = (
      <Link url={detailUrl(row.id)} dataPrimaryLink removeUnderline monochrome>
        <Text as="span" fontWeight="semibold">
          {row.personLabel}
        </Text>
      </Link>
    );
    const badge = (
      <Badge tone={state.tone}>
        {state.label}
      </Badge>
    );
    if (smDown) {
      return (
        <IndexTable.Row id={row.id} key={row.id} position={index} onClick={() => navigate(detailUrl(row.id))}>
          <div style={{ padding: "12px 16px" }}>
            <BlockStack gap="100">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                {person}
                {badge}
              </InlineStack>
              <Text as="span" variant="bodySm">
                {row.operationLabel} → {row.actionLabel}
              </Text>
              <InlineStack align="space-between">
                <Text as="span" variant="bodySm" tone="subdued">
                  <Time value={row.createdAt} />
                </Text>
                <CustomerLink customerId={row.customerId} />
              </InlineStack>
            </BlockStack>
          </div>
        </IndexTable.Row>
      );
    }
    return (
      <IndexTable.Row id={row.id} key={row.id} position={index} onClick={() => navigate(detailUrl(row.id))}>
        <IndexTable.Cell>
          <Time value={row.createdAt} />
        </IndexTable.Cell>
        <IndexTable.Cell>
          <BlockStack gap="050">
            {person}
            {row.person && row.person.displayName ? (
              <Text as="span" variant="bodySm" tone="subdued">
                {row.person.userName}
              </Text>
            ) : null}
          </BlockStack>
        </IndexTable.Cell>
        <IndexTable.Cell>{row.operationLabel}</IndexTable.Cell>
        <IndexTable.Cell>{row.actionLabel}</IndexTable.Cell>
        <IndexTable.Cell>{badge}</IndexTable.Cell>
        <IndexTable.Cell>
          <CustomerLink customerId={row.customerId} />
        </IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  const filtered = appliedFilters.length > 0 || !!query.q;
  const table = (
    <Card padding="0">
      <Filters {...filtersProps} queryPlaceholder="Search by person: email, name, SCIM id or customer id" filters={filters} appliedFilters={appliedFilters} />
      <IndexTable
        resourceName={{ singular: "event", plural: "events" }}
        itemCount={page.rows.length}
        selectable={false}
        condensed={smDown}
        loading={loading}
        headings={[{ title: "Time" }, { title: "Person" }, { title: "IdP operation" }, { title: "Shopify action" }, { title: "Status" }, { title: "Customer" }]}
        emptyState={
          <EmptyState heading={filtered ? "No events match" : "No provisioning events yet"} image="">
            <p>
              {filtered
                ? "Change the filters or the search."
                : "Events appear here as soon as your identity provider creates, updates or deactivates someone."}
            </p>
          </EmptyState>
        }
        pagination={{ ...pagination(page), accessibilityLabels: { next: "Older events", previous: "Newer events" } }}
      >
        {rows}
      </IndexTable>
    </Card>
  );

  const detail = outlet ? <Layout.Section variant="oneThird">{outlet}</Layout.Section> : null;
  const list = <Layout.Section>{table}</Layout.Section>;

  return (
    <Page fullWidth>
      <TitleBar title="Sync log">
        <button onClick={exportCsv} {...(exporting ? { loading: "" } : {})}>
          Export CSV
        </button>
        <button onClick={() => actions.submit({ intent: "reconcile" }, { method: "post", action: "/app/log" })}>Reconcile now</button>
        <button
          variant="primary"
          onClick={() => actions.submit({ intent: "retry-all-failed" }, { method: "post", action: "/app/log" })}
          {...(failed === 0 ? { disabled: true } : {})}
        >
          {`Retry all failed (${formatCount(failed)})`}
        </button>
      </TitleBar>
      <BlockStack gap="400">
        <ReconcileCard status={reconcile} />
        {backlog ? (
          <Card>
            <BlockStack gap="200">
              <InlineStack align="space-between" gap="200">
                <Text as="h2" variant="headingSm">
                  {formatCount(backlog.delivered)} of {formatCount(backlog.total)} delivered
                </Text>
                <Text as="span" variant="bodySm" tone="subdued">
                  {formatCount(backlog.pending)} waiting · refreshes every {REFRESH_MS / 1000} s
                </Text>
              </InlineStack>
              <ProgressBar progress={backlog.total ? (backlog.delivered / backlog.total) * 100 : 0} tone="primary" ariaLabelledBy="backlog-progress" />
              <span id="backlog-progress" hidden>
                Delivery progress
              </span>
              {backlog.parkedReason ? (
                <Text as="p" tone="critical">
                  Paused: {backlog.parkedReason}
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        ) : null}
        <Box>
          <Layout>
            {smDown ? detail : null}
            {list}
            {smDown ? null : detail}
          </Layout>
        </Box>
      </BlockStack>
    </Page>
  );
}
