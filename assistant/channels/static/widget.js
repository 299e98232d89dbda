/* The applicant assistant: chat widget (da, sv, en). Plain ES2020, no dependencies, no network but the bot URL.
 * Embed: <script src=".../widget.js" data-lang="da" data-programme="..."></script>  (see README.md) */
(() => {
  "use strict";
  // Non-ASCII letters are written as \u escapes on purpose: the texts stay right even when a host page
  // (and so this script) is read as windows-1252. \u00e6 \u00f8 \u00e5 = ae o a (da), \u00e4 \u00f6 = a o (sv).
  const TAG = "applicant-assistant";
  if (customElements.get(TAG)) return;
  const SCRIPT = document.currentScript; // only valid now, while the script is evaluated
  const SCRIPT_SRC = (SCRIPT && SCRIPT.src) || location.href;
  const ATTRS = ["lang", "programme", "bot-url", "token", "department"];
  const MAX = 2000, WARN = 200, TIMEOUT = 30000, DELAYS = [2, 4, 8, 16, 30];

  const TEXTS = {
    da: {
      launcher: "Chat med ans\u00f8gningsassistenten", title: "Ans\u00f8gningsassistenten", close: "Luk chatten",
      newChat: "Ny samtale", newDone: "Ny samtale startet.", log: "Samtale",
      label: "Din besked", placeholder: "Skriv dit sp\u00f8rgsm\u00e5l \u2026", send: "Send",
      typing: "Assistenten skriver", you: "Du:", bot: "Assistent:", note: "Bem\u00e6rk:",
      down: "Assistenten kan ikke n\u00e5s lige nu.", retryIn: "Jeg pr\u00f8ver igen om {n}.", retryNow: "Jeg pr\u00f8ver igen nu \u2026",
      sec: ["sekund", "sekunder"], notSent: "Beskeden er ikke sendt.", retry: "Pr\u00f8v igen",
      back: "Forbindelsen er tilbage.", choices: "Svarmuligheder", left: "{n} tegn tilbage",
      rejected: "Beskeden kunne ikke behandles.", newTab: "(\u00e5bner i et nyt vindue)",
      forbidden: "Denne side m\u00e5 ikke bruge assistenten.", unauthorised: "Siden har ikke en gyldig adgangsn\u00f8gle til assistenten.",
      intro: "Hej! Jeg kan hj\u00e6lpe med, om I kan s\u00f8ge st\u00f8tte, hvor meget I kan f\u00e5, og hvorn\u00e5r fristen er.",
      privacy: "Skriv ikke personoplysninger som CPR-nummer; de fjernes automatisk. Samtalen gemmes i 30 dage og kan slettes n\u00e5r som helst: skriv \u00bbslet min samtale\u00ab. Svarene er vejledende.",
    },
    sv: {
      launcher: "Chatta med ans\u00f6kningsassistenten", title: "Ans\u00f6kningsassistenten", close: "St\u00e4ng chatten",
      newChat: "Ny konversation", newDone: "Ny konversation startad.", log: "Konversation",
      label: "Ditt meddelande", placeholder: "Skriv din fr\u00e5ga \u2026", send: "Skicka",
      typing: "Assistenten skriver", you: "Du:", bot: "Assistenten:", note: "Obs:",
      down: "Assistenten g\u00e5r inte att n\u00e5 just nu.", retryIn: "Jag f\u00f6rs\u00f6ker igen om {n}.", retryNow: "Jag f\u00f6rs\u00f6ker igen nu \u2026",
      sec: ["sekund", "sekunder"], notSent: "Meddelandet har inte skickats.", retry: "F\u00f6rs\u00f6k igen",
      back: "Anslutningen \u00e4r tillbaka.", choices: "Svarsalternativ", left: "{n} tecken kvar",
      rejected: "Meddelandet kunde inte behandlas.", newTab: "(\u00f6ppnas i ett nytt f\u00f6nster)",
      forbidden: "Den h\u00e4r sidan f\u00e5r inte anv\u00e4nda assistenten.", unauthorised: "Sidan har ingen giltig \u00e5tkomstnyckel till assistenten.",
      intro: "Hej! Jag kan hj\u00e4lpa dig med om ni kan s\u00f6ka st\u00f6d, hur mycket ni kan f\u00e5 och n\u00e4r sista ans\u00f6kningsdag \u00e4r.",
      privacy: "Skriv inte personuppgifter som personnummer; de tas bort automatiskt. Samtalet sparas i 30 dagar och kan raderas n\u00e4r som helst: skriv \u201dradera mitt samtal\u201d. Svaren \u00e4r v\u00e4gledande.",
    },
    en: {
      launcher: "Chat with the applicant assistant", title: "Applicant assistant", close: "Close chat",
      newChat: "New conversation", newDone: "New conversation started.", log: "Conversation",
      label: "Your message", placeholder: "Type your question \u2026", send: "Send",
      typing: "The assistant is typing", you: "You:", bot: "Assistant:", note: "Note:",
      down: "The assistant cannot be reached right now.", retryIn: "Retrying in {n}.", retryNow: "Retrying now \u2026",
      sec: ["second", "seconds"], notSent: "Message not sent.", retry: "Retry",
      back: "Reconnected.", choices: "Reply options", left: "{n} characters left",
      rejected: "The message could not be processed.", newTab: "(opens in a new window)",
      forbidden: "This page is not allowed to use the assistant.", unauthorised: "This page has no valid access key for the assistant.",
      intro: "Hi! I can help with whether you can apply for funding, how much you can get and when the deadline is.",
      privacy: "Do not enter personal data such as ID numbers; they are removed automatically. The conversation is kept for 30 days and can be deleted at any time: write \u201cdelete my conversation\u201d. Answers are guidance only.",
    },
  };

  const CSS = `
:host{all:initial;display:block;position:fixed;z-index:var(--aa-z,2147483000);
 font-family:var(--aa-font,system-ui,sans-serif);font-size:medium;line-height:1.45;color:var(--aa-text,#1a1a1a)}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.sr{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button,textarea{font:inherit;color:inherit}
button{cursor:pointer;min-height:max(2.75em,44px);min-width:max(2.75em,44px);border-radius:var(--aa-radius,.5em)}
button:focus-visible,textarea:focus-visible,a:focus-visible,.log:focus-visible{outline:3px solid #0b0c0c;outline-offset:3px;box-shadow:0 0 0 3px var(--aa-focus,#ffbf47)}
.log:focus-visible{outline-offset:-6px;box-shadow:inset 0 0 0 3px var(--aa-focus,#ffbf47)}
.launcher{position:fixed;right:1em;bottom:1em;display:flex;align-items:center;gap:.5em;padding:.6em 1.1em;border:2px solid var(--aa-primary-contrast,#fff);
 border-radius:999px;background:var(--aa-primary,#1d4f91);color:var(--aa-primary-contrast,#fff);font-weight:600;box-shadow:0 .2em .8em rgba(0,0,0,.3)}
svg{width:1.4em;height:1.4em;flex:none;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.panel{position:fixed;right:1em;bottom:5em;width:min(30em,calc(100vw - 2em));height:min(38em,calc(100vh - 7em));display:flex;flex-direction:column;
 background:var(--aa-surface,#fff);color:var(--aa-text,#1a1a1a);border:1px solid var(--aa-muted,#4a4a4a);border-radius:var(--aa-radius,.5em);
 box-shadow:0 .5em 2em rgba(0,0,0,.35);overflow:hidden}
.head{display:flex;flex-wrap:wrap;align-items:center;gap:.25em .4em;padding:.4em .5em .4em 1em;background:var(--aa-primary,#1d4f91);color:var(--aa-primary-contrast,#fff)}
.head h2{flex:1 1 auto;margin:0;font-size:1.05em;line-height:1.25}
.acts{display:flex;gap:.25em;margin-left:auto}
.head h2{min-width:0;overflow-wrap:break-word}
.head button{background:transparent;border:2px solid transparent;display:flex;align-items:center;justify-content:center;gap:.3em;white-space:nowrap;font-size:.95em;padding:.3em .45em}
.head button:hover{border-color:currentColor}
.log{flex:1;overflow-y:auto;overflow-x:hidden;padding:1em;display:flex;flex-direction:column;gap:.75em;overscroll-behavior:contain}
.intro{color:var(--aa-muted,#4a4a4a);font-size:.95em}
.intro p{margin:0 0 .5em}
.msg{max-width:88%;overflow-wrap:anywhere}
.bubble{padding:.55em .8em;border-radius:var(--aa-radius,.5em)}
.bubble p{margin:0}.bubble p+p,.bubble p+ul,.bubble ul+p{margin-top:.45em}
.bubble ul{margin:.3em 0;padding-left:1.3em}
.bot .bubble{background:var(--aa-bot-bubble,#eef2f7);color:var(--aa-text,#1a1a1a);border-bottom-left-radius:.15em}
.bot a{color:var(--aa-primary,#1d4f91);text-decoration:underline}
.user{align-self:flex-end}
.user .bubble{background:var(--aa-user-bubble,var(--aa-primary,#1d4f91));color:var(--aa-primary-contrast,#fff);white-space:pre-wrap;border-bottom-right-radius:.15em}
.notice .bubble,.status{border-left:.3em solid #b3261e;background:var(--aa-surface,#fff);color:var(--aa-text,#1a1a1a)}
.notice .bubble{border-top:1px solid #b3261e;border-right:1px solid #b3261e;border-bottom:1px solid #b3261e}
.st{margin-top:.25em;font-size:.9em;color:var(--aa-muted,#4a4a4a);text-align:right}
.choices{display:flex;flex-wrap:wrap;gap:.4em;margin-top:.45em}
.choices button,.st button{background:var(--aa-surface,#fff);color:var(--aa-primary,#1d4f91);border:2px solid var(--aa-primary,#1d4f91);padding:.35em .8em;text-align:left}
.choices button:hover:not(:disabled),.st button:hover{background:var(--aa-bot-bubble,#eef2f7)}
.choices button:disabled{cursor:default;color:var(--aa-muted,#4a4a4a);border-color:var(--aa-muted,#4a4a4a);border-style:dashed}
.typing{padding:0 1em .4em;color:var(--aa-muted,#4a4a4a);font-size:.95em}
.dots span{display:inline-block;width:.35em;height:.35em;margin-left:.2em;border-radius:50%;background:currentColor;animation:aa-dot 1.2s infinite ease-in-out}
.dots span:nth-child(2){animation-delay:.2s}.dots span:nth-child(3){animation-delay:.4s}
@keyframes aa-dot{0%,80%,100%{opacity:.25;transform:translateY(0)}40%{opacity:1;transform:translateY(-.2em)}}
.status{margin:0 1em .5em;padding:.5em .75em;font-size:.95em}
form{display:flex;flex-wrap:wrap;gap:.5em;align-items:flex-end;padding:.6em 1em .8em;border-top:1px solid var(--aa-muted,#4a4a4a)}
textarea{flex:1;min-width:0;min-height:2.75em;max-height:8em;resize:none;padding:.55em .7em;background:var(--aa-surface,#fff);
 border:2px solid var(--aa-muted,#4a4a4a);border-radius:var(--aa-radius,.5em)}
textarea::placeholder{color:var(--aa-muted,#4a4a4a);opacity:1}
.sendb{background:var(--aa-primary,#1d4f91);color:var(--aa-primary-contrast,#fff);border:2px solid var(--aa-primary,#1d4f91);padding:.4em 1em;font-weight:600}
.count{flex-basis:100%;margin:0;font-size:.9em;color:var(--aa-muted,#4a4a4a)}
@media (max-width:30em),(max-height:30em){
 .panel{inset:0;width:100%;height:100%;border:0;border-radius:0}.head h2{font-size:1em}}
@media (max-width:30em){.launcher{padding:.6em}.lbl{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}.dots span{opacity:1}}
@media (forced-colors:active){.bubble,.status,.launcher,.panel{border:1px solid CanvasText}}
`;

  const h = (tag, props, ...kids) => {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === "on") for (const [ev, fn] of Object.entries(v)) n.addEventListener(ev, fn);
      else if (k === "class") n.className = v;
      else n.setAttribute(k, v === true ? "" : v);
    }
    for (const c of kids) if (c != null) n.append(c);
    return n;
  };
  const icon = (d) => {
    const ns = "http://www.w3.org/2000/svg", s = document.createElementNS(ns, "svg"), p = document.createElementNS(ns, "path");
    s.setAttribute("viewBox", "0 0 24 24"); s.setAttribute("aria-hidden", "true"); s.setAttribute("focusable", "false");
    p.setAttribute("d", d); s.append(p); return s;
  };
  const fill = (t, n) => t.replace("{n}", n);

  const URL_RE = /https?:\/\/[^\s<>"'\u00ab\u00bb]+/g;
  // one line of text -> text nodes and links (never innerHTML)
  const inline = (node, text, t) => {
    let last = 0, m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(text))) {
      let u = m[0];
      while (/[.,;:!?)\]]$/.test(u)) {
        if (u.endsWith(")") && (u.match(/\(/g) || []).length >= (u.match(/\)/g) || []).length) break;
        u = u.slice(0, -1);
      }
      let ok = false;
      try { ok = /^https?:$/.test(new URL(u).protocol); } catch (e) { ok = false; }
      if (!ok) continue;
      node.append(text.slice(last, m.index));
      node.append(h("a", { href: u, target: "_blank", rel: "noopener noreferrer" }, u, h("span", { class: "sr" }, " " + t.newTab)));
      last = m.index + u.length;
      URL_RE.lastIndex = last;
    }
    node.append(text.slice(last));
    return node;
  };
  // bot text: lines -> <p>; consecutive "\u2022 " lines -> <ul><li>
  const richText = (text, t) => {
    const f = document.createDocumentFragment();
    let ul = null;
    for (const line of String(text).split(/\r\n|\r|\n/)) {
      const b = /^\s*\u2022\s+/.exec(line);
      if (b) {
        if (!ul) ul = f.appendChild(h("ul"));
        ul.append(inline(h("li"), line.slice(b[0].length), t));
      } else {
        ul = null;
        if (line.trim()) f.append(inline(h("p"), line, t));
      }
    }
    return f;
  };
  const newSender = () => {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return "web-" + Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  };
  const cleanButtons = (bs) => Array.isArray(bs)
    ? bs.filter((b) => b && typeof b.title === "string" && typeof b.payload === "string").map((b) => ({ title: b.title, payload: b.payload }))
    : [];

  class ApplicantAssistant extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this._nodes = new Map();
      this._busy = false;
      this._down = false;
      this._gen = 0;
      this._tries = 0;
    }

    attr(name) {
      const own = this.getAttribute(name);
      if (own) return own;
      return (SCRIPT && SCRIPT.dataset && SCRIPT.getAttribute("data-" + name)) || "";
    }

    connectedCallback() {
      if (this._ready) { if (this._s && this._s.messages.some((m) => m.status === "pending")) this._pump(); return; }
      this._ready = true;
      const want = [this.attr("lang"), document.documentElement.lang].map((l) => (l || "").slice(0, 2).toLowerCase());
      this.lang_ = want.find((l) => TEXTS[l]) || "en";
      this.t = TEXTS[this.lang_];
      let url;
      try { url = new URL(this.attr("bot-url") || "webhook", this.attr("bot-url") ? document.baseURI : SCRIPT_SRC); }
      catch (e) { url = new URL("webhook", SCRIPT_SRC); }
      this.botUrl = url.href;
      this.key = TAG + ":" + this.botUrl;
      this._s = this._load();
      this._build();
      for (const m of this._s.messages) this._render(m);
      // history is on screen: only now does the log become live, so restored messages are not announced again
      this.$log.setAttribute("role", "log");
      this.$log.setAttribute("aria-live", "polite");
      this.$log.setAttribute("aria-relevant", "additions");
      this._scroll();
      if (this._s.open) this.open(); // a modal dialog that is open has the focus
      if (this._s.messages.some((m) => m.status === "pending")) this._pump();
    }

    disconnectedCallback() { this._clearTimer(); }

    get state() {
      const s = this._s || { messages: [] };
      return { sender: s.sender, messageCount: s.messages.length, open: !!s.open };
    }

    /* ---------- storage ---------- */
    _load() {
      let s = null;
      try { s = JSON.parse(sessionStorage.getItem(this.key) || "null"); } catch (e) { s = null; }
      if (!s || typeof s.sender !== "string" || !Array.isArray(s.messages)) s = null;
      if (!s) return { sender: newSender(), messages: [], open: false, languageSent: false, draft: "" };
      s.messages = s.messages.filter((m) => m && typeof m.text === "string" && ["user", "bot", "notice"].includes(m.role));
      for (const m of s.messages) {
        m.buttons = cleanButtons(m.buttons);
        // a request was in flight when the page went away: the bot may have it, so only the user may resend it
        if (m.status === "sending") m.status = "held";
      }
      s.draft = typeof s.draft === "string" ? s.draft : "";
      return s;
    }
    _save() {
      try { sessionStorage.setItem(this.key, JSON.stringify(this._s)); } catch (e) { /* storage full or disabled */ }
    }

    /* ---------- DOM ---------- */
    _build() {
      const t = this.t, sr = this.shadowRoot;
      const style = h("style", {}, CSS);
      sr.append(style);
      try {
        const sheet = new CSSStyleSheet(); // also applies under a CSP that blocks inline <style>
        sheet.replaceSync(CSS);
        sr.adoptedStyleSheets = [sheet];
      } catch (e) { /* older browser: the <style> is enough */ }
      this.$launcher = h("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "aa-panel",
        on: { click: () => (this._s.open ? this.close() : this.open()) } },
      icon("M4 5h16v11H9l-5 4z"), h("span", { class: "lbl" }, t.launcher));
      this.$log = h("div", { class: "log", tabindex: "0", "aria-label": t.log },
        h("div", { class: "intro" }, h("p", {}, t.intro), h("p", {}, t.privacy)));
      this.$typing = h("div", { class: "typing", "aria-hidden": "true", hidden: true }, t.typing,
        h("span", { class: "dots" }, h("span"), h("span"), h("span")));
      this.$notice = h("div", { class: "status", hidden: true });
      this.$input = h("textarea", { id: "aa-input", rows: "2", maxlength: String(MAX), placeholder: t.placeholder,
        "aria-describedby": "aa-count", autocomplete: "off",
        on: { keydown: (e) => this._onKey(e), input: () => this._onInput() } });
      this.$input.value = this._s.draft || "";
      this.$count = h("p", { class: "count", id: "aa-count", hidden: true });
      this.$status = h("div", { class: "sr", role: "status", "aria-live": "polite", "aria-atomic": "true" });
      this.$panel = h("div", { class: "panel", id: "aa-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "aa-title", hidden: true,
        on: { keydown: (e) => this._trap(e) } },
      h("div", { class: "head" },
        h("h2", { id: "aa-title" }, t.title),
        h("div", { class: "acts" },
          h("button", { type: "button", on: { click: () => this.reset() } }, icon("M12 5v14M5 12h14"), h("span", { class: "lbl" }, t.newChat)),
          h("button", { type: "button", "aria-label": t.close, on: { click: () => this.close() } }, icon("M6 6l12 12M18 6L6 18")))),
      this.$log, this.$typing, this.$notice,
      h("form", { on: { submit: (e) => { e.preventDefault(); this._submit(); } } },
        h("label", { for: "aa-input", class: "sr" }, t.label), this.$input,
        h("button", { type: "submit", class: "sendb" }, t.send), this.$count),
      this.$status);
      sr.append(h("div", { lang: this.lang_ }, this.$launcher, this.$panel));
      this._onInput(true);
    }

    _render(m) {
      const t = this.t;
      const label = { user: t.you, bot: t.bot, notice: t.note }[m.role];
      const bubble = h("div", { class: "bubble" }, h("span", { class: "sr" }, label + " "));
      if (m.role === "user") bubble.append(m.text);
      else bubble.append(richText(m.text, t));
      const node = h("div", { class: "msg " + m.role }, bubble);
      if (m.role === "bot" && m.buttons && m.buttons.length) {
        const grp = h("div", { class: "choices", role: "group", "aria-label": t.choices });
        for (const b of m.buttons) {
          grp.append(h("button", { type: "button", disabled: !!m.usedButtons, on: { click: () => this._choose(m, b, grp) } }, b.title));
        }
        node.append(grp);
      }
      if (m.role === "user") node.append(h("div", { class: "st" }));
      this.$log.append(node);
      this._nodes.set(m, node);
      if (m.role === "user") this._status(m);
    }

    // "not sent" line with a retry button under a user message that has not reached the bot
    _status(m) {
      const node = this._nodes.get(m);
      const st = node && node.querySelector(".st");
      if (!st) return;
      const failed = m.status === "held" || (m.status === "pending" && this._down);
      if (!failed) { st.replaceChildren(); return; }
      if (st.childNodes.length) return;
      st.append(t2(this.t.notSent), " ", h("button", { type: "button", on: { click: () => this._retry(m) } }, this.t.retry));
    }
    _statuses() { for (const m of this._s.messages) if (m.role === "user") this._status(m); }

    _scroll() { this.$log.scrollTop = this.$log.scrollHeight; }

    _announce(text) {
      this._annText = text;
      this.$status.textContent = "";
      clearTimeout(this._annT);
      this._annT = setTimeout(() => { this.$status.textContent = text; }, 60);
    }

    /* ---------- open / close / focus ---------- */
    open(opts) {
      if (!this._ready) return;
      this._s.open = true;
      this.$panel.hidden = false;
      this.$launcher.setAttribute("aria-expanded", "true");
      this._save();
      this._scroll();
      if (!opts || opts.focus !== false) this.$input.focus();
    }
    close() {
      if (!this._ready) return;
      this._s.open = false;
      this.$panel.hidden = true;
      this.$launcher.setAttribute("aria-expanded", "false");
      this._save();
      this.$launcher.focus();
    }
    _trap(e) {
      if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); this.close(); return; }
      if (e.key !== "Tab") return;
      const els = [...this.$panel.querySelectorAll("button,textarea,a[href],[tabindex]")]
        .filter((n) => !n.disabled && n.tabIndex >= 0 && n.getClientRects().length);
      if (!els.length) return;
      const i = els.indexOf(this.shadowRoot.activeElement);
      if (e.shiftKey && i <= 0) { e.preventDefault(); els[els.length - 1].focus(); }
      else if (!e.shiftKey && (i === -1 || i === els.length - 1)) { e.preventDefault(); els[0].focus(); }
    }

    /* ---------- input ---------- */
    _onKey(e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); this._submit(); }
    }
    _onInput(initial) {
      const left = MAX - this.$input.value.length;
      this.$count.hidden = left > WARN;
      this.$count.textContent = fill(this.t.left, left);
      if (initial !== true) { this._s.draft = this.$input.value; this._save(); }
    }
    _submit() {
      const text = this.$input.value.trim().slice(0, MAX);
      if (!text) return;
      this.$input.value = "";
      this._onInput();
      this._send(text, text);
    }
    _choose(m, b, grp) {
      if (m.usedButtons) return;
      m.usedButtons = true;
      for (const x of grp.querySelectorAll("button")) x.disabled = true;
      this._send(b.title, b.payload);
      this.$input.focus();
    }
    _send(shown, payload) {
      const m = { role: "user", text: shown, status: "pending" };
      if (payload !== shown) m.payload = payload;
      this._s.messages.push(m);
      this._render(m);
      this._scroll();
      this._save();
      this._pump();
    }
    _retry(m) {
      if (m.status === "held") m.status = "pending";
      this._clearTimer();
      this._status(m);
      this.$input.focus();
      this._pump();
    }

    /* ---------- talking to the bot ---------- */
    // one request at a time, in order; a message leaves the queue only when the bot has answered it
    async _pump() {
      if (this._busy || this._timer) return;
      const m = this._s.messages.find((x) => x.role === "user" && x.status === "pending");
      if (!m) return;
      const gen = this._gen;
      this._busy = true;
      m.status = "sending";
      this._save();
      this._typing(true, !this._down && Date.now() - (this._backAt || 0) > 3000);
      if (this._down) this._showNotice(this._noticeLead + " " + this.t.retryNow);
      const withLang = !this._s.languageSent;
      const metadata = { page: location.origin + location.pathname };  // no query: it may name a person
      if (withLang) metadata.language = this.lang_;
      const programme = this.attr("programme"), department = this.attr("department");
      if (programme) metadata.programme = programme;
      if (department) metadata.department = department;
      const r = await this._post({ sender: this._s.sender, message: m.payload || m.text, metadata });
      if (gen !== this._gen) return; // conversation was reset meanwhile
      this._busy = false;
      this._typing(false);
      if (r.kind === "refused") return this._refusedBy(r.why);
      if (r.kind === "down" || r.kind === "busy") {
        m.status = "pending";
        this._save();
        const wasDown = this._down;
        this._down = true;
        this._noticeLead = r.kind === "busy" ? (r.message || this.t.down) : this.t.down;
        const wait = r.kind === "busy" && r.after ? r.after : DELAYS[Math.min(this._tries, DELAYS.length - 1)];
        this._tries++;
        this._statuses();
        this._countdown(wait);
        if (!wasDown || r.kind === "busy") this._announce(this._noticeLead + " " + fill(this.t.retryIn, this._secs(wait)));
        return;
      }
      delete m.status;
      if (withLang && r.kind === "ok") this._s.languageSent = true;
      if (this._refused) { this._refused = null; this.$notice.hidden = true; }
      if (this._down) {
        this._down = false;
        this._tries = 0;
        this.$notice.hidden = true;
        this._statuses();
        this._announce(this.t.back);
        this._backAt = Date.now();
      } else this._quiet();
      if (r.kind === "rejected") this._add({ role: "notice", text: r.message || this.t.rejected });
      else for (const x of r.messages) {
        if (!x || typeof x !== "object") continue;
        const text = typeof x.text === "string" ? x.text : "";
        const buttons = cleanButtons(x.buttons);
        if (text || buttons.length) this._add({ role: "bot", text, buttons, usedButtons: false });
      }
      this._save();
      this._pump();
    }

    // The bot refused this page (origin not allowed, or the access key missing or wrong): that is not an outage,
    // so nothing is retried by itself. Unsent messages stay, marked "not sent"; the user may still resend them.
    _refusedBy(why) {
      for (const x of this._s.messages) if (x.role === "user" && (x.status === "pending" || x.status === "sending")) x.status = "held";
      this._save();
      this._refused = why;
      this._down = false;
      this._tries = 0;
      this._showNotice(this.t[why]);
      this._statuses();
      this._announce(this.t[why]);
      this._hint(why);
    }

    // one console line per kind of refusal, for whoever embeds the widget: what to change, and where
    _hint(why) {
      this._hinted = this._hinted || {};
      if (this._hinted[why]) return;
      this._hinted[why] = true;
      const bot = new URL(this.botUrl).origin, page = location.origin;
      console.warn(why === "forbidden"
        ? `applicant-assistant: the assistant at ${bot} does not accept messages from pages on ${page}. ` +
          `Add ${page} to ASSISTANT_CORS_ORIGINS (comma-separated) on the assistant's server and restart it.`
        : `applicant-assistant: the assistant at ${bot} requires an access key and ` +
          (this.attr("token") ? "refused this page's data-token. " : "this page sends none. ") +
          "Set data-token on the widget's script tag to the value of ASSISTANT_WEB_TOKEN on the assistant's server.");
    }

    _add(m) {
      this._s.messages.push(m);
      this._render(m);
      this._scroll();
    }

    async _post(body) {
      const ctrl = new AbortController();
      this._ctrl = ctrl;
      const timer = setTimeout(() => ctrl.abort(), TIMEOUT);
      const headers = { "Content-Type": "application/json" };
      const token = this.attr("token");
      if (token) headers["X-Assistant-Token"] = token;
      try {
        const res = await fetch(this.botUrl, { method: "POST", headers, body: JSON.stringify(body), signal: ctrl.signal });
        let data = null;
        try { data = await res.json(); } catch (e) { data = null; }
        if (res.ok) return { kind: "ok", messages: Array.isArray(data) ? data : [] };
        const message = data && typeof data.message === "string" ? data.message : "";
        if (res.status === 429) {
          const ra = res.headers.get("Retry-After");
          let after = ra && /^\d+$/.test(ra.trim()) ? +ra : ra ? Math.ceil((Date.parse(ra) - Date.now()) / 1000) : 0;
          after = after > 0 ? Math.min(after, 600) : 0;
          return { kind: "busy", after, message };
        }
        if (res.status === 401) return { kind: "refused", why: "unauthorised" };
        if (res.status === 403) return { kind: "refused", why: "forbidden" };
        if (res.status >= 400 && res.status < 500) return { kind: "rejected", message };
        return { kind: "down" };
      } catch (e) {
        return { kind: "down" }; // network error, unreadable answer (no CORS headers) or 30 s timeout
      } finally {
        clearTimeout(timer);
      }
    }

    _secs(n) { return n + " " + this.t.sec[n === 1 ? 0 : 1]; }
    _showNotice(text) { this.$notice.textContent = text; this.$notice.hidden = false; }
    _countdown(sec) {
      this._clearTimer();
      let left = sec;
      const tick = () => {
        if (left <= 0) { this._clearTimer(); this._pump(); return; }
        this._showNotice(this._noticeLead + " " + fill(this.t.retryIn, this._secs(left)));
        left--;
      };
      tick();
      this._timer = setInterval(tick, 1000);
    }
    _clearTimer() { clearInterval(this._timer); this._timer = null; }
    _typing(on, say) {
      this.$typing.hidden = !on;
      if (say) this._announce(this.t.typing + " \u2026");
    }
    _quiet() { // drop a stale "typing" text, never a pending real announcement
      if (this._annText !== this.t.typing + " \u2026") return;
      clearTimeout(this._annT);
      this._annText = this.$status.textContent = "";
    }

    /* ---------- new conversation ---------- */
    reset() {
      if (!this._ready) return;
      this._gen++;
      if (this._ctrl) this._ctrl.abort();
      this._clearTimer();
      this._busy = false;
      this._down = false;
      this._refused = null;
      this._tries = 0;
      this._typing(false);
      this.$notice.hidden = true;
      for (const n of this._nodes.values()) n.remove();
      this._nodes.clear();
      Object.assign(this._s, { sender: newSender(), messages: [], languageSent: false });
      this._save();
      this._announce(this.t.newDone);
      this.$input.focus();
    }
  }
  const t2 = (s) => document.createTextNode(s);

  customElements.define(TAG, ApplicantAssistant);

  // The one-line embed: add the element unless the page placed its own.
  const mount = () => {
    if (document.querySelector(TAG) || !document.body) return;
    const el = document.createElement(TAG);
    for (const a of ATTRS) {
      const v = SCRIPT && SCRIPT.getAttribute("data-" + a);
      if (v) el.setAttribute(a, v);
    }
    document.body.append(el);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
  else mount();
})();
