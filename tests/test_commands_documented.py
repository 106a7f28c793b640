"""Every command has help text and a section in docs/commands.md; every option has help."""
from __future__ import annotations

from pathlib import Path

import pytest
import typer

from postguard.cli import app

DOCS = Path(__file__).parent.parent / "docs" / "commands.md"


def _commands(group, prefix: str = "") -> list:
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}".strip()
        if hasattr(command, "commands"):  # a group (typer vendors its own click)
            found += _commands(command, path)
        else:
            found.append((path, command))
    return found


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_is_documented(path, command):
    assert (command.help or "").strip(), f"`postguard {path}` has no help text"
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option":
            assert (param.help or "").strip(), f"`postguard {path}` option {param.opts[0]} has no help"
    assert f"## postguard {path}\n" in DOCS.read_text(encoding="utf-8"), f"docs/commands.md lacks '## postguard {path}'"
