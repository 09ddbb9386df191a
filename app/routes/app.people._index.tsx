import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, ChoiceList, EmptyState, Filters, IndexTable, InlineStack, Link, Page, Text, useBreakpoints } from "@shopify/polaris";
import { SYNC_STATES, customerAdminUrl, syncStateLabel } from "~/admin/labels";
import { listGroupChoices, listPeople, parsePeopleQuery } from "~/admin/people.server";
import { requireAdmin } from "~/admin/session.server";
import { Time } from "~/components/Time";
import { useUrlFilters } from "~/components/useUrlFilters";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const query = parsePeopleQuery(new URL(request.url).searchParams);
  const [page, groups] = await Promise.all([listPeople(shop.id, query), listGroupChoices(shop.id)]);
  return { query, page, groups };
}

const STATUS_CHOICES = [
  { value: "active", label: "Active" },
  { value: "deactivated", label: "Deactivated" },
];
const SYNC_CHOICES = Object.entries(SYNC_STATES).map(([value, { label }]) => ({ value, label }));

export default function People() {
  const { query, page, groups } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { smDown } = useBreakpoints();
  const { filtersProps, loading, update, setSingle, pagination } = useUrlFilters(query.q);

  const appliedFilters = [
    ...(query.status ? [{ key: "status", label: query.status === "active" ? "Active" : "Deactivated", onRemove: () => update((p) => p.delete("status")) }] : []),
    ...(query.sync ? [{ key: "sync", label: `Sync: ${syncStateLabel(query.sync).label}`, onRemove: () => update((p) => p.delete("sync")) }] : []),
    ...(query.group
      ? [{ key: "group", label: `Group: ${groups.find((g) => g.id === query.group)?.displayName ?? "(deleted)"}`, onRemove: () => update((p) => p.delete("group")) }]
      : []),
  ];
  const filters = [
    {
      key: "status",
      label: "Status",
      pinned: true,
      filter: <ChoiceList title="Status" titleHidden choices={STATUS_CHOICES} selected={query.status ? [query.status] : []} onChange={([value]) => setSingle("status", value)} />,
    },
    {
      key: "sync",
      label: "Sync state",
      pinned: true,
      filter: <ChoiceList title="Sync state" titleHidden choices={SYNC_CHOICES} selected={query.sync ? [query.sync] : []} onChange={([value]) => setSingle("sync", value)} />,
    },
    ...(groups.length > 0
      ? [
          {
            key: "group",
            label: "Group",
            pinned: true,
            filter: (
              <ChoiceList
                title="Group"
                titleHidden
                choices={groups.map((g) => ({ value: g.id, label: g.displayName }))}
                selected={query.group ? [query.group] : []}
                onChange={([value]) => setSingle("group", value)}
              />
            ),
          },
        ]
      : []),
  ];

  const rows = page.rows.map((person, index) => {
    const sync = syncStateLabel(person.syncState);
    const url = `/app/people/${person.id}`;
    const name = (
      <Link url={url} dataPrimaryLink removeUnderline monochrome>
        <Text as="span" fontWeight="semibold">
          {person.displayName || person.userName}
        </Text>
      </Link>
    );
    const active = <Badge tone={person.active ? "success" : undefined}>{person.active ? "Active" : "Deactivated"}</Badge>;
    const syncBadge = <Badge tone={sync.tone}>{sync.label}</Badge>;
    const groupNames =
      person.groups.length === 0 ? (
        <Text as="span" tone="subdued">
          —
        </Text>
      ) : (
        <Text as="span" variant="bodySm">
          {person.groups.slice(0, 3).map((g) => g.displayName).join(", ")}
          {person.groups.length > 3 ? ` +${person.groups.length - 3}` : ""}
        </Text>
      );
    const customerUrl = customerAdminUrl(person.customerId);
    const customer = customerUrl ? (
      <span onClick={(event) => event.stopPropagation()}>
        <Link url={customerUrl} target="_top" removeUnderline>
          Customer {person.customerId!.split("/").pop()}
        </Link>
      </span>
    ) : (
      <Text as="span" tone="subdued">
        Not linked
      </Text>
    );
    if (smDown) {
      return (
        <IndexTable.Row id={person.id} key={person.id} position={index} onClick={() => navigate(url)}>
          <div style={{ padding: "12px 16px" }}>
            <BlockStack gap="100">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                {name}
                <InlineStack gap="100">
                  {active}
                  {syncBadge}
                </InlineStack>
              </InlineStack>
              <Text as="span" variant="bodySm" tone="subdued">
                {person.userName}
              </Text>
              {person.groups.length > 0 ? groupNames : null}
              {customer}
            </BlockStack>
          </div>
        </IndexTable.Row>
      );
    }
    return (
      <IndexTable.Row id={person.id} key={person.id} position={index} onClick={() => navigate(url)}>
        <IndexTable.Cell>{name}</IndexTable.Cell>
        <IndexTable.Cell>{person.userName}</IndexTable.Cell>
        <IndexTable.Cell>{active}</IndexTable.Cell>
        <IndexTable.Cell>{groupNames}</IndexTable.Cell>
        <IndexTable.Cell>{syncBadge}</IndexTable.Cell>
        <IndexTable.Cell>{customer}</IndexTable.Cell>
        <IndexTable.Cell>
          <Time value={person.lastSyncedAt} relativeIfRecent />
        </IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  const filtered = appliedFilters.length > 0 || !!query.q;
  return (
    <Page>
      <TitleBar title="People" />
      <Card padding="0">
        <Filters {...filtersProps} queryPlaceholder="Search by name, email, userName or SCIM id" filters={filters} appliedFilters={appliedFilters} />
        <IndexTable
          resourceName={{ singular: "person", plural: "people" }}
          itemCount={page.rows.length}
          selectable={false}
          condensed={smDown}
          loading={loading}
          headings={[{ title: "Name" }, { title: "userName" }, { title: "Status" }, { title: "Groups" }, { title: "Sync" }, { title: "Customer" }, { title: "Last synced" }]}
          emptyState={
            <EmptyState heading={filtered ? "Nobody matches" : "No people yet"} image="">
              <p>
                {filtered
                  ? "Change the filters or the search."
                  : "People appear here when your identity provider assigns them to the app (see Overview → Set up your identity provider)."}
              </p>
            </EmptyState>
          }
          pagination={pagination(page)}
        >
          {rows}
        </IndexTable>
      </Card>
    </Page>
  );
}
