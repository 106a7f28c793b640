"""``postguard demo``: the main job on the embedded default (bundled demo policy and data, SQLite)."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..context import CheckContext
from ..engine import check
from ..output.text import render_text
from ..policy.loader import default_policy
from ._service import DataDirOption


def demo_drafts() -> list[dict]:
    text = resources.files("postguard.demo").joinpath("drafts.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _check_drafts(console: Console, policy) -> None:
    verdicts: dict[str, int] = {}
    drafts = demo_drafts()
    for number, draft in enumerate(drafts, 1):
        context = CheckContext(account=draft["account"], channel=draft["channel"])
        report = check(draft["text"], policy, context)
        verdicts[report.verdict.value] = verdicts.get(report.verdict.value, 0) + 1
        render_text(console, f"draft {number} ({draft['channel']}, {draft['account']})", draft["text"], report)
        console.print()
    summary = ", ".join(f"{verdicts.get(v, 0)} {v}" for v in ("pass", "warn", "block"))
    console.print(f"[bold]{len(drafts)} drafts checked:[/] {summary}\n")


def _triage_inbox(console: Console, policy) -> None:
    from ..demo.company import triage_demo_inbox

    table = Table(title="Demo inbox, triaged", show_lines=False)
    for column in ("from", "lang", "situation", "owner", "deadline (UTC)", "escalated", "reply ready"):
        table.add_column(column)
    for item in triage_demo_inbox(policy):
        result = item.result
        owner = result.owner.name if result.owner and getattr(result.owner, "name", None) else "—"
        deadline = result.deadline.strftime("%a %H:%M") if result.deadline else "—"
        reply = "yes" if result.reply or result.redirect else "—"
        table.add_row(item.message.author_name or item.message.author_handle, result.language or "?",
                      result.situation, owner, deadline, "yes" if result.escalations else "", reply)
    console.print(table)


def demo(
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Start the service afterwards (Ctrl-C stops it)."),
    port: int = typer.Option(8000, help="Port for the service."),
    data_dir: Optional[Path] = DataDirOption,
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the output (default: when a terminal)."),
) -> None:
    """Run the demo company: check its drafts, triage its inbox, then serve the web interface and API."""
    from ..demo.campaign import seed_campaign
    from ..demo.company import DEMO_PASSWORD, load_demo_inbox, seed_drafts, seed_people
    from ._service import settings_from

    policy = default_policy()
    console = Console(no_color=color is False, force_terminal=color, highlight=False, soft_wrap=True)
    console.print(f"[bold]{policy.name}[/] · revision {policy.revision} · {policy.organisation.name}\n")
    _check_drafts(console, policy)
    _triage_inbox(console, policy)
    settings = settings_from(data_dir, None, port=port)
    created = seed_people(settings, base_url=f"http://{settings.host}:{settings.port}")
    stored = seed_drafts(settings)
    from ..demo.advocacy import seed_advocacy

    if seed_advocacy(settings):
        console.print("advocacy programme seeded: library items, the Winter sprint competition, six weeks of shares and clicks")
    console.print(f"\ndatabase: {settings.effective_database_url}"
                  + (f" (demo accounts created: {', '.join(created)})" if created else "")
                  + (f" ({stored} demo drafts submitted by 'employee')" if stored else ""))
    address = f"http://{settings.host}:{settings.port}/ui/"
    inbox = load_demo_inbox(settings)
    console.print(f"demo inbox in the service: {inbox.stored} message(s) stored, {inbox.already_there} already there, "
                  f"{inbox.triaged} triaged (GET /api/v1/inbox/conversations)")
    opened = seed_campaign(settings)
    if opened:
        console.print(f"a hater campaign in progress: incident(s) {', '.join(opened)} opened from the demo comment "
                      "stream — see /ui/incidents (sign in as lead) or `postguard incidents list`")
    console.print(f"demo accounts, one per role (password [bold]{DEMO_PASSWORD}[/]): admin, lead, reviewer, "
                  f"spokesperson, employee, candidate — sign in at {address}signin")
    console.print("acknowledgements: 3 of 5 staff have accepted the policy (see /ui/training/report, "
                  "`postguard training status`); `postguard training invite-candidate candidate` gives "
                  "the candidate's personal link")
    if not serve:
        return
    import uvicorn

    from ..web.app import create_app

    console.print(f"\n[bold green]postguard is running:[/] http://{settings.host}:{settings.port}/ui/ "
                  f"(API docs at /docs) — Ctrl-C to stop")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
