"""The app: every command and option has help that reads like help, every command and option a README entry
(as in sqlite-utils), one error path, and `mtreview --help` stays light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.cli.options import CometChoice, comet_options
from tests.support.paths import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _commands(command=None, path=()):
    """(path, click command) for every command under the app, groups included."""
    command = command or typer.main.get_command(app)
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


COMMANDS = [path for path, command in _commands() if path]
LEAVES = [path for path, command in _commands() if path and not getattr(command, "commands", None)]


def _command(path):
    return dict(_commands())[tuple(path)]


def _help(path) -> str:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_and_a_readme_entry(path):
    command = _command(path)
    assert (command.help or "").strip(), f"mtreview {' '.join(path)} has no help text"
    assert re.search(rf"mtreview {' '.join(path)}(?![\w-])", README), f"README has no `mtreview {' '.join(path)}`"


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda path: " ".join(path) or "mtreview")
def test_every_option_and_argument_has_help(path):
    missing = [param.name for param in _command(path).params
               if not param.hidden and not (getattr(param, "help", None) or "").strip()]
    assert not missing, f"mtreview {' '.join(path)}: no help for {missing}"


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda path: " ".join(path) or "mtreview")
def test_every_option_has_a_readme_entry(path):
    """As sqlite-utils documents every option: each shown long option is named in the README (the hidden
    old COMET names are not shown, so not asked for)."""
    missing = [option for param in _command(path).params if not param.hidden
               for option in param.opts if option.startswith("--") and option != "--help"
               and not re.search(rf"{re.escape(option)}(?![\w-])", README)]
    assert not missing, f"README does not mention mtreview {' '.join(path)} {', '.join(missing)}"


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda path: " ".join(path) or "mtreview")
def test_help_reads_like_help_and_dash_h_works(path):
    text = _help(path)
    assert runner.invoke(app, [*path, "-h"]).output == text
    assert not re.search(r"<(bool|str|int|float|path|list\[\w+\])", text, re.I), text  # typer's type labels
    assert not re.search(r"\{\w+\}", text), text  # typer's {inputs} for a required argument


def test_rich_markup_does_not_eat_brackets():
    assert "mtreview[plot]" in " ".join(_help(("history", "trend")).split())


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_comet_options_are_prefixed_and_the_old_names_hidden(path):
    text = _help(path)
    if "--comet-model" not in text:
        return
    for name in ("--comet-batch-size", "--comet-threads", "--comet-precision", "--comet-cache", "--no-comet-cache"):
        assert name in text
    for old in ("--batch-size", "--threads", "--precision", "--cache", "--no-cache"):
        assert not re.search(rf"(?<![\w-]){old}(?![\w-])", text), f"{old} shown in mtreview {' '.join(path)}"


def test_old_comet_option_names_still_parse():
    seen = []

    @comet_options
    def command(comet: CometChoice = CometChoice()):  # noqa: B008 (typer style)
        seen.append(comet)

    probe = typer.Typer()
    probe.command()(command)
    probe.command("other")(lambda: None)  # a group, so the command is invoked by name
    result = runner.invoke(probe, ["command", "--batch-size", "3", "--threads", "2", "--precision", "fp32",
                                   "--cache", "c.sqlite", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert seen[-1] == CometChoice(batch_size=3, threads=2, precision="fp32", cache=Path("c.sqlite"), no_cache=True)
    result = runner.invoke(probe, ["command", "--comet-batch-size", "5", "--comet-precision", "bf16"])
    assert result.exit_code == 0, result.output
    assert (seen[-1].batch_size, seen[-1].precision, seen[-1].no_cache) == (5, "bf16", False)


def test_bad_parameter_in_a_command_is_one_line_exit_2(tmp_path):
    result = runner.invoke(app, ["history", "list", "--since", "last week", "--history", str(tmp_path / "h.sqlite")])
    assert result.exit_code == 2
    assert result.stderr.startswith("mtreview: error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Usage" not in result.output


def test_a_usage_error_is_exit_2():
    assert runner.invoke(app, ["check", "--no-such-option"]).exit_code == 2


def test_help_imports_nothing_heavy():
    code = ("import sys, runpy; sys.argv = ['mtreview', '--help']\n"
            "try:\n    runpy.run_module('mtreview', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'sacrebleu', 'openpyxl', 'xlsxwriter', 'torch') if m in sys.modules),"
            " file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


TOP_LEVEL_COMMANDS = ["review", "align", "check", "checks", "score", "ingest"]


@pytest.mark.parametrize("command", TOP_LEVEL_COMMANDS)
def test_every_command_has_help_with_an_example_and_a_readme_entry(command: str):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: mtreview " + command in " ".join(result.output.split())
    assert re.search(rf"mtreview {command}(?![\w-])", (REPO / "README.md").read_text(encoding="utf-8"))


def test_python_dash_m_and_fast_help():
    result = subprocess.run([sys.executable, "-m", "mtreview", "--help"], capture_output=True, text=True,
                            check=True)
    assert "review" in result.stdout
    # --help must not import the heavy parts
    code = "import sys, mtreview.cli; print(sorted(m for m in ('pandas', 'torch', 'xlsxwriter', 'sacrebleu') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
