"""The report for people: each finding with its line, the span underlined, and the "do instead".

    draft.txt:1:13: PG202 phone-number [block]
      Ring meg på 912 34 567 etter klokka fire
                  ^^^^^^^^^^
      A phone number …
      do instead: …
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape

from ..findings import Report
from ..languages import direction
from .labels import label, unread_note
from .positions import LineIndex

_STYLE = {"block": "bold red", "warn": "yellow", "info": "cyan"}
_VERDICT_STYLE = {"block": "bold red", "warn": "bold yellow", "pass": "bold green"}


def render_text(console: Console, source: str, text: str, report: Report, texts: dict[str, str] | None = None) -> None:
    """Print one report. ``texts`` maps an e-mail's part names to their text; a plain draft has one."""
    texts = texts or {"text": text}
    indexes = {part: LineIndex(body) for part, body in texts.items()}
    lang = report.language if report.language != "und" else "en"
    for finding in report.findings:
        index = indexes.get(finding.part) or indexes[next(iter(indexes))]
        line, column = index.position(finding.start)
        where = source if finding.part == "text" else f"{source} ({finding.part})"
        style = _STYLE[finding.severity.value]
        console.print(f"[bold]{escape(where)}:{line}:{column}:[/] [{style}]{finding.code} {finding.slug} \\[{finding.severity.value}][/]",
                      highlight=False)
        line_text = index.line_text(line)
        console.print(f"  {escape(line_text)}", highlight=False)
        if direction(report.language) == "ltr":
            end_column = min(finding.end - index.starts[line - 1], len(line_text))
            pad = cell_len(line_text[: column - 1])
            width = max(1, cell_len(line_text[column - 1:end_column]))
            console.print("  " + " " * pad + f"[{style}]" + "^" * width + "[/]", highlight=False)
        else:
            # Terminals lay out right-to-left text differently; quote the span instead of pointing at it.
            console.print(f"  [{style}]» {escape(finding.excerpt)} «[/]", highlight=False)
        console.print(f"  {escape(finding.message)}", highlight=False)
        if finding.suggestion:
            console.print(f"  [green]{label('do_instead', lang)}:[/] {escape(finding.suggestion)}", highlight=False)
        if finding.signal != "pattern" or finding.confidence < 1:
            console.print(f"  [dim]{label('signal', lang)}: {finding.signal} ({finding.confidence:.0%})[/]", highlight=False)
    for skipped in report.skipped:
        console.print(f"[dim]{escape(source)}: {label('not_checked', lang)} {skipped.code}: {escape(skipped.reason)}[/]", highlight=False)
    if report.unread_language:
        note = unread_note(report.unread_language, len(report.skipped), lang)
        console.print(f"[yellow]{escape(source)}: {escape(note)}[/]", highlight=False)
    counts = {s: sum(1 for f in report.findings if f.severity.value == s) for s in ("block", "warn", "info")}
    detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    verdict = report.verdict.value
    shown = report.unread_language if report.unread_language not in (None, "und") else report.language
    language = f"{shown} ({label('detected', lang)})" if report.language_detected else shown
    console.print(
        f"[bold]{escape(source)}:[/] [{_VERDICT_STYLE[verdict]}]{label('verdict_' + verdict, lang)}[/] · "
        f"{label('findings', lang)}: {len(report.findings)}{f' ({detail})' if detail else ''} · "
        f"{label('language', lang)}: {language} · {escape(report.policy_name)} {escape(report.policy_version)}",
        highlight=False,
    )
