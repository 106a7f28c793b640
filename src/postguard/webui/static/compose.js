/* postguard compose page: the live check.
 *
 * While the author types, the draft is sent (after a short pause, and never more than one
 * request in flight) to the check endpoint; the answer's findings are drawn as marks in a
 * mirror layer that sits exactly behind the transparent textarea, and listed beside it
 * with the message and what to do instead. All texts come from the server in the reader's
 * language (data-* attributes and the API's labels); nothing here is hard-coded in English.
 * User text only ever reaches the page through textContent.
 */
(function () {
  "use strict";

  const form = document.getElementById("compose");
  if (!form) return;
  const textarea = document.getElementById("draft");
  const mirror = document.getElementById("draft-mirror");
  const list = document.getElementById("findings");
  const status = document.getElementById("check-status");
  const verdict = document.getElementById("verdict");
  const verdictLabel = document.getElementById("verdict-label");
  const submitButton = document.getElementById("submit-draft");
  const outcome = document.getElementById("submit-outcome");
  const texts = form.dataset;
  const checkUrl = texts.checkUrl;
  const submitUrl = texts.submitUrl || "";
  const debounceMs = Number(texts.debounceMs || 60);
  const severityRank = { info: 0, warn: 1, block: 2 };

  let timer = null;
  let inFlight = null;      // AbortController of the running request
  let findings = [];         // the spans drawn now, each with the index of its card in the list
  let drawnText = "";       // the text the mirror holds

  /* What the tests and the benchmark read: the text the shown findings belong to and when
     they were drawn (performance.now()). */
  const state = (window.postguardCompose = { lastChecked: null, requests: 0 });

  function settings() {
    const data = new FormData(form);
    return {
      account: data.get("account") || "personal",
      channel: data.get("channel") || "linkedin",
      language: data.get("language") || null,
    };
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(runCheck, delay);
  }

  async function runCheck() {
    const text = textarea.value;
    if (inFlight) inFlight.abort();
    if (!text.trim()) {
      findings = [];
      drawMarks(text);
      renderEmpty();
      state.lastChecked = { text, at: performance.now(), findings: 0 };
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    status.textContent = texts.textChecking;
    state.requests += 1;
    let answer;
    try {
      const response = await fetch(checkUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ text, ui_language: document.documentElement.lang, ...settings() }),
        signal: controller.signal,
      });
      answer = await response.json();
      if (!response.ok) throw new Error((answer.error && answer.error.message) || response.statusText);
    } catch (error) {
      if (error.name === "AbortError") return;
      status.textContent = texts.textError + " (" + error.message + ")";
      return;
    } finally {
      if (inFlight === controller) inFlight = null;
    }
    // A newer keystroke made this answer stale: its request is already scheduled.
    if (text !== textarea.value) return;
    findings = answer.findings.map((f, index) => ({ ...f, index }));
    drawMarks(text);
    renderFindings(answer);
    state.lastChecked = { text, at: performance.now(), findings: findings.length };
    form.dispatchEvent(new CustomEvent("postguard:checked", { detail: answer }));
  }

  /* The mirror holds the same text as the textarea, with each finding's span wrapped in a
     <mark>; overlapping spans are cut at every boundary and take the worst severity. */
  function drawMarks(text) {
    const cuts = new Set([0, text.length]);
    findings.forEach((f) => { cuts.add(f.utf16_start); cuts.add(f.utf16_end); });
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < points.length - 1; i++) {
      const from = points[i], to = points[i + 1];
      const piece = text.slice(from, to);
      const covering = findings
        .filter((f) => f.utf16_start <= from && f.utf16_end >= to && f.utf16_start < f.utf16_end)
        .map((f) => ({ f }));
      if (!covering.length) { fragment.append(piece); continue; }
      const mark = document.createElement("mark");
      const worst = covering.reduce((a, b) => (severityRank[b.f.severity] > severityRank[a.f.severity] ? b : a));
      mark.dataset.severity = worst.f.severity;
      mark.dataset.findings = covering.map((c) => c.f.index).join(" ");
      mark.textContent = piece;
      fragment.append(mark);
    }
    // A final newline needs a character after it, or the mirror is one line shorter.
    fragment.append(text.endsWith("\n") || !text ? "\u200b" : "");
    mirror.replaceChildren(fragment);
    drawnText = text;
  }

  function renderEmpty() {
    list.replaceChildren();
    verdict.dataset.verdict = "none";
    verdictLabel.textContent = texts.textEmpty;
    status.textContent = "";
  }

  function renderFindings(answer) {
    verdict.dataset.verdict = answer.verdict;
    verdictLabel.textContent = answer.ui.verdict_label;
    status.textContent = answer.ui.language_note ? answer.ui.summary + " · " + answer.ui.language_note : answer.ui.summary;
    list.replaceChildren(...answer.findings.map(renderFinding));
  }

  function renderFinding(finding, index) {
    const item = document.createElement("li");
    item.className = "finding";
    item.dataset.severity = finding.severity;
    item.dataset.code = finding.code;
    item.dataset.index = String(index);

    const head = el("p", "finding__head");
    head.append(el("span", "finding__severity", finding.severity_label),
                el("span", "finding__category", finding.category_label),
                el("span", "finding__code", finding.code + " " + finding.slug));
    const excerpt = el("p", "finding__excerpt");
    const quote = el("q", "", finding.excerpt);
    quote.dir = "auto";
    excerpt.append(quote);
    const message = el("p", "finding__message", finding.message);
    const doInstead = el("p", "finding__do");
    doInstead.append(el("strong", "", texts.textDoInstead), el("span", "", finding.suggestion));
    const show = el("button", "button button--small", texts.textShow);
    show.type = "button";
    show.addEventListener("click", () => selectSpan(finding));
    item.append(head, excerpt, message, doInstead, show);
    item.addEventListener("mouseenter", () => setActive(index, true));
    item.addEventListener("mouseleave", () => setActive(index, false));
    item.addEventListener("focusin", () => setActive(index, true));
    item.addEventListener("focusout", () => setActive(index, false));
    return item;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setActive(index, on) {
    mirror.querySelectorAll("mark").forEach((mark) => {
      if (mark.dataset.findings.split(" ").includes(String(index))) mark.classList.toggle("is-active", on);
    });
    const item = list.querySelector(`[data-index="${index}"]`);
    if (item) item.classList.toggle("is-active", on);
  }

  function selectSpan(finding) {
    textarea.focus();
    textarea.setSelectionRange(finding.utf16_start, finding.utf16_end);
  }

  /* Submitting goes to the service's draft endpoint (UISettings.submit_draft_url); without a
     service the button is disabled and the page says why. */
  let submission = null;     // {text, key}: a retry of the same text reuses its Idempotency-Key
  async function submitDraft(event) {
    event.preventDefault();
    if (!submitUrl) return;
    submitButton.disabled = true;
    if (!submission || submission.text !== textarea.value) {
      const key = window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random().toString(16).slice(2);
      submission = { text: textarea.value, key };
    }
    const headers = { "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": submission.key };
    // The session's CSRF token (web/csrf.py): the service refuses a change made with the cookie without it.
    const csrf = document.querySelector('meta[name="csrf-token"]');
    if (csrf) headers["X-CSRF-Token"] = csrf.content;
    const body = { text: textarea.value, ...settings() };
    const justification = document.getElementById("justification");
    if (justification && justification.value.trim()) {
      body.request_review = true;
      body.justification = justification.value.trim();
    }
    try {
      const response = await fetch(submitUrl, { method: "POST", headers, body: JSON.stringify(body) });
      const answer = await response.json();
      if (!response.ok) throw new Error((answer.error && answer.error.message) || response.statusText);
      showOutcome(answer, response.status);
    } catch (error) {
      outcome.textContent = texts.textError + " (" + error.message + ")";
    } finally {
      submitButton.disabled = false;
    }
  }

  /* The outcome in the reader's words, with a link to the draft's page (outcome and history). */
  function showOutcome(answer, status) {
    const state = answer.status || answer.state || String(status);
    outcome.replaceChildren(texts.textSubmitted + " ", el("strong", "", texts[statusKey(state)] || state));
    outcome.dataset.status = state;
    if (texts.draftUrl && answer.id !== undefined) {
      const link = el("a", "", texts.textOpenDraft);
      link.href = texts.draftUrl.replace(/\/$/, "") + "/" + encodeURIComponent(answer.id);
      outcome.append(" ", link);
    }
  }

  /* data-status-pending_review becomes dataset["statusPending_review"]. */
  function statusKey(state) {
    return "status" + state.charAt(0).toUpperCase() + state.slice(1);
  }

  textarea.addEventListener("input", () => {
    followEdit(textarea.value);
    autosize();
    schedule(debounceMs);
  });
  textarea.addEventListener("scroll", () => { mirror.scrollTop = textarea.scrollTop; });
  form.addEventListener("change", (event) => { if (event.target !== textarea) schedule(0); });
  form.addEventListener("submit", submitDraft);

  /* Until the new answer arrives the marks must follow the text, or they drift: marks before
     the edited stretch stay, marks after it move by the length change, marks inside it go. */
  function followEdit(text) {
    const before = drawnText;
    let prefix = 0;
    const shortest = Math.min(before.length, text.length);
    while (prefix < shortest && before[prefix] === text[prefix]) prefix++;
    let suffix = 0;
    while (suffix < shortest - prefix && before[before.length - 1 - suffix] === text[text.length - 1 - suffix]) suffix++;
    const editEnd = before.length - suffix, delta = text.length - before.length;
    findings = findings.flatMap((f) => {
      if (f.utf16_end <= prefix) return [f];
      if (f.utf16_start >= editEnd) return [{ ...f, utf16_start: f.utf16_start + delta, utf16_end: f.utf16_end + delta }];
      return [];
    });
    drawMarks(text);
  }

  /* Browsers without CSS field-sizing grow the textarea here instead. */
  const growsByItself = window.CSS && CSS.supports("field-sizing", "content");
  function autosize() {
    if (growsByItself) return;
    textarea.style.blockSize = "auto";
    textarea.style.blockSize = textarea.scrollHeight + 2 + "px";
  }

  renderEmpty();
  if (textarea.value) schedule(0);
})();
