"""``postguard advocacy import-engagement|report|team|mentions``: the advocacy programme for admins.

The operator at the shell acts as ``cli`` (an administrator); imports and team changes are audited.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError, UsageError
from ._service import DatabaseOption, DataDirOption, open_database, settings_from

advocacy_app = typer.Typer(help="Employee advocacy: engagement imports, reports, teams, hashtag counts.",
                           no_args_is_help=True)


def _date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a date like 2026-11-23") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None


@advocacy_app.command("import-engagement")
def import_engagement(
    file: Path = typer.Argument(..., help="A platform export: CSV, JSON array or JSON Lines."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Import likes, comments, shares and impressions per post (columns post_url, likes, comments,
    shares, impressions, optional date). A bad line stops the import with its line and column; nothing is stored then."""
    from ..advocacy.engagement import parse_export
    from ..auth.permissions import CLI_ACTOR
    from ..store import advocacy_metrics

    rows = parse_export(_read(file), str(file))
    db = open_database(settings_from(data_dir, database_url))
    try:
        with db.writer() as session:
            result = advocacy_metrics.import_engagement(session, actor=CLI_ACTOR, rows=rows, source=file.name)
            session.commit()
    finally:
        db.dispose()
    typer.echo(f"imported {result.rows} post-day(s); {result.matched} match a recorded share")
    for url in result.unmatched_urls:
        typer.echo(f"  no share has recorded {url} yet (kept; it counts once one does)")


@advocacy_app.command("report")
def report(
    by: str = typer.Option("campaign", "--by", help="campaign, team, employee or week"),
    fmt: str = typer.Option("text", "--format", help="text, json or csv"),
    since: Optional[str] = typer.Option(None, help="From this day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Up to and including this day (YYYY-MM-DD)."),
    campaign: Optional[str] = typer.Option(None, help="Only this campaign."),
    team: Optional[str] = typer.Option(None, help="Only this team."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Shares, clicks (people and bots apart) and engagement per campaign, team, employee or ISO week."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import advocacy_metrics

    if fmt not in ("text", "json", "csv"):
        raise UsageError(f"--format must be text, json or csv, not {fmt!r}")
    db = open_database(settings_from(data_dir, database_url), prepare=False)
    try:
        with db.reader() as session:
            rows = advocacy_metrics.report(session, actor=CLI_ACTOR, by=by, since=_date(since, "--since"),
                                           until=_date(until, "--until"), campaign=campaign, team=team)
    finally:
        db.dispose()
    if fmt == "csv":
        text = advocacy_metrics.to_csv(rows, by)
    elif fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        columns = (by, *advocacy_metrics.METRICS)
        table = [columns] + [tuple(str(row[c]) for c in columns) for row in rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
        text = "".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() + "\n" for line in table)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@advocacy_app.command("team")
def team(
    team_name: str = typer.Argument(..., metavar="TEAM", help="The team, e.g. sales."),
    usernames: list[str] = typer.Argument(..., help="The people to put in it."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Put people in a team (library items can target teams; reports group by team)."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import advocacy

    db = open_database(settings_from(data_dir, database_url))
    try:
        with db.writer() as session:
            for username in usernames:
                advocacy.update_profile(session, actor=CLI_ACTOR, username=username, team=team_name, set_team=True)
            session.commit()
    finally:
        db.dispose()
    typer.echo(f"{len(usernames)} person(s) in team {team_name}")


@advocacy_app.command("mentions")
def mentions(
    file: Path = typer.Argument(..., help="Incoming messages as JSON Lines (the inbox's import format)."),
    keyword: list[str] = typer.Option([], "--keyword", "-k", help="A keyword to count too (repeatable)."),
    policy: Optional[Path] = typer.Option(None, help="Policy whose campaign hashtags to count (default: the bundled demo)."),
) -> None:
    """Count the policy's campaign hashtags and the given keywords per ISO week in an incoming message stream."""
    from ..advocacy.measure import count_mentions
    from ..connectors.jsonl import read_jsonl
    from ..policy.loader import default_policy, load_policy

    active = load_policy(policy) if policy else default_policy()
    messages = read_jsonl(file)
    weeks = count_mentions(((m.text, m.received_at) for m in messages), active.advocacy.campaign_hashtags, keyword)
    terms = list(active.advocacy.campaign_hashtags) + list(keyword)
    typer.echo("week\t" + "\t".join(terms))
    for week in sorted(weeks):
        typer.echo(week + "\t" + "\t".join(str(weeks[week][t]) for t in terms))


def register(app: typer.Typer) -> None:
    app.add_typer(advocacy_app, name="advocacy")
