// Step-by-step set-up for each identity provider, with exactly the fields each one asks for
// (from the IdPs' own documentation, see shared/research/scim-interop.md §1–3), the values to
// paste, and the connection check: the last request this app received.
import { BlockStack, Box, Card, List, Tabs, Text } from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { TestConnection, type RecentRequest } from "./TestConnection";

export interface SetupGuideProps {
  baseUrl: string;
  /** e.g. "scim_AbC123…" of the newest working token, or null when there is none. */
  tokenPrefix: string | null;
  requests: RecentRequest[];
  onCheckAgain: () => void;
  checking: boolean;
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <List.Item>
      <Text as="span" fontWeight="semibold">
        {name}
      </Text>
      : {children}
    </List.Item>
  );
}

function Code({ children }: { children: ReactNode }) {
  return (
    <Text as="span" fontWeight="medium">
      <code>{children}</code>
    </Text>
  );
}

function Step({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <Box as="li" paddingBlockEnd="300">
      <BlockStack gap="150">
        <Text as="h4" variant="headingSm">
          {number}. {title}
        </Text>
        {children}
      </BlockStack>
    </Box>
  );
}

function Steps({ children }: { children: ReactNode }) {
  return (
    <ol style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label="Set-up steps">
      {children}
    </ol>
  );
}

