// Step-by-step set-up for each identity provider, with exactly the fields each one asks for
// (from the IdPs' own documentation, see shared/research/scim-interop.md §1–3), the values to
// paste, and the connection check: the last request this app received.
import { BlockStack, Box, Card, List, Select, Text } from "@shopify/polaris";
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
  // breakWord: a base URL is longer than a 390 px screen is wide; it wraps instead of widening the card.
  return (
    <Text as="span" fontWeight="medium" breakWord>
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
    // PingOne and PingFederate: checked against Ping Identity's own documentation (labels as the pages give them):
    //  - https://docs.pingidentity.com/pingone/integrations/p1_create_scim_connection.html "Creating a SCIM connection":
    //    Integrations > Provisioning, "+" then "New connection", "Identity Store" row "Select", "SCIM Outbound", Select,
    //    Next; the "Configure authentication" panel has "SCIM base URL", "Users resource", "SCIM version", "Groups
    //    Resource" and "Authentication method" (None, Basic Authentication, OAuth 2 Bearer Token, OAuth 2 Client
    //    Credentials); OAuth 2 Bearer Token asks for "OAuth Access Token".
    //  - https://docs.pingidentity.com/pingone/pingone_tutorials/p1_tutorial_create_provisioning_connection.html: values
    //    "Users Resource: /Users", "Groups Resource: /Groups", "SCIM Version: 2.0"; "Test connection"; on failure a "Test
    //    Connection Failed" dialog whose Continue saves an invalid connection that cannot provision; then "Configure
    //    preferences" (user filter and actions); a toggle enables the connection.
    //  - https://docs.pingidentity.com/pingone/integrations/p1_scim_filter_expressions.html: the "User Identifier" list
    //    (userName or workEmail) fills "%s" in the "User Filter Expression"; Ping's examples are `username Eq "%s"` and
    //    `email Co "%s"`. The app accepts the first (names and operators are case-insensitive, app/scim/filter.ts) and
    //    answers 400 to the second: `email` is no SCIM attribute.
    //  - https://docs.pingidentity.com/pingone/integrations/p1_scim_provisioning_features.html: create, update, disable,
    //    delete; "Configurable deprovisioning actions"; "Configurable group provisioning".
    //  - https://docs.pingidentity.com/r/en-us/pingone/pingone_t_create_provisioning_rule: "+" then "New Rule", Configuration
    //    tab, Target, the SCIM connection, Save, "User Filter" (pencil), "Attribute Mapping", a toggle enables the rule.
    //    p1_edit_provisioning_rule.html: newer consoles show Overview / Directory / Attribute Mapping tabs instead.
    //  - https://docs.pingidentity.com/pingone/integrations/p1_provisioning_configuring_outbound_group_provisioning.html:
    //    Rules tab, the rule, Directory tab, pencil next to Groups (older: Configuration tab, Group Provisioning, Add
    //    Groups); internal PingOne groups only; for SCIM a same-named group on the target has its members overwritten,
    //    after "I understand and want to continue".
    //  - https://docs.pingidentity.com/integrations/code42-pingone/provisioning_setup/p1_code42_integration_configuring_attribute_mapping_on_the_provisioning_rule.html
    //    (a SCIM connection): the SCIM-side names userName ← Username, givenName ← Given Name, familyName ← Family Name,
    //    workEmail ← Email Address, workPhone ← Primary Phone, externalId ← External ID.
    //  - PingFederate: https://docs.pingidentity.com/integrations/scim/setup/pf_scim_connector_scim_connector_settings_reference.html
    //    "SCIM URL", "SCIM Version", "Authentication Methods" (OAuth 2 Bearer Token: "Access Token"), "Unique User
    //    Identifier" (userName → `userName eq`, workEmail → `emails eq`; both work here); Provisioning Options "User
    //    Create", "User Update", "User Disable / Delete" and "Remove User Action" are quoted from the same connector's
    //    Code42 settings page, https://docs.pingidentity.com/r/eUGsMWf8OoiVkVtiuMwdlg/DJG9fbB3gHYQmZUlK_KV6Q (Disable is
    //    the default there and in Ping's other provisioners' option references, e.g. pf_p1_ik_provisioning_options_reference);
    //    https://docs.pingidentity.com/integrations/scim/pf_scim_connector.html: user updates are not PATCH (PUT), group
    //    PATCH is optional; pf_defining_provisioning_target.html: SP Connections > SP Connection > Configure Channels.
    // Not verified from a primary source, so the guide names these by what they do rather than by label:
    //  - the labels on PingOne's "Configure preferences" page (the API names USER_FILTER, UNIQUE_USER_IDENTIFIER,
    //    CREATE_USERS, UPDATE_USERS, DISABLE_USERS, REMOVE_ACTION are documented in developer.pingidentity.com
    //    …/propagation-stores/create-store-scim.html; the doc page's text stops before them);
    //  - whether "Auth Type Header" is shown for OAuth 2 Bearer Token (the page shows it for Basic Authentication);
    //  - whether PingOne (cloud) also updates users with PUT, and what its Test connection requests;
    //  - the User-Agent either product sends: TestConnection's /ping/ match is a guess, research gives no identifier.
    {
      id: "pingone",
      content: "PingOne",
      body: (
        <Steps>
          <Step number={1} title="Create a SCIM connection">
            <Text as="p">
              In the PingOne admin console, go to Integrations → Provisioning, click + and then New connection. On the Identity Store row click
              Select, choose SCIM Outbound, click Select and Next, name the connection (for example "Shopify customers") and click Next.
            </Text>
          </Step>
          <Step number={2} title="Connect PingOne to this store">
            <Text as="p">On the Configure authentication panel, fill in:</Text>
            <List>
              <Field name="SCIM base URL">
                <Code>{baseUrl}</Code>
              </Field>
              <Field name="Users resource">
                <Code>/Users</Code>
              </Field>
              <Field name="SCIM version">2.0</Field>
              <Field name="Groups Resource">
                <Code>/Groups</Code> (needed only to turn PingOne groups into customer tags)
              </Field>
              <Field name="Authentication method">OAuth 2 Bearer Token</Field>
              <Field name="OAuth Access Token">{token}, without the word Bearer</Field>
            </List>
            <Text as="p">
              Click Test connection; the request appears below. If PingOne shows Test Connection Failed, click Cancel and correct the values: a
              connection saved with Continue provisions nobody.
            </Text>
          </Step>
          <Step number={3} title="Choose how PingOne finds people">
            <Text as="p">
              On Configure preferences, keep the user identifier userName (or workEmail). If you enter a user filter expression, use{" "}
              <Code>userName eq "%s"</Code>; Ping's other example, <Code>email Co "%s"</Code>, is refused here because <Code>email</Code> is not a
              SCIM attribute. Let PingOne create, update and disable users. For the action when a user is removed, choose Disable to mark the
              customer deactivated as your Settings say (reversible); Delete applies your SCIM DELETE policy. Finish, then turn the connection on
              with its toggle.
            </Text>
          </Step>
          <Step number={4} title="Create a rule: who, and with which attributes">
            <Text as="p">
              Still under Integrations → Provisioning, click + and then New Rule, name it, set its Target to this connection and Save. Under User
              Filter, choose who becomes a customer (for example members of one group). Under Attribute Mapping, check:
            </Text>
            <List>
              <Field name="userName">Username, or Email Address if your usernames are not email addresses</Field>
              <Field name="workEmail">Email Address. The customer's email comes from here, else from userName.</Field>
              <Field name="givenName / familyName">Given Name / Family Name</Field>
              <Field name="workPhone">Primary Phone (optional; becomes the customer's phone)</Field>
            </List>
            <Text as="p">Turn the rule on with its toggle; PingOne then provisions everyone the filter selects.</Text>
          </Step>
          <Step number={5} title="Groups as customer tags (optional)">
            <Text as="p">
              Open the rule's Directory tab and click the pencil next to Groups (in older consoles: Configuration → Group Provisioning → Add
              Groups), select PingOne groups and Save. Each becomes a customer tag. Only groups created in PingOne can be provisioned, not external
              ones.
            </Text>
          </Step>
          <Step number={6} title="Using PingFederate instead">
            <Text as="p">
              With the SCIM Provisioner, open the SP connection's outbound provisioning channel (SP Connections → your connection → Configure
              Channels) and fill in:
            </Text>
            <List>
              <Field name="SCIM URL">
                <Code>{baseUrl}</Code>
              </Field>
              <Field name="SCIM Version">2.0</Field>
              <Field name="Authentication Methods">OAuth 2 Bearer Token, with {token} as the Access Token</Field>
              <Field name="Unique User Identifier">userName</Field>
              <Field name="Provisioning Options">User Create, User Update and User Disable / Delete selected</Field>
              <Field name="Remove User Action">Disable</Field>
            </List>
            <Text as="p">PingFederate updates people with PUT rather than PATCH; the app accepts both.</Text>
          </Step>
        </Steps>
      ),
    },
    // Rippling: no primary source. Rippling's own help centre and developer docs were not reachable here, so every
    // label below comes from third-party set-up guides, and the guide keeps only labels at least two of them agree on:
    //  - https://workos.com/docs/integrations/rippling-scim (and /2-create-your-rippling-application): "Custom App" under
    //    "Identity Management", "Create New App", "User Management via SCIM", Continue, "SCIM version" 2.0, "SCIM Base
    //    URL", "SCIM Authorization Method" "Bearer Token"; tick groups, pagination, delete groups and PATCH groups;
    //    "Supported SCIM Attributes": externalId, emails.primary, name.givenName, name.familyName.
    //  - https://help.kombo.dev/hc/en-us/articles/35612530773521-Rippling-SCIM-How-do-I-link-my-account: IT →
    //    Third-Party Access → Add Integration → Create New Custom Integration; "Supports Groups", "Mutually Exclusive
    //    Groups", "Supports Pagination", "Create & Delete Groups", "Use PATCH to edit Groups"; "Install now"; paste the
    //    Bearer Token; "App Access Rules", "Provision Time"; Attribute Mappings cadence "On user creation and updates";
    //    match existing users or create new accounts.
    //  - https://help.adaptivesecurity.com/en/articles/10166547-rippling-scim-user-provisioning: IT → Custom Integrations
    //    → "Create new Custom Integration"; "SCIM Configuration" step; "Supports Mutually Exclusive Groups" → "Not
    //    Mutually Exclusive Groups"; "Use email address as user name"; "Install Now"; "Select Installer".
    // Not verified (phrased cautiously in the UI or left out):
    //  - the menu path (the three guides give three: Identity Management → Custom App, IT → Third-Party Access, IT →
    //    Custom Integrations), so the guide names the page, not the path;
    //  - the exact names in the Supported SCIM Attributes list beyond the four above (a phone attribute is "if offered");
    //  - which lookup filter Rippling sends: research/scim-interop.md §3 (authn.sh, third party) says emails[…] rather
    //    than userName; the app answers userName eq, emails.value eq and emails[type eq "work"].value eq alike;
    //  - whether offboarding sends active=false or DELETE (hence "your Settings decide", and check the Sync log);
    //  - that Test connection reads /ServiceProviderConfig (authn.sh only), and Rippling's User-Agent (none in research).
    {
      id: "rippling",
      content: "Rippling",
      body: (
        <Steps>
          <Step number={1} title="Create a custom app">
            <Text as="p">
              In Rippling, open the page for custom apps (called Custom Integrations or Custom App, under IT or Identity Management depending on your
              account) and create a new one. Name it, choose a category, upload a logo, select User Management via SCIM and click Continue.
            </Text>
          </Step>
          <Step number={2} title="Connect Rippling to this store">
            <Text as="p">On the SCIM configuration step, fill in:</Text>
            <List>
              <Field name="SCIM Version">2.0</Field>
              <Field name="SCIM Base URL">
                <Code>{baseUrl}</Code>
              </Field>
              <Field name="SCIM Authorization Method">Bearer Token</Field>
              <Field name="Supports Groups">
                select it to turn Rippling groups into customer tags. If asked whether groups are mutually exclusive, choose not mutually exclusive:
                a customer can carry several group tags.
              </Field>
              <Field name="Supports Pagination, Create & Delete Groups, Use PATCH to edit Groups">select all three</Field>
              <Field name="Use email address as user name">select it, so the username is the customer's email</Field>
              <Field name="Supported SCIM Attributes">
                at least externalId, emails.primary, name.givenName and name.familyName; add a phone number attribute if the list offers one
              </Field>
            </List>
          </Step>
          <Step number={3} title="Install the app and paste the token">
            <Text as="p">
              Click Install now and choose to install it yourself. When Rippling asks for the Bearer Token, paste {token}. If Rippling offers a
              connection test, run it: the request appears below.
            </Text>
          </Step>
          <Step number={4} title="Choose who is provisioned, and when">
            <Text as="p">
              In App Access Rules, choose who gets the app (for example a department or employment type); Provision Time says how early new hires
              are sent. In Attribute Mappings, set each attribute to On user creation and updates so profile changes reach Shopify. If Rippling asks
              about accounts that already exist, match them: the app links each person to the store's customer with the same email.
            </Text>
          </Step>
          <Step number={5} title="Check the first offboarding">
            <Text as="p">
              When someone leaves or loses access, Rippling deprovisions them. Rippling does not publish whether that is a deactivation or a
              delete; the app applies your deactivation policy to the first and your SCIM DELETE policy to the second. The Sync log shows which one
              arrived.
            </Text>
          </Step>
        </Steps>
      ),
    },
    // Any other SCIM 2.0 client: what this app serves, from the code that serves it (not from a vendor):
    //  - app/scim/discovery.ts + app/scim-http/discovery.server.ts: /ServiceProviderConfig advertises patch, bulk
    //    (SCIM_SERVICE.bulkMaxOperations = 100 operations, maxPayloadSize 16 MB), filter (maxResults 200), sort, etag;
    //    changePassword off; one scheme, oauthbearertoken.
    //  - app/tenants/scim-tokens.server.ts: "Authorization: Bearer <token>" (a bare token is accepted too).
    //  - app/scim/filter.ts (+ filter.test.ts #16–#23): the RFC 7644 grammar, userName case-insensitive, externalId
    //    case-exact, emails.value eq and emails[type eq "work"].value eq; app/routes/scim.v2.$.ts: /Me is 501.
    //  - app/scim/etag.ts, app/scim-http/route.server.ts: ETag = meta.version (weak), If-Match → 412, If-None-Match → 304;
    //    429 carries Retry-After (app/scim-http/rate-limit.server.ts).
    //  - app/sync/mapping.ts DEFAULT_ATTRIBUTE_MAPPING, app/admin/settings-options.ts, extensions/deprovisioning-markers.json,
    //    app/directory/group-tags.ts (+ prisma groupTagPrefix default "group:"): what becomes what in Shopify.
    {
      id: "generic",
      content: "Other SCIM 2.0 client",
      body: (
        <Steps>
          <Step number={1} title="Connect your client">
            <List>
              <Field name="Base URL">
                <Code>{baseUrl}</Code> (append <Code>/Users</Code>, <Code>/Groups</Code>, … to it)
              </Field>
              <Field name="Authentication">
                an HTTP header <Code>Authorization: Bearer &lt;token&gt;</Code>, with {token}
              </Field>
              <Field name="Content type">
                <Code>application/scim+json</Code> (<Code>application/json</Code> is accepted)
              </Field>
              <Field name="Discovery">
                <Code>/ServiceProviderConfig</Code>, <Code>/ResourceTypes</Code> and <Code>/Schemas</Code>
              </Field>
            </List>
            <Text as="p">To test, look up someone who does not exist; the answer is 200 with no results, and the request appears below:</Text>
            <CodeBlock label="Example connection test">
              {`curl -H "Authorization: Bearer <token>" \\\n  "${baseUrl}/Users?filter=userName%20eq%20%22nobody%40example.com%22"`}
            </CodeBlock>
          </Step>
          <Step number={2} title="What the app supports">
            <List>
              <Field name="Users and Groups">
                GET (one, or a list with <Code>startIndex</Code>/<Code>count</Code>, up to 200 a page, and <Code>sortBy</Code>), POST, PUT,
                PATCH, DELETE, and POST <Code>/.search</Code>
              </Field>
              <Field name="Filters">
                <Code>userName eq</Code> (case-insensitive), <Code>externalId eq</Code>, <Code>emails.value eq</Code>,{" "}
                <Code>emails[type eq "work"].value eq</Code>, <Code>displayName eq</Code> for groups, and the rest of RFC 7644's grammar (
                <Code>and</Code>, <Code>or</Code>, <Code>not</Code>, <Code>co</Code>, <Code>sw</Code>, <Code>pr</Code>, …)
              </Field>
              <Field name="PATCH">
                add, replace and remove, with or without a path, including <Code>members[value eq "…"]</Code>
              </Field>
              <Field name="Bulk">
                POST <Code>/Bulk</Code>, up to 100 operations, with bulkId references
              </Field>
              <Field name="ETags">
                every resource has <Code>meta.version</Code> and an ETag header; If-Match with an old version gets 412, If-None-Match a 304
              </Field>
              <Field name="Not supported">
                <Code>/Me</Code> and password changes (a password sent is discarded, never stored)
              </Field>
            </List>
            <Text as="p">When the app is busy it answers 429 with Retry-After; retry after that many seconds.</Text>
          </Step>
          <Step number={3} title="What becomes what in Shopify">
            <Text as="p">By default (change it under Settings → Customer fields):</Text>
            <List>
              <Field name="emails, userName">
                the customer's email: the primary email (else the first), else userName. It is also how people are matched to existing customers.
              </Field>
              <Field name="name.givenName / name.familyName">first name / last name</Field>
              <Field name="phoneNumbers">phone: the primary number (else the first), in international format; an invalid one is skipped</Field>
              <Field name="active: false">your Settings' deactivation policy (by default the customer is marked: tag scim:deactivated); active: true undoes it</Field>
              <Field name="DELETE">your Settings' SCIM DELETE policy</Field>
              <Field name="Groups">
                customer tags: <Code>group:</Code> and the group's displayName, on each member (the prefix is a setting)
              </Field>
            </List>
            <Text as="p">
              preferredLanguage or locale sets the customer's language and addresses[primary] the default address; externalId and the enterprise
              attributes (employeeNumber, department, manager, …) are kept in app metafields. Tag rules under Settings → Tags can also turn any
              attribute, such as department or roles, into customer tags.
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
        {/* A Select, not Tabs: seven guides do not fit a tab strip, and Polaris puts its "more" disclosure button
            inside the tablist, which axe reports as a broken tablist (tests/e2e/admin-accessibility.spec.ts). A
            native select is accessible and fits any width. */}
        <Box maxWidth="24rem">
          <Select
            label="Identity provider"
            options={guides.map(({ id, content }) => ({ value: id, label: content }))}
            value={guides[selected]!.id}
            onChange={(value) => setSelected(Math.max(0, guides.findIndex((guide) => guide.id === value)))}
          />
        </Box>
        <section aria-label={`${guides[selected]!.content} set-up guide`}>{guides[selected]!.body}</section>
        <TestConnection requests={requests} onCheckAgain={onCheckAgain} checking={checking} />
      </BlockStack>
    </Card>
  );
}
