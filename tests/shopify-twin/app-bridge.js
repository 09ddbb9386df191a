// Demo and tests only: a stand-in for Shopify's App Bridge script (cdn.shopify.com cannot be
// reached here), served by the Shopify twin at /app-bridge.js; the app loads it when APP_BRIDGE_URL
// points there (scripts/demo.mjs). It does what App Bridge and the admin around the app's iframe
// do for an embedded page: hands out session tokens (minted by the twin, as the real admin mints
// them), adds them to the app's own fetch calls, answers the session-token bounce page, and draws
// the admin's chrome in the page itself, so a browser (and Playwright) sees and uses it:
//   ui-nav-menu  → a navigation bar; a click dispatches `shopify:navigate` on the app's link, as
//                  the admin's sidebar does (shopify-app-remix's AppProvider then navigates)
//   ui-title-bar → the page heading with its breadcrumb and action buttons
//   ui-save-bar  → a "Unsaved changes" bar with the app's Save/Discard buttons while shown
//   ui-modal     → a modal dialog (role=dialog) with the title bar's buttons; Escape closes it
//   shopify.toast.show → a visible role=status message
//   shopify.scopes     → query / request (a permission grant modal) / revoke, backed by the twin
//   shopify://admin/… links → a toast naming the admin page (there is no admin to open here)
// Plain browser JavaScript, no build step: the twin sends this file as it is.
(() => {
  const script = document.currentScript;
  // The twin that served this file also mints the session tokens and answers the control API.
  const twinOrigin = new URL(script.src).origin;
  const params = new URLSearchParams(location.search);
  const store = window.sessionStorage;
  if (params.get("shop")) store.setItem("twin:shop", params.get("shop"));
  if (params.get("host")) store.setItem("twin:host", params.get("host"));
  if (params.get("id_token")) store.setItem("twin:idToken", params.get("id_token"));
  const shop = store.getItem("twin:shop");

  function expiresAt(token) {
    try { return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp * 1000; } catch { return 0; }
  }
  let pendingToken = null;
  async function idToken() {
    const cached = store.getItem("twin:idToken");
    if (cached && expiresAt(cached) - Date.now() > 10000) return cached;
    pendingToken ??= (async () => {
      const response = await nativeFetch(twinOrigin + "/__twin/shops/" + encodeURIComponent(shop) + "/session-token", { method: "POST" });
      if (!response.ok) throw new Error("The Shopify twin did not issue a session token (" + response.status + ")");
      const { idToken: token } = await response.json();
      store.setItem("twin:idToken", token);
      return token;
    })().finally(() => { pendingToken = null; });
    return pendingToken;
  }

  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + (await idToken()));
    return nativeFetch(input, { ...init, headers });
  };

  // ---------------------------------------------------------------- toasts
  let toastStack = null;
  function toastShow(message, options = {}) {
    if (!toastStack || !toastStack.isConnected) {
      toastStack = document.createElement("div");
      toastStack.dataset.appBridgeToasts = "";
      toastStack.style.cssText = "position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:10001;display:flex;flex-direction:column;gap:8px;align-items:center;max-width:92vw";
      document.body.appendChild(toastStack);
    }
    const toast = document.createElement("div");
    toast.setAttribute("role", options.isError ? "alert" : "status");
    toast.dataset.appBridgeToast = options.isError ? "error" : "info";
    toast.textContent = message;
    toast.style.cssText = "padding:12px 16px;border-radius:8px;font:14px system-ui;color:#fff;box-shadow:0 4px 12px rgba(0,0,0,.2);background:" + (options.isError ? "#8e1f0b" : "#303030");
    toastStack.appendChild(toast);
    setTimeout(() => toast.remove(), options.duration ?? 5000);
    return "toast-" + Date.now();
  }

  // ---------------------------------------------------------------- admin chrome
  // Styles live in each element's shadow root or inline, never in <head>: React hydrates the whole
  // document, and a node it did not render there would be a hydration mismatch.
  const MODAL_CSS = "display:flex;flex-direction:column;position:fixed;z-index:10000;top:8vh;left:50%;transform:translateX(-50%);max-height:84vh;overflow:auto;background:#fff;border-radius:12px;box-shadow:0 0 0 100vmax rgba(0,0,0,.45),0 8px 24px rgba(0,0,0,.3);width:";
  const MODAL_WIDTHS = { small: "min(380px,94vw)", large: "min(980px,94vw)", max: "94vw" };

  const BUTTON_CSS = "::slotted(button),::slotted(a){font:500 13px/20px system-ui;padding:6px 12px;border-radius:8px;border:1px solid #c9cccf;background:#fff;color:#303030;cursor:pointer;text-decoration:none}" +
    "::slotted(button[variant=primary]){background:#303030;color:#fff;border-color:#303030}" +
    "::slotted(button[tone=critical]){background:#c70a24;color:#fff;border-color:#c70a24}" +
    "::slotted([disabled]){opacity:.5;cursor:default}::slotted([loading]){opacity:.7;cursor:progress}" +
    "::slotted(:focus-visible){outline:2px solid #005bd3;outline-offset:1px}";

  function define(name, make) {
    if (!customElements.get(name)) customElements.define(name, make());
  }

  function currentPath() { return location.pathname; }

  define("ui-nav-menu", () => class extends HTMLElement {
    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: "open" });
        root.innerHTML = "<style>nav{display:flex;flex-wrap:wrap;gap:4px;padding:8px 12px;background:#1a1a1a;font:500 13px system-ui}" +
          "a{color:#e3e3e3;text-decoration:none;padding:6px 10px;border-radius:8px}a:hover{background:#303030}" +
          "a[aria-current=page]{background:#fff;color:#1a1a1a}a:focus-visible{outline:2px solid #8fb8ff}</style><nav aria-label=\"App navigation\"></nav>";
        this.observer = new MutationObserver(() => this.renderLinks());
        this.observer.observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
        window.addEventListener("twin:locationchange", () => this.renderLinks());
      }
      this.renderLinks();
    }
    renderLinks() {
      const nav = this.shadowRoot.querySelector("nav");
      nav.replaceChildren();
      for (const source of this.querySelectorAll("a")) {
        const link = document.createElement("a");
        link.href = source.getAttribute("href") ?? "#";
        link.textContent = source.textContent;
        const target = new URL(link.href, location.href).pathname;
        const here = currentPath();
        const isCurrent = source.getAttribute("rel") === "home" ? here === target : here === target || here.startsWith(target + "/");
        if (isCurrent) link.setAttribute("aria-current", "page");
        link.addEventListener("click", (event) => {
          event.preventDefault();
          // What the admin's sidebar does: the app's own link receives shopify:navigate.
          source.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
        });
        nav.appendChild(link);
      }
    }
  });

  define("ui-title-bar", () => class extends HTMLElement {
    static get observedAttributes() { return ["title"]; }
    connectedCallback() {
      if (!this.shadowRoot) {
        const inModal = !!this.closest("ui-modal");
        const root = this.attachShadow({ mode: "open" });
        const tag = inModal ? "h2" : "h1";
        root.innerHTML = "<style>:host{display:block}.bar{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:" + (inModal ? "14px 16px;border-bottom:1px solid #e3e3e3" : "12px 16px 4px") + "}" +
          ".title{order:-1;flex:1 1 auto;margin:0;font:650 " + (inModal ? "16px" : "20px") + "/1.3 system-ui;color:#303030;min-width:0;overflow-wrap:anywhere}" +
          "::slotted([variant=breadcrumb]){order:-2}" + BUTTON_CSS + "</style>" +
          "<div class=bar><" + tag + " class=title></" + tag + "><slot></slot></div>";
      }
      this.renderTitle();
    }
    attributeChangedCallback() { this.renderTitle(); }
    renderTitle() {
      const heading = this.shadowRoot?.querySelector(".title");
      if (heading) heading.textContent = this.getAttribute("title") ?? "";
      const modal = this.closest("ui-modal");
      if (modal?.showing) modal.setAttribute("aria-label", this.getAttribute("title") ?? "");
    }
  });

  define("ui-save-bar", () => class extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      root.innerHTML = "<style>:host{display:none}:host([data-twin-open]){display:block;position:sticky;top:0;z-index:9999}" +
        ".bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;padding:10px 16px;background:#1a1a1a;color:#fff;font:600 14px system-ui}" +
        ".actions{display:flex;gap:8px}" + BUTTON_CSS + "::slotted(button:not([variant=primary])){background:#303030;color:#fff;border-color:#616161}</style>" +
        "<div class=bar role=region aria-label=\"Unsaved changes\"><span>Unsaved changes</span><div class=actions><slot></slot></div></div>";
    }
    get showing() { return this.hasAttribute("data-twin-open"); }
    async show() {
      if (this.showing) return;
      this.setAttribute("data-twin-open", "");
      this.dispatchEvent(new CustomEvent("show"));
    }
    async hide() {
      if (!this.showing) return;
      this.removeAttribute("data-twin-open");
      this.dispatchEvent(new CustomEvent("hide"));
    }
    async toggle() { return this.showing ? this.hide() : this.show(); }
  });

  define("ui-modal", () => class extends HTMLElement {
    // React's Modal portals the content here once the element exists (never during hydration).
    get content() {
      if (!this.contentElement) {
        this.contentElement = document.createElement("div");
        this.contentElement.setAttribute("data-twin-modal-content", "");
      }
      if (!this.contentElement.isConnected && this.isConnected) this.appendChild(this.contentElement);
      return this.contentElement;
    }
    connectedCallback() {
      if (!this.showing) this.style.display = "none";
      this.onKey ??= (event) => { if (event.key === "Escape" && this.showing) { event.stopPropagation(); this.hide(); } };
    }
    get showing() { return this.hasAttribute("data-twin-open"); }
    async show() {
      if (this.showing) return;
      this.returnFocus = document.activeElement;
      this.setAttribute("role", "dialog");
      this.setAttribute("aria-modal", "true");
      const title = this.querySelector("ui-title-bar")?.getAttribute("title");
      if (title) this.setAttribute("aria-label", title);
      this.style.cssText = MODAL_CSS + (MODAL_WIDTHS[this.getAttribute("variant")] ?? "min(620px,94vw)");
      this.setAttribute("data-twin-open", "");
      document.addEventListener("keydown", this.onKey, true);
      this.dispatchEvent(new CustomEvent("show"));
      requestAnimationFrame(() => {
        const focusable = this.content.querySelector("input,select,textarea,button,[href],[tabindex]:not([tabindex='-1'])") ??
          this.querySelector("ui-title-bar button");
        focusable?.focus();
      });
    }
    async hide() {
      if (!this.showing) return;
      this.removeAttribute("data-twin-open");
      this.style.cssText = "display:none";
      document.removeEventListener("keydown", this.onKey, true);
      this.dispatchEvent(new CustomEvent("hide"));
      if (this.returnFocus?.isConnected) this.returnFocus.focus();
    }
    async toggle() { return this.showing ? this.hide() : this.show(); }
  });

  function byId(id) { return id ? document.getElementById(id) : null; }

  window.shopify = {
    config: { apiKey: script?.dataset.apiKey ?? "", shop, host: store.getItem("twin:host"), locale: "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    toast: { show: toastShow, hide() {} },
    loading() {},
    saveBar: {
      show: async (id) => byId(id)?.show(),
      hide: async (id) => byId(id)?.hide(),
      toggle: async (id) => byId(id)?.toggle(),
      leaveConfirmation: async () => {},
    },
    modal: {
      show: async (id) => byId(id)?.show(),
      hide: async (id) => byId(id)?.hide(),
      toggle: async (id) => byId(id)?.toggle(),
    },
  };
  // shopify.scopes (App Bridge's Scopes API), backed by the twin. Like the real one, `request`
  // opens a permission grant modal in which the merchant grants or declines the optional scopes,
  // and resolves with `{result: "granted-all" | "declined-all", detail}`; `query` resolves with
  // `{granted, required, optional}`; `revoke` with `{detail}` and rejects for scopes that are not
  // granted optional ones. The merchant's answer goes to the twin's control API, which changes the
  // installation's scopes (tests/shopify-twin/README.md). Requests carry no Content-Type so the
  // browser sends them without a CORS preflight (the control API answers with
  // Access-Control-Allow-Origin: *).
  window.shopify.scopes = (() => {
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
  })();

  // The nav bar marks the current page; Remix navigates with the History API.
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method].bind(history);
    history[method] = (...args) => { const result = original(...args); window.dispatchEvent(new Event("twin:locationchange")); return result; };
  }
  window.addEventListener("popstate", () => window.dispatchEvent(new Event("twin:locationchange")));

  // Links into the Shopify admin (App Bridge opens them in the admin around the app).
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href^='shopify:']") : null;
    if (!link) return;
    event.preventDefault();
    const path = link.getAttribute("href").replace(/^shopify:(\/\/)?admin/, "");
    toastShow("Opens the Shopify admin at " + path);
  });

  // The library's session-token bounce page: fetch a fresh token and go back where we were.
  const reload = params.get("shopify-reload");
  if (reload) {
    idToken().then((token) => {
      const target = new URL(reload, location.href);
      target.searchParams.set("id_token", token);
      location.replace(target.href);
    });
  }
})();