export function SetupGuides({ baseUrl, tokenPrefix, requests, onCheckAgain, checking }: SetupGuideProps) {
  const [selected, setSelected] = useState(0);
  const token = tokenPrefix ? (
    <>
      your SCIM token (<Code>{tokenPrefix}…</Code>, shown once when you generated it)
    </>
  ) : (
    <>your SCIM token (generate one above first)</>
  );

  const guides = [
    {
      id: "okta",
      content: "Okta",
      body: (
        <Steps>
          <Step number={1} title="Create an app integration">
            <Text as="p">
              In the Okta Admin Console, go to Applications → Applications → Create App Integration, choose SAML 2.0 (or SWA) and finish the
              wizard. Okta adds SCIM only to SAML and SWA apps, not to OIDC apps.
            </Text>
          </Step>
          <Step number={2} title="Switch provisioning to SCIM">
            <Text as="p">On the app's General tab, click Edit in App Settings, set Provisioning to SCIM, and Save.</Text>
          </Step>
          <Step number={3} title="Connect Okta to this store">
            <Text as="p">On the Provisioning tab, open Integration and click Edit. Fill in:</Text>
            <List>
              <Field name="SCIM connector base URL">
                <Code>{baseUrl}</Code>
              </Field>
              <Field name="Unique identifier field for users">
                <Code>userName</Code>
              </Field>
              <Field name="Supported provisioning actions">
                Push New Users and Push Profile Updates (add Push Groups to turn Okta groups into customer tags)
              </Field>
              <Field name="Authentication Mode">HTTP Header</Field>
              <Field name="Authorization">{token}, without the word Bearer (Okta adds it)</Field>
            </List>
            <Text as="p">Click Test Connector Configuration, then Save. The test appears below as a request from Okta.</Text>
          </Step>
          <Step number={4} title="Choose what Okta sends">
            <Text as="p">
              Under Provisioning → To App, click Edit and enable Create Users, Update User Attributes and Deactivate Users. Leave Sync Password off:
              the app never stores passwords. Save.
            </Text>
          </Step>
          <Step number={5} title="Assign people">
            <Text as="p">
              On the Assignments tab, assign people or groups. Each assigned person becomes (or is linked to) a Shopify customer; unassigning them
              deactivates the customer as your Settings say.
            </Text>
          </Step>
        </Steps>
      ),
    },
    {
      id: "entra",
      content: "Microsoft Entra ID",
      body: (
        <Steps>
          <Step number={1} title="Create an enterprise application">
            <Text as="p">
              In the Microsoft Entra admin center, go to Enterprise applications → New application → Create your own application. Name it, choose
              "Integrate any other application you don't find in the gallery (Non-gallery)", and click Create.
            </Text>
          </Step>
          <Step number={2} title="Connect Entra to this store">
            <Text as="p">Open Provisioning, set Provisioning Mode to Automatic, and under Admin Credentials fill in:</Text>
            <List>
              <Field name="Tenant URL">
                <Code>{baseUrl}</Code>
              </Field>
              <Field name="Secret Token">{token}</Field>
            </List>
            <Text as="p">Click Test Connection, then Save. Entra looks up a person who does not exist; that request appears below.</Text>
          </Step>
          <Step number={3} title="Check the attribute mappings">
            <Text as="p">Under Mappings → Provision Microsoft Entra ID Users, keep these (they are Entra's defaults):</Text>
            <List>
              <Field name="userName">userPrincipalName (matching precedence 1)</Field>
              <Field name={'emails[type eq "work"].value'}>mail. The customer's email comes from here, else from userName.</Field>
              <Field name="name.givenName / name.familyName">givenName / surname</Field>
              <Field name="active">Switch([IsSoftDeleted], , "False", "True", "True", "False")</Field>
            </List>
            <Text as="p">
              Keep Provision Microsoft Entra ID Groups enabled to turn groups into customer tags, or set it to No if you do not need them.
            </Text>
          </Step>
          <Step number={4} title="Start provisioning">
            <Text as="p">
              Under Settings, set Scope to "Sync only assigned users and groups", set Provisioning Status to On, and Save. Then assign people in Users
              and groups. Entra sends changes about every 40 minutes; use Provision on demand to send one person now.
            </Text>
          </Step>
        </Steps>
      ),
    },
    {
      id: "onelogin",
      content: "OneLogin",
      body: (
        <Steps>
          <Step number={1} title="Add the SCIM provisioner app">
            <Text as="p">
              In OneLogin, go to Applications → Add App, search for "SCIM Provisioner with SAML (SCIM v2 Enterprise)", select it, and Save.
            </Text>
          </Step>
          <Step number={2} title="Connect OneLogin to this store">
            <Text as="p">On the Configuration tab, fill in:</Text>
            <List>
              <Field name="SCIM Base URL">
                <Code>{baseUrl}</Code>
              </Field>
              <Field name="SCIM Bearer Token">{token}</Field>
              <Field name="SCIM JSON Template">
                keep OneLogin's default; it must send <Code>userName</Code>, <Code>name</Code> and <Code>emails</Code>
              </Field>
            </List>
            <Text as="p">Under API Connection, click Enable, then Save. OneLogin's first call appears below.</Text>
          </Step>
          <Step number={3} title="Use the email as the SCIM username">
            <Text as="p">On the Parameters tab, set SCIM Username to Email.</Text>
          </Step>
          <Step number={4} title="Turn on provisioning">
            <Text as="p">
              On the Provisioning tab, check Enable provisioning. Clear "Require admin approval" for Create user, Delete user and Update user to apply
              changes at once. When users are deleted or lose access, choose Suspend to mark the customer deactivated (reversible), or Delete to
              apply your SCIM DELETE policy. Save.
            </Text>
          </Step>
          <Step number={5} title="Assign people">
            <Text as="p">Give people the app directly, through Roles or with Rules.</Text>
          </Step>
        </Steps>
      ),
    },
    {
      id: "jumpcloud",
      content: "JumpCloud",
      body: (
        <Steps>
          <Step number={1} title="Add a custom application">
            <Text as="p">
              In the JumpCloud Admin Portal, go to SSO Applications → Add New Application → Custom Application. Select "Export users to this app
              (Identity Management)", name the app, click Save Application, then Configure Application.
            </Text>
          </Step>
          <Step number={2} title="Connect JumpCloud to this store">
            <Text as="p">On the Identity Management tab, fill in:</Text>
            <List>
              <Field name="SCIM Version">SCIM 2.0</Field>
              <Field name="Base URL">
                <Code>{baseUrl}</Code>
              </Field>
              <Field name="Token Key">{token}</Field>
              <Field name="Test User Email">an address you use for tests</Field>
            </List>
            <Text as="p">
              Click Test Connection, then Activate, then Save. JumpCloud's test creates a person with the test email and deletes them again: with
              "Create new customers" on, that customer is created and then handled by your SCIM DELETE policy.
            </Text>
          </Step>
          <Step number={3} title="Assign people">
            <Text as="p">
              On the app's User Groups tab, select the groups whose members should be provisioned and Save. Enable group management to turn the
              groups into customer tags.
            </Text>
          </Step>
        </Steps>
      ),
    },
  ];

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Set up your identity provider
          </Text>
          <Text as="p" tone="subdued">
            Any SCIM 2.0 client works with the base URL and a bearer token. Step by step for the common ones:
          </Text>
        </BlockStack>
        <Tabs tabs={guides.map(({ id, content }) => ({ id, content, panelID: `${id}-guide` }))} selected={selected} onSelect={setSelected}>
          <Box paddingBlockStart="400" id={`${guides[selected]!.id}-guide`}>
            {guides[selected]!.body}
          </Box>
        </Tabs>
        <TestConnection requests={requests} onCheckAgain={onCheckAgain} checking={checking} />
      </BlockStack>
    </Card>
  );
}
