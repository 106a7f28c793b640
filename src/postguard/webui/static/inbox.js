/* postguard inbox page: conversations, the checked reply, send, reassign, forward, and the
 * messages triage could not handle (with the reason), sent back to triage.
 *
 * Talks to the service's API (same site, session cookie from /auth/login), asking for answers in
 * the page's language (Accept-Language), so what the API says (why triage failed, errors) is in
 * the reader's language too. Every text of the page's own comes from the server in the reader's
 * language (data-* attributes); customer text only ever reaches the page through textContent.
 *
 * The page stays current on its own: both lists, and the open conversation's messages, are
 * fetched again every data-refresh-ms while the tab is visible (never while it is hidden), one
 * fetch at a time, and a few times in quick succession after a retry. Rows are updated in place
 * and a customer's new messages are added to the open conversation, so what the reader has
 * focused, the reply they are typing and the forms they are filling in are never disturbed.
 *
 * Each conversation has a URL, its fragment (/ui/inbox#conversation-12, linked from the audit
 * page): the page opens it once signed in, and again when the fragment changes; opening one puts
 * its fragment in the address bar, so the URL can be copied.
 */
(function () {
  "use strict";

  const root = document.getElementById("inbox");
  if (!root) return;
  const api = root.dataset.api;
  const t = root.dataset;
  const situations = JSON.parse(t.situations || "{}");
  const $ = (id) => document.getElementById(id);
  const state = (window.postguardInbox = {
    conversations: [], current: null, reply: null, csrf: null,
    listed: false,      // the list has been fetched once: what comes after that is new
    fresh: new Set(),   // conversations that came into the list while the page was open, not opened yet
  });
  const refreshMs = Number(t.refreshMs) > 0 ? Number(t.refreshMs) : 30000;
  // The service's worker triages messages sent back a moment after it answers the retry.
  const AFTER_RETRY_MS = [1000, 2000, 4000, 8000];
  const COUNTDOWN_MS = 30000;
  const watch = {
    on: false,          // signed in and allowed to read the inbox
    timer: null,        // the next refresh, when one is planned
    running: null,      // the refresh under way (there is never more than one)
    again: false,       // asked for while one was under way: it fetches once more when done
    last: 0,            // when the lists were last fetched
    soon: [],           // the quick looks still to take after a retry
  };

  async function call(method, path, body) {
    const headers = body ? { "Content-Type": "application/json" } : {};
    if (document.documentElement.lang) headers["Accept-Language"] = document.documentElement.lang;
    // The session's CSRF token (web/csrf.py): the service refuses a change made with the cookie without it.
    // The page has it when it was rendered signed in; a sign-in on this page returns it in a header.
    if (!state.csrf) {
      const meta = document.querySelector('meta[name="csrf-token"]');
      if (meta) state.csrf = meta.content;
    }
    if (state.csrf && method !== "GET") headers["X-CSRF-Token"] = state.csrf;
    const response = await fetch(api + path, {
      method, credentials: "same-origin", headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    const issued = response.headers.get("X-CSRF-Token");
    if (issued) state.csrf = issued;
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error((data && data.error && data.error.message) || t.textError);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // Hours and minutes as the page's language writes them ("3 godz. 5 min", "3 שע׳ 5 דק׳").
  const unit = (name) => new Intl.NumberFormat(document.documentElement.lang || undefined,
                                               { style: "unit", unit: name, unitDisplay: "short" });
  const hours = unit("hour");
  const mins = unit("minute");

  function timeLeft(deadline) {
    if (!deadline) return "—";
    const minutes = Math.round((new Date(deadline) - Date.now()) / 60000);
    const abs = Math.abs(minutes);
    const text = abs >= 60 ? `${hours.format(Math.floor(abs / 60))} ${mins.format(abs % 60)}` : mins.format(abs);
    return minutes < 0 ? `${text} ${t.textOverdue}` : `${text} ${t.textLeft}`;
  }

  function setText(element, text) {
    // Only a change touches the page: a live region says a text set again once more, and a
    // screen reader reading a cell would lose its place.
    if (element.textContent !== text) element.textContent = text;
  }

  // Brings a table body in line with `items` (by id) in place: rows already there are updated,
  // new ones slotted in, gone ones removed. Nothing the reader is on is rebuilt, so a focused
  // button keeps its focus and the browser's scroll anchoring keeps the rows in view where they
  // are, whatever arrives above them.
  function reconcile(body, items, build, fill) {
    const wanted = new Set(items.map((item) => String(item.id)));
    for (const row of [...body.rows]) if (!wanted.has(row.dataset.id)) row.remove();
    const kept = new Map([...body.rows].map((row) => [row.dataset.id, row]));
    let next = body.firstElementChild;
    for (const item of items) {
      let row = kept.get(String(item.id));
      if (!row) {
        row = build();
        row.dataset.id = item.id;
      }
      fill(row, item);
      if (row === next) next = row.nextElementSibling;
      else body.insertBefore(row, next);
    }
  }

  function conversationRow() {
    const row = document.createElement("tr");
    const link = document.createElement("button");
    link.type = "button";
    link.className = "linklike";
    link.addEventListener("click", () => openSaying(row.dataset.id));
    row.appendChild(document.createElement("td")).appendChild(link);
    for (let i = 0; i < 5; i++) row.appendChild(document.createElement("td"));
    // The owner: the responsibility's title (in the page's language when the policy has it) over the
    // name of the person who holds it; the policy's key stays on the cell (data-owner). Each in its
    // own direction (a Latin name under a Hebrew title), both lined up with the cell.
    const owner = row.cells[3];
    owner.className = "owner";
    owner.appendChild(document.createElement("bdi")).className = "owner__title";
    const person = owner.appendChild(document.createElement("span"));
    person.className = "owner__person meta";
    person.appendChild(document.createElement("bdi"));
    row.cells[5].className = "deadline";
    return row;
  }

  function fillOwner(cell, c) {
    const title = cell.firstElementChild;
    const person = cell.lastElementChild;
    if (c.owner) cell.dataset.owner = c.owner; else delete cell.dataset.owner;
    // A key the active policy no longer names is shown as it is: better than nothing.
    setText(title, c.owner ? c.owner_title || c.owner_name || c.owner : "—");
    if (c.owner_title && c.owner_title_language) title.setAttribute("lang", c.owner_title_language);
    else title.removeAttribute("lang");
    const name = c.owner_title && c.owner_name ? c.owner_name : "";
    setText(person.firstElementChild, name);
    person.hidden = !name;
  }

  function fillConversation(row, c) {
    row.dataset.sla = c.sla;
    if (state.current && state.current.id === c.id) row.setAttribute("aria-current", "true");
    else row.removeAttribute("aria-current");
    const [first, situation, language, owner, assignee, deadline] = row.cells;
    setText(first.firstElementChild, c.customer);
    const badge = first.querySelector(".badge");
    if (state.fresh.has(c.id) && !badge) {
      const label = document.createElement("span");
      label.className = "badge";
      label.textContent = t.textNew;
      first.appendChild(label);
    } else if (!state.fresh.has(c.id) && badge) {
      badge.remove();
    }
    setText(situation, situations[c.situation] || c.situation);
    setText(language, c.language || "?");
    fillOwner(owner, c);
    setText(assignee, c.assignee || t.textUnassigned);
    setText(deadline, timeLeft(c.deadline));
  }

  function drawRows() {
    reconcile($("conversations"), state.conversations, conversationRow, fillConversation);
  }

  function drawList() {
    drawRows();
    const fresh = state.fresh.size;
    setText($("list-status"), fresh ? t.textNewCount.replace("{num}", fresh) : state.conversations.length ? "" : t.textEmpty);
  }

  async function loadList() {
    const conversations = await call("GET", "/inbox/conversations");
    // New: in the list now and not the last time, until opened (the first list has nothing new).
    const before = new Set(state.conversations.map((c) => c.id));
    const now = new Set(conversations.map((c) => c.id));
    if (state.listed) for (const id of now) if (!before.has(id)) state.fresh.add(id);
    for (const id of state.fresh) if (!now.has(id)) state.fresh.delete(id);
    state.conversations = conversations;
    state.listed = true;
    drawList();
    $("inbox-list").hidden = false;
  }

  function failedRow() {
    const row = document.createElement("tr");
    // The customer's name and text, and the reason (in the page's language when postguard said it,
    // else as the error said it): each in its own direction, isolated from the page's.
    for (let i = 0; i < 3; i++) row.appendChild(document.createElement("td")).setAttribute("dir", "auto");
    row.cells[2].className = "triage-error";
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "button";
    retry.textContent = t.textRetry;
    retry.addEventListener("click", () => retryFailed([Number(row.dataset.id)]));
    row.appendChild(document.createElement("td")).appendChild(retry);
    return row;
  }

  function fillFailed(row, m) {
    const [author, text, reason] = row.cells;
    setText(author, m.author_name || m.author_handle);
    setText(text, m.text);
    setText(reason, m.triage_error || t.textNoReason);
  }

  function drawFailed(messages) {
    reconcile($("failed-messages"), messages, failedRow, fillFailed);
    // Emptied by a retry, the section (and what it said) stays while the page follows the triage up.
    $("failed-list").hidden = messages.length === 0 && watch.soon.length === 0;
  }

  async function loadFailed() {
    drawFailed(await call("GET", "/inbox/messages/failed"));
  }

  // The open conversation as it is now: its new messages are added below the others. The reply
  // being typed, the forms and the suggestion shown are left as they are (the reader asked for
  // those, and may be writing in them).
  async function loadCurrent() {
    const current = state.current;
    if (!current) return;
    let c;
    try {
      c = await call("GET", `/inbox/conversations/${current.id}`);
    } catch (error) {
      if (error.status === 401) throw error;  // signed out: the refresh stops and says so
      return;  // gone, or no longer this reader's to see: the list says so
    }
    if (state.current !== current) return;  // another conversation was opened meanwhile
    state.current = c;
    setText($("conversation-title"), conversationTitle(c));
    drawMessages(c.messages);
  }

  // Both lists and the open conversation as they are now. One fetch at a time: asked again
  // meanwhile, it fetches once more when the one under way is done (its answer may predate what
  // the caller just changed).
  function refresh() {
    if (watch.running) {
      watch.again = true;
      return watch.running;
    }
    watch.running = (async () => {
      try {
        do {
          watch.again = false;
          const done = await Promise.allSettled([loadList(), loadFailed(), loadCurrent()]);
          const refused = done.find((result) => result.status === "rejected");
          if (refused) throw refused.reason;
          watch.last = Date.now();
        } while (watch.again);
      } finally {
        watch.running = null;
      }
    })();
    return watch.running;
  }

  function schedule(delay) {
    clearTimeout(watch.timer);
    watch.timer = watch.on && document.visibilityState !== "hidden" ? setTimeout(tick, delay) : null;
  }

  function scheduleNext() {
    schedule(watch.soon.length ? watch.soon.shift() : refreshMs);
  }

  async function tick() {
    watch.timer = null;
    try {
      await refresh();
    } catch (error) {
      if (error.status === 401 || error.status === 403) {
        // Signed out (the session ended) or no longer allowed: stop asking, say so.
        watch.on = false;
        $("list-status").textContent = error.message;
        if (error.status === 401) $("inbox-login").hidden = false;
        return;
      }
      $("list-status").textContent = error.status ? error.message : t.textError;  // tried again next time
    }
    scheduleNext();
  }

  // A hidden tab asks nothing; back in view, it catches up at once if a refresh is due.
  document.addEventListener("visibilitychange", () => schedule(Math.max(0, watch.last + refreshMs - Date.now())));
  setInterval(() => { if (watch.on) drawRows(); }, COUNTDOWN_MS);  // the countdown moves on between refreshes

  async function retryFailed(ids) {
    let said;
    try {
      const { retried } = await call("POST", "/inbox/messages/retry-failed", { ids });
      said = t.textRetried;
      if (retried.length) watch.soon = [...AFTER_RETRY_MS];
    } catch (error) { said = error.message; }
    // Refused or not, the lists as they are now: a row someone else sent back meanwhile goes (the
    // refusal says so), and the conversations triage has opened so far come in; the rest soon.
    try { await refresh(); } catch (error) { said = error.message; }
    $("failed-list").hidden = false;
    $("failed-status").textContent = said;
    scheduleNext();
  }

  $("retry-all").addEventListener("click", () => retryFailed(null));

  function drawFindings(reply) {
    const list = $("reply-findings");
    list.replaceChildren();
    const verdict = reply.verdict || "pass";
    $("reply-status").textContent = t["textVerdict" + verdict[0].toUpperCase() + verdict.slice(1)];
    $("reply-status").dataset.verdict = verdict;
    for (const f of (reply.report && reply.report.findings) || []) {
      const item = document.createElement("li");
      item.dataset.code = f.code;
      item.textContent = `${f.code} ${f.message} — ${f.suggestion}`;
      list.appendChild(item);
    }
    $("send-reply").disabled = verdict === "block";
  }

  function conversationTitle(c) {
    return `${c.case_number} · ${c.customer} · ${situations[c.situation] || c.situation}`;
  }

  // Adds the messages not shown yet, in order, below the others; what is shown stays as it is.
  function drawMessages(messages) {
    const list = $("messages");
    const shown = new Set([...list.children].map((item) => item.dataset.id));
    for (const m of messages) {
      if (shown.has(String(m.id))) continue;
      const item = document.createElement("li");
      item.dataset.id = m.id;
      item.setAttribute("dir", "auto");
      item.textContent = `${m.author_name || m.author_handle}: ${m.text}`;
      list.appendChild(item);
    }
  }

  async function open(id) {
    const c = await call("GET", `/inbox/conversations/${id}`);
    state.current = c;
    state.fresh.delete(c.id);
    drawList();  // marks it as the open one, no longer new
    $("conversation").hidden = false;
    $("conversation-title").textContent = conversationTitle(c);
    // Its URL in the address bar, to copy; no new history entry, and no hashchange.
    if (location.hash !== `#conversation-${c.id}`) history.replaceState(history.state, "", `#conversation-${c.id}`);
    $("messages").replaceChildren();
    drawMessages(c.messages);
    const reply = c.suggested_reply;
    state.reply = reply;
    $("reply").value = reply ? reply.text : "";
    if (reply) $("reply").setAttribute("lang", reply.language);
    if (reply) drawFindings(reply); else { $("reply-findings").replaceChildren(); $("reply-status").textContent = ""; }
  }

  // Opens a conversation; when it cannot (gone, or not this reader's to see), says why as the API
  // put it, in the page's language.
  async function openSaying(id) {
    try {
      await open(id);
    } catch (error) {
      $("list-status").textContent = error.status ? error.message : t.textError;
    }
  }

  const FRAGMENT = /^#conversation-(\d+)$/;

  // The conversation the URL's fragment names, straight from the API (it need not be in the list):
  // once signed in and on each change of the fragment. One already open stays as it is.
  function openFromFragment() {
    const found = FRAGMENT.exec(location.hash);
    if (!found || !watch.on || (state.current && String(state.current.id) === found[1])) return;
    return openSaying(found[1]);
  }

  window.addEventListener("hashchange", openFromFragment);

  async function checkReply() {
    const reply = await call("PUT", `/inbox/conversations/${state.current.id}/reply`, { text: $("reply").value });
    state.reply = reply;
    drawFindings(reply);
    return reply;
  }

  async function send() {
    try {
      const reply = await checkReply();
      if (reply.verdict === "block") { $("reply-status").textContent = t.textBlocked; return; }
      await call("POST", `/inbox/conversations/${state.current.id}/send`, {});
      $("reply-status").textContent = t.textSent;
      $("reply-status").dataset.verdict = "sent";
      await refresh();
    } catch (error) {
      $("reply-status").textContent = error.message;
    }
  }

  $("check-reply").addEventListener("click", () => checkReply().catch((e) => { $("reply-status").textContent = e.message; }));
  $("send-reply").addEventListener("click", send);
  $("reply").addEventListener("input", () => { $("send-reply").disabled = false; });

  $("assign-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    try {
      await call("POST", `/inbox/conversations/${state.current.id}/assign`,
                 { username: data.get("username") || null, reason: data.get("reason") });
      $("reply-status").textContent = t.textAssigned;
      await refresh();
    } catch (error) { $("reply-status").textContent = error.message; }
  });

  $("forward-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    if (!data.author_name) delete data.author_name;
    try {
      const result = await call("POST", "/inbox/forward", data);
      $("forward-status").textContent = t.textRedirect;
      const quote = $("forward-reply");
      quote.hidden = false;
      quote.textContent = result.redirect_reply ? result.redirect_reply.text : "";
      if (result.redirect_reply) quote.setAttribute("lang", result.redirect_reply.language);
      await refresh().catch(() => {});
    } catch (error) { $("forward-status").textContent = error.message; }
  });

  $("inbox-login").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    try {
      await call("POST", "/auth/login", data);
      await start();
    } catch (error) { $("login-status").textContent = error.message; }
  });

  async function start() {
    try {
      await call("GET", "/me");
    } catch (error) {
      $("inbox-login").hidden = false;
      return;
    }
    $("inbox-login").hidden = true;
    $("forward-form").hidden = false;
    try {
      await refresh();
    } catch (error) {
      if (error.status === 403) return;  // not one who reads the inbox: nothing to keep current
      $("list-status").textContent = error.message;  // the next refresh tries again
    }
    watch.on = true;
    scheduleNext();
    await openFromFragment();
  }
  start();
})();
