import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const requests = await prisma.complianceRequest.findMany({
    where: { shopDomain: session.shop },
    orderBy: { receivedAt: "desc" },
    take: 100,
    select: { id: true, topic: true, customerId: true, receivedAt: true, summary: true },
  });
  return { requests: requests.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString() })) };
}

function describe(topic: string, summary: unknown): string {
  if (topic === "customers/data_request") return "Data request: report ready to download";
  const counts = summary as { people?: number; eventsScrubbed?: number } | null;
  return `Erasure: ${counts?.people ?? 0} directory record(s) erased, ${counts?.eventsScrubbed ?? 0} event(s) scrubbed`;
}

export default function PrivacyRequests() {
  const { requests } = useLoaderData<typeof loader>();
  return (
    <Page title="Privacy requests" backAction={{ content: "Overview", url: "/app" }}>
      <TitleBar title="Privacy requests" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              Shopify forwards customers' requests to see or erase their data. The app answers them automatically; data
              request reports are kept here for you to send to the customer.
            </Text>
            <Card padding="0">
              {requests.length === 0 ? (
                <EmptyState heading="No privacy requests yet" image="">
                  <p>Requests appear here when a customer asks your store for their data or its erasure.</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "request", plural: "requests" }}
                  itemCount={requests.length}
                  selectable={false}
                  headings={[{ title: "Received" }, { title: "Customer" }, { title: "What happened" }, { title: "Report" }]}
                >
                  {requests.map((row, index) => (
                    <IndexTable.Row id={row.id} key={row.id} position={index}>
                      <IndexTable.Cell>{new Date(row.receivedAt).toLocaleString()}</IndexTable.Cell>
                      <IndexTable.Cell>{row.customerId.replace("gid://shopify/Customer/", "#")}</IndexTable.Cell>
                      <IndexTable.Cell>{describe(row.topic, row.summary)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {row.topic === "customers/data_request" ? (
                          <a href={`/app/privacy-requests/${row.id}`} download>
                            Download JSON
                          </a>
                        ) : (
                          "—"
                        )}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
