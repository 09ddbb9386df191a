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

/** A multi-line value to paste as is (e.g. OneLogin's SCIM JSON Template). */
function CodeBlock({ label, children }: { label: string; children: string }) {
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200">
      <pre aria-label={label} style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        <code>{children}</code>
      </pre>
    </Box>
  );
}

// OneLogin's SCIM JSON Template. OneLogin's documented Core template (developers.onelogin.com/scim/define-user-schema)
// has only userName and name; its Enterprise one adds emails as one object and SCIM 1.x schema URNs. This is the
// SCIM 2.0 form: the Core fields plus emails as an array, so the customer's email arrives as emails[primary].value.
const ONELOGIN_TEMPLATE = `{
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName": "{$parameters.scimusername}",
  "name": {
    "givenName": "{$user.firstname}",
    "familyName": "{$user.lastname}",
    "formatted": "{$user.display_name}"
  },
  "emails": [{ "value": "{$user.email}", "type": "work", "primary": true }]
}`;

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
    // OneLogin: checked against OneLogin's own documentation (UI labels quoted as the pages give them):
    //  - https://onelogin.service-now.com/kb?id=kb_article_view&sysparm_article=KB0013904 "Creating SCIM Custom Connectors":
    //    Applications > Applications > Add App, search "SCIM Provisioner", connector "SCIM Provisioner with SAML (SCIM v2
    //    Enterprise, full SAML)"; Save makes the other tabs appear. Configuration tab: "Application Details" is for SAML
    //    only; the "API Connection" section has "SCIM Base URL" ("should not include /users at the end") and "SCIM Bearer
    //    Token". Parameters tab: "The scimusername parameter uses the Username attribute by default"; first name, last
    //    name and email need no parameter; group information does not go in the SCIM schema.
    //  - https://developers.onelogin.com/scim/define-user-schema: the "SCIM JSON template". The Core User Schema has
    //    userName ({$parameters.scimusername}) and name only, no emails; the Enterprise one adds
    //    "emails": {"value": "{$user.email}", "type": "work", "primary": true} (one object, SCIM 1.x URNs).
    //  - https://developers.onelogin.com/scim/create-app: "SCIM Provisioner with SAML (Core Schema)" / "(Enterprise Schema)",
    //    Configuration tab.
    //  - https://developers.onelogin.com/scim/implement-scim-api: on connecting, OneLogin looks up a userName it knows does
    //    not exist; calls: Get User by userName filter, Create User, Get User by ID, Update User, Get/Create Groups, Patch
    //    Group, Delete User, Get Users.
    //  - https://developers.onelogin.com/scim/test-your-scim: Provisioning tab "Enable provisioning", "Require admin approval
    //    before this action…" with Create user / Delete user / Update user, "When users are deleted in OneLogin…" with
    //    Delete / Suspend / Do Nothing, then SAVE; Access tab "Roles"; a user's Applications tab.
    // Not verified from a primary source (kept, from third-party guides: scim.dev, Lessonly, Pigeonhole, LivingSecurity):
    //  - the "Enable" button / "API Status" under API Connection (OneLogin's create-app page was only partly readable);
    //  - the connector's name in today's catalogue: KB0013904 says "(SCIM v2 Enterprise, full SAML)", third parties
    //    "(SCIM v2 Enterprise)" or "(SCIM v2 Core)";
    //  - the Parameters tab label of scimusername ("SCIM Username" in third-party guides) and its "Email" value;
    //  - what a new SCIM v2 connector's template is prefilled with (hence the guide gives the whole template);
    //  - what Suspend sends (PUT or PATCH, active=false): see research/scim-interop.md §3, "accept both". "active" is
    //    left out of the template: OneLogin's docs do not define {$user.active}.
    {
      id: "onelogin",
      content: "OneLogin",
      body: (
        <Steps>
          <Step number={1} title="Add the SCIM provisioner app">
            <Text as="p">
              In the OneLogin admin portal, go to Applications → Applications and click Add App. Search for "SCIM Provisioner" and select the SCIM
              v2 Enterprise connector, "SCIM Provisioner with SAML (SCIM v2 Enterprise, full SAML)" (some accounts list it as "SCIM Provisioner
              with SAML (SCIM v2 Enterprise)"). Do not pick a SCIM v1.1 connector: this app speaks SCIM 2.0. Name the app and Save; the other
              tabs appear once it is saved.
            </Text>
          </Step>
          <Step number={2} title="Connect OneLogin to this store">
            <Text as="p">
              On the Configuration tab, skip Application Details (it is for SAML sign-in, which this app does not use) and scroll down to API
              Connection. Fill in:
            </Text>
            <List>
              <Field name="SCIM Base URL">
                <Code>{baseUrl}</Code>, exactly as shown (no <Code>/Users</Code> at the end)
              </Field>
              <Field name="SCIM Bearer Token">{token}</Field>
              <Field name="SCIM JSON Template">
                replace the whole template with the one below. OneLogin's own core template sends no <Code>emails</Code>; this one sends{" "}
                <Code>userName</Code>, <Code>name</Code> and the OneLogin email as the customer's email.
              </Field>
            </List>
            <CodeBlock label="SCIM JSON Template for OneLogin">{ONELOGIN_TEMPLATE}</CodeBlock>
            <Text as="p">
              Under API Connection, click Enable, then Save. OneLogin looks up a username that does not exist; that request appears below.
            </Text>
          </Step>
          <Step number={3} title="Use the email as the SCIM username">
            <Text as="p">
              On the Parameters tab, open scimusername (shown as SCIM Username), set its value to Email and Save. By default it is the OneLogin
              Username, and the template sends it as <Code>userName</Code>: OneLogin finds existing customers by it, and the store uses it as the
              email when none is sent.
            </Text>
          </Step>
          <Step number={4} title="Turn on provisioning">
            <Text as="p">
              On the Provisioning tab, select Enable provisioning. Under "Require admin approval before this action is performed", clear Create user,
              Delete user and Update user so changes apply at once (leave them selected to approve each change yourself). In "When users are deleted
              in OneLogin…", choose Suspend to mark the customer deactivated (reversible), or Delete to apply your SCIM DELETE policy. Save.
            </Text>
          </Step>
          <Step number={5} title="Assign people">
            <Text as="p">
              On the app's Access tab, select the roles that should get the app and Save; everyone with one of those roles is provisioned. To add one
              person, open them under Users, go to their Applications tab and add the app or one of its roles.
            </Text>
          </Step>
        </Steps>
      ),
    },
    // JumpCloud: checked against JumpCloud's own documentation:
    //  - https://jumpcloud.com/support/provision-and-manage-users-and-groups-in-apps-using-custom-scim-identity-management-integration
    //    (also support.jumpcloud.com/s/article/Custom-SCIM-Identity-Management) "Identity Management using a Custom SCIM
    //    Integration": SCIM 1.1 or 2.0, "SCIM API Key" or "Bearer Token" auth; the custom SCIM option is on an app's
    //    "Identity Management" tab; "A test user and test group are created to test the integration. Both will be deleted
    //    if the DELETE method is supported by the service provider" (else the test user is deactivated); "You provide a
    //    test user account"; changing settings of an active configuration asks for a test email again.
    //  - JumpCloud's connector articles, e.g. https://jumpcloud.com/wp-json/wp/v2/support/85119, "Group Management
    //    Considerations": "Enable management of User Groups and Group Membership in this application"; empty groups are
    //    not created; a group with the same name is taken over; renames are synced; a user group disassociated from the
    //    app is left as-is and its members are deactivated unless another managed group keeps them; groups deleted in
    //    JumpCloud are deleted in the app.
    // Not verified from a primary source (only the start of JumpCloud's custom SCIM article was readable here); these
    // labels come from third-party guides that agree (PropelAuth, BoxyHQ, Qualytics, TrueFoundry, Kisi, Willow, Trelica):
    //  - SSO Applications → Add New Application → Custom Application, "Export users to this app (Identity Management)",
    //    Next, Save Application, Configure Application;
    //  - fields "SCIM Version", "Base URL", "Token Key", "Test User Email"; buttons Test Connection, Activate, Save;
    //  - the tab being called "Provisioning" since a 2026 console rename (Willow docs only);
    //  - the group-management box appearing only after a successful Test Connection (Trelica only);
    //  - JumpCloud's wire behaviour, PATCH replace active=false on deactivation and group members PATCHed as
    //    value:[{value}] without a filter: research/scim-interop.md §3 (uni-moni KB, a Rust crate's fixtures).
    {
      id: "jumpcloud",
      content: "JumpCloud",
      body: (
        <Steps>
          <Step number={1} title="Add a custom application">
            <Text as="p">
              In the JumpCloud Admin Portal, go to SSO Applications → Add New Application → Custom Application. Select "Export users to this app
              (Identity Management)", click Next, name the app, click Save Application, then Configure Application. If you already have a custom
              SAML app for this store, open that app instead.
            </Text>
          </Step>
          <Step number={2} title="Connect JumpCloud to this store">
            <Text as="p">On the Identity Management tab (called Provisioning in newer consoles), fill in:</Text>
            <List>
              <Field name="SCIM Version">SCIM 2.0</Field>
              <Field name="Base URL">
                <Code>{baseUrl}</Code>, exactly as shown (no slash at the end)
              </Field>
              <Field name="Token Key">{token}</Field>
              <Field name="Test User Email">
                an address that no customer of this store uses, for example a scim-test address on your own domain
              </Field>
            </List>
            <Text as="p">
              Click Test Connection. JumpCloud creates a test person with that email and a test group, then deletes both: with "Create new
              customers" on, a customer is created and then handled by your SCIM DELETE policy, so never use a real customer's email.
            </Text>
          </Step>
          <Step number={3} title="Choose group management, then activate">
            <Text as="p">
              To turn the app's JumpCloud user groups into customer tags, select "Enable management of User Groups and Group Membership in this
              application" (it can appear only after a successful test); leave it clear if you do not need tags. Click Activate, then Save.
            </Text>
          </Step>
          <Step number={4} title="Assign people">
            <Text as="p">
              On the app's User Groups tab, select the groups whose members should become customers and Save. JumpCloud provisions only members of
              those groups, and does not send empty groups. Removing a group from the app deactivates its members unless another of the app's groups
              includes them; with group management on, the group's tag stays.
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
