"""``postguard demo``: the main job on the embedded default (bundled demo policy and data)."""
from __future__ import annotations

import json
from importlib import resources

import typer
from rich.console import Console

from ..context import CheckContext
from ..engine import check
from ..output.text import render_text
from ..policy.loader import default_policy


def demo_drafts() -> list[dict]:
    text = resources.files("postguard.demo").joinpath("drafts.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def demo(
    color: bool = typer.Option(None, "--color/--no-color", help="Colour the output (default: when a terminal)."),
) -> None:
    """Check the bundled demo drafts (six languages) against the demo policy and print the results."""
    policy = default_policy()
    console = Console(no_color=color is False, force_terminal=color, highlight=False, soft_wrap=True)
    console.print(f"[bold]{policy.name}[/] · revision {policy.revision} · {policy.organisation.name}\n")
    verdicts: dict[str, int] = {}
    for number, draft in enumerate(demo_drafts(), 1):
        context = CheckContext(account=draft["account"], channel=draft["channel"])
        report = check(draft["text"], policy, context)
        verdicts[report.verdict.value] = verdicts.get(report.verdict.value, 0) + 1
        render_text(console, f"draft {number} ({draft['channel']}, {draft['account']})", draft["text"], report)
        console.print()
    summary = ", ".join(f"{verdicts.get(v, 0)} {v}" for v in ("pass", "warn", "block"))
    console.print(f"[bold]{len(demo_drafts())} drafts checked:[/] {summary}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
