// Demo and tests only: App Bridge's Scopes API (`shopify.scopes.query / request / revoke`) for the
// App Bridge stand-in (app/routes/app-bridge-twin[.]js.ts), backed by the Shopify twin. Like the
// real one, `request` opens a permission grant modal in which the merchant grants or declines the
// optional scopes, and resolves with `{result: "granted-all" | "declined-all", detail}`; `query`
// resolves with `{granted, required, optional}`; `revoke` with `{detail}` and rejects for scopes
// that are not granted optional ones. The merchant's answer goes to the twin's control API, which
// changes the installation's scopes (tests/shopify-twin/README.md).
//
// The returned JavaScript is an expression evaluated inside the stand-in's closure, where `shop`
// and `twinOrigin` are defined. Requests carry no Content-Type so the browser sends them without a
// CORS preflight (the control API answers with Access-Control-Allow-Origin: *).

export function appBridgeTwinScopesApi(): string {
  return `(() => {
    const base = () => twinOrigin + "/__twin/shops/" + encodeURIComponent(shop) + "/app-scopes";
    async function call(path, body) {
      const response = await fetch(base() + path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
      const json = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(json.error || ("The Shopify twin answered " + response.status));
      return json;
    }
    function grantModal(scopes) {
      return new Promise((resolve) => {
        const returnFocus = document.activeElement;
        const backdrop = document.createElement("div");
        backdrop.style.cssText = "position:fixed;inset:0;z-index:10002;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;padding:16px";
        const dialog = document.createElement("div");
        dialog.setAttribute("role", "dialog");
        dialog.setAttribute("aria-modal", "true");
        dialog.setAttribute("aria-labelledby", "twin-scopes-title");
        dialog.dataset.appBridgeScopesModal = "";
        dialog.style.cssText = "background:#fff;border-radius:12px;max-width:min(440px,100%);width:100%;padding:20px;font:14px/1.45 system-ui;color:#303030;box-shadow:0 8px 24px rgba(0,0,0,.3)";
        const title = document.createElement("h2");
        title.id = "twin-scopes-title";
        title.textContent = "Grant additional access?";
        title.style.cssText = "margin:0 0 8px;font:650 16px/1.3 system-ui";
        const intro = document.createElement("p");
        intro.textContent = "The app is asking for permission to:";
        intro.style.margin = "0 0 8px";
        const list = document.createElement("ul");
        list.style.cssText = "margin:0 0 16px;padding-left:20px";
        for (const scope of scopes) {
          const item = document.createElement("li");
          const code = document.createElement("code");
          code.textContent = scope;
          item.appendChild(code);
          list.appendChild(item);
        }
        const actions = document.createElement("div");
        actions.style.cssText = "display:flex;justify-content:flex-end;gap:8px;flex-wrap:wrap";
        const button = (label, primary) => {
          const element = document.createElement("button");
          element.type = "button";
          element.textContent = label;
          element.style.cssText = "font:500 13px/20px system-ui;padding:6px 12px;border-radius:8px;cursor:pointer;border:1px solid " + (primary ? "#303030;background:#303030;color:#fff" : "#c9cccf;background:#fff;color:#303030");
          return element;
        };
        const decline = button("Decline", false);
        const grant = button("Grant access", true);
        actions.append(decline, grant);
        dialog.append(title, intro, list, actions);
        backdrop.appendChild(dialog);
        const close = (decision) => {
          document.removeEventListener("keydown", onKey, true);
          backdrop.remove();
          if (returnFocus && returnFocus.isConnected) returnFocus.focus();
          resolve(decision);
        };
        const onKey = (event) => { if (event.key === "Escape") { event.stopPropagation(); close("decline"); } };
        decline.addEventListener("click", () => close("decline"));
        grant.addEventListener("click", () => close("grant"));
        document.addEventListener("keydown", onKey, true);
        document.body.appendChild(backdrop);
        grant.focus();
      });
    }
    return {
      query: () => call(""),
      async request(scopes) {
        if (!Array.isArray(scopes) || scopes.length === 0) throw new Error("shopify.scopes.request needs a list of scopes");
        const current = await call("");
        if (scopes.every((scope) => current.granted.includes(scope))) return { result: "granted-all", detail: current };
        const decision = await grantModal(scopes);
        return call("/request", { scopes, decision });
      },
      async revoke(scopes) {
        if (!Array.isArray(scopes) || scopes.length === 0) throw new Error("shopify.scopes.revoke needs a list of scopes");
        return call("/revoke", { scopes });
      },
    };
  })()`;
}
