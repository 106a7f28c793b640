/* postguard inbox page: conversations, the checked reply, send, reassign, forward, and the
 * messages triage could not handle (with the reason), sent back to triage.
 *
 * Talks to the service's API (same site, session cookie from /auth/login). Every text comes
 * from the server in the reader's language (data-* attributes); customer text only ever
 * reaches the page through textContent.
 */
(function () {
  "use strict";

  const root = document.getElementById("inbox");
  if (!root) return;
  const api = root.dataset.api;
  const t = root.dataset;
  const situations = JSON.parse(t.situations || "{}");
  const $ = (id) => document.getElementById(id);
  const state = (window.postguardInbox = { conversations: [], current: null, reply: null, csrf: null });

  async function call(method, path, body) {
    const headers = body ? { "Content-Type": "application/json" } : {};
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

  function timeLeft(deadline) {
    if (!deadline) return "—";
    const minutes = Math.round((new Date(deadline) - Date.now()) / 60000);
    const abs = Math.abs(minutes);
    const text = abs >= 60 ? `${Math.floor(abs / 60)} h ${abs % 60} min` : `${abs} min`;
    return minutes < 0 ? `${text} ${t.textOverdue}` : `${text} ${t.textLeft}`;
  }

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function drawList() {
    const body = $("conversations");
    body.replaceChildren();
    for (const c of state.conversations) {
      const row = document.createElement("tr");
      row.dataset.id = c.id;
      row.dataset.sla = c.sla;
      const first = document.createElement("td");
      const link = document.createElement("button");
      link.type = "button";
      link.className = "linklike";
      link.textContent = c.customer;
      link.addEventListener("click", () => open(c.id));
      first.appendChild(link);
      row.appendChild(first);
      cell(row, situations[c.situation] || c.situation);
      cell(row, c.language || "?");
      cell(row, c.owner || "—");
      cell(row, c.assignee || t.textUnassigned);
      cell(row, timeLeft(c.deadline)).className = "deadline";
      body.appendChild(row);
    }
    $("list-status").textContent = state.conversations.length ? "" : t.textEmpty;
  }

  async function loadList() {
    state.conversations = await call("GET", "/inbox/conversations");
    drawList();
  }

  function drawFailed(messages) {
    const body = $("failed-messages");
    body.replaceChildren();
    for (const m of messages) {
      const row = document.createElement("tr");
      row.dataset.id = m.id;
      cell(row, m.author_name || m.author_handle).setAttribute("dir", "auto");
      cell(row, m.text).setAttribute("dir", "auto");
      // The reason is the error as the server said it (English): isolated from the page's direction.
      const reason = cell(row, m.triage_error || t.textNoReason);
      reason.setAttribute("dir", "auto");
      reason.className = "triage-error";
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "button";
      retry.textContent = t.textRetry;
      retry.addEventListener("click", () => retryFailed([m.id]));
      row.appendChild(document.createElement("td")).appendChild(retry);
      body.appendChild(row);
    }
    $("failed-list").hidden = messages.length === 0;
  }

  async function loadFailed() {
    drawFailed(await call("GET", "/inbox/messages/failed"));
  }

  async function retryFailed(ids) {
    let said;
    try {
      await call("POST", "/inbox/messages/retry-failed", { ids });
      said = t.textRetried;
    } catch (error) { said = error.message; }
    // Refused or not, the list as it is now: a row someone else sent back meanwhile goes (the refusal says so).
    try { await loadFailed(); } catch (error) { said = error.message; }
    $("failed-list").hidden = false;
    $("failed-status").textContent = said;
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

  async function open(id) {
    const c = await call("GET", `/inbox/conversations/${id}`);
    state.current = c;
    $("conversation").hidden = false;
    $("conversation-title").textContent = `${c.case_number} · ${c.customer} · ${situations[c.situation] || c.situation}`;
    const messages = $("messages");
    messages.replaceChildren();
    for (const m of c.messages) {
      const item = document.createElement("li");
      item.setAttribute("dir", "auto");
      item.textContent = `${m.author_name || m.author_handle}: ${m.text}`;
      messages.appendChild(item);
    }
    const reply = c.suggested_reply;
    state.reply = reply;
    $("reply").value = reply ? reply.text : "";
    if (reply) $("reply").setAttribute("lang", reply.language);
    if (reply) drawFindings(reply); else { $("reply-findings").replaceChildren(); $("reply-status").textContent = ""; }
  }

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
      await loadList();
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
      await loadList();
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
      await loadList().catch(() => {});
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
      await loadList();
      $("inbox-list").hidden = false;
      await loadFailed();
    } catch (error) {
      if (error.status !== 403) $("list-status").textContent = error.message;
    }
    setInterval(drawList, 30000);  // the countdown moves on
  }
  start();
})();
