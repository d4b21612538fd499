"""Publishing under hard stops: a run folder exists only for a recorded run, whatever kills the run, and
what a killed run leaves (a staging folder, a folder the history never recorded) is cleaned by the next."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.cli import app
from mtreview.history import history_exists, open_history
from mtreview.inputs import load_corpus_dir
from tests.support.paths import REPO, XINHUA
from tests.support.workspace import Workspace

CITIES = ["Beijing", "Minsk", "Shanghai", "Hangzhou", "Guangzhou", "Shenzhen", "Nanjing", "Wuhan"]
CITIES_ZH = ["北京", "明斯克", "上海", "杭州", "广州", "深圳", "南京", "武汉"]


def big_table(path: Path, rows: int) -> Path:
    """A table large enough that a review takes seconds: news-like sentences with numbers and dates."""
    lines = ["id\tsource\ttarget\treference"]
    for i in range(rows):
        city, city_zh = CITIES[i % 8], CITIES_ZH[i % 8]
        lines.append(f"{i}\t代表团于9月{i % 28 + 1}日访问{city_zh}，签署了{i % 50 + 2}项协议。\t"
                     f"The delegation visited {city} on September {i % 28 + 1} and signed {i % 50 + 2} agreements.\t"
                     f"On September {i % 28 + 1} the delegation visited {city}, signing {i % 50 + 2} agreements.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def recorded(history: str | Path) -> set[str]:
    if not history_exists(history):
        return set()
    with open_history(history, create=False) as store:
        return store.run_ids()


@pytest.mark.parametrize("delay", [0.8, 2.0, 3.5])
def test_sigterm_at_any_moment_leaves_a_recorded_run_or_nothing(tmp_path: Path, delay: float):
    table = big_table(tmp_path / "news.tsv", 6000)
    out, history = tmp_path / "out", tmp_path / "out" / "history.sqlite"
    process = subprocess.Popen([sys.executable, "-m", "mtreview", "review", str(table), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=120)
    runs = recorded(history)
    folders = [p.name for p in (out / "news").iterdir()] if (out / "news").exists() else []
    if process.returncode == 0:  # it finished before the signal came
        assert len(runs) == 1 and folders == list(runs)
        return
    # Killed by the default action (-SIGTERM): the signal came while the interpreter was shutting down after
    # the run (it restores the default handlers there; seen on a loaded machine) or before it had started.
    if process.returncode != -signal.SIGTERM:
        assert process.returncode == 143 and stderr.strip().splitlines()[-1] == "mtreview: terminated", stderr
        assert "Traceback" not in stderr
    # terminated before the run was published: nothing; after (while printing the summary): the whole run
    assert folders == sorted(runs) and len(runs) <= 1, (runs, folders)
    # nothing of XlsxWriter's or ours in the temporary folder either
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


class _Stopped(Exception):
    pass


@pytest.mark.parametrize("when", ["after the commit", "between the rename and the commit"])
def test_a_signal_at_the_commit_leaves_the_whole_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str):
    """A SIGTERM just after the history commits (seen in CI at the 3.5 s delay above) used to remove the
    folder of a run the history had recorded; one just before the commit must not split them either."""
    from mtreview.history.sqlite import SQLiteHistory
    from mtreview.publish import publish_review
    from mtreview.review import ReviewOptions, review_corpus

    history = tmp_path / "history.sqlite"
    review = review_corpus(load_corpus_dir(XINHUA), ReviewOptions(history_path=history))

    def stop(signum, frame):
        raise _Stopped()

    def then_signal(step):
        def stepped(*args):
            step(*args)
            if when == "after the commit" or Path(args[1]).name == review.run_id:  # the run folder's rename only
                signal.raise_signal(signal.SIGTERM)
        return stepped

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with monkeypatch.context() as patch:
            if when == "after the commit":
                patch.setattr(SQLiteHistory, "close", then_signal(SQLiteHistory.close))
            else:
                patch.setattr("mtreview.publish.os.replace", then_signal(os.replace))
            with pytest.raises(_Stopped):  # the signal still reaches its handler, once the run is published
                publish_review(review, tmp_path / "out", history)
        assert signal.getsignal(signal.SIGTERM) is stop
    finally:
        signal.signal(signal.SIGTERM, previous)
    folders = [p.name for p in (tmp_path / "out" / "xinhua-belarus").iterdir()]
    assert folders == sorted(recorded(history)) == [review.run_id]


def test_the_next_run_cleans_what_a_killed_run_left(tmp_path: Path, history_location):
    out, history = tmp_path / "out", history_location
    runner = CliRunner()
    first = runner.invoke(app, ["review", str(XINHUA), "--out", str(out), "--history", str(history)])
    assert first.exit_code == 0, first.output
    [run_dir] = [p for p in (out / "xinhua-belarus").iterdir()]
    # What SIGKILL leaves: a run folder put in place whose history transaction never committed (its
    # scores.json names this history), and a staging folder of a process that is gone.
    orphan = run_dir.parent / "20200101T000000Z-0ae1f2"
    shutil.copytree(run_dir, orphan)
    scores = json.loads((orphan / "scores.json").read_text(encoding="utf-8"))
    scores["run_id"] = orphan.name
    (orphan / "scores.json").write_text(json.dumps(scores), encoding="utf-8")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import re
    import socket

    host = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40]
    staging = run_dir.parent / f".20200101T000001Z-0bbbbb.staging.{host}.{dead.pid}.x1y2"
    staging.mkdir()
    (staging / "review.xlsx").write_bytes(b"half")
    # A folder of another history (same --out, another --history) is not ours to remove.
    foreign = run_dir.parent / "20200101T000002Z-0ccccc"
    shutil.copytree(run_dir, foreign)
    scores["history"] = str(tmp_path / "other.sqlite")
    (foreign / "scores.json").write_text(json.dumps(scores), encoding="utf-8")

    second = runner.invoke(app, ["review", str(XINHUA), "--out", str(out), "--history", str(history)])
    assert second.exit_code == 0, second.output
    names = {p.name for p in (out / "xinhua-belarus").iterdir()}
    assert orphan.name not in names and staging.name not in names and foreign.name in names
    assert names - {foreign.name} == recorded(history)


@pytest.mark.parametrize("name, folder", [("../../escaped", "_.._.._escaped"), ("/etc", "_etc"), ("a/b", "a_b"),
                                          ("..", "_..")])
def test_a_corpus_name_never_leaves_out(tmp_path: Path, name: str, folder: str):
    corpus = tmp_path / "corpus"
    shutil.copytree(XINHUA, corpus)
    manifest = corpus / "corpus.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('name = "xinhua-belarus"', f"name = {json.dumps(name)}"), encoding="utf-8")
    assert json.dumps(name) in manifest.read_text(encoding="utf-8")
    out = tmp_path / "deep" / "out"
    result = CliRunner().invoke(app, ["review", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir() if p.is_dir()] == [folder]
    assert f"its reports are in the folder '{folder}'" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "deep"]


def _with_ctrl_c() -> None:
    """In the child, before mtreview starts: SIGINT back to its default. A shell without job control
    starts background commands with SIGINT ignored (CI launched with `&`), and Python then never turns
    it into a KeyboardInterrupt, so the run would finish instead."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_to_the_process_group_prints_one_line(tmp_path: Path):
    table = big_table(tmp_path / "news.tsv", 25000)  # large enough for the worker processes
    process = subprocess.Popen([sys.executable, "-m", "mtreview", "check", str(table), "--format", "jsonl"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=_with_ctrl_c)
    time.sleep(3.0)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.fail("the check finished before Ctrl-C; make the table larger")
    assert process.returncode == 130 and stderr.strip() == "mtreview: interrupted", stderr


def test_a_corpus_name_given_on_the_command_line_is_made_safe_too(tmp_path: Path, history_location):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["review", str(XINHUA), "--out", str(out), "--corpus", "desk\n../x",
                                      "--history", str(history_location)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir() if p.is_dir()] == ["desk_.._x"]
    with open_history(history_location, create=False) as store:  # the history keeps the name as given
        assert [run.corpus for run in store.runs()] == ["desk\n../x"]


# --- Ctrl-C in the middle of a run ----------------------------------------------------------------


@pytest.mark.parametrize("delay", [2.0, 3.5])
def test_ctrl_c_mid_run_leaves_nothing_behind(ws: Workspace, delay: float):
    """SIGINT exits 130 (128 + SIGINT, as shells report it) with one line "mtreview: interrupted",
    and the run leaves no folder, no staging folder and no history rows."""
    rows = ["id\tsource\ttarget"] + [
        f"p{i}\t中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助{i}。\tChina will help Belarus fight the "
        f"new crown pneumonia epidemic {i}, China‘s friend." for i in range(30000)]  # minutes of work: the signal always lands mid-run
    table = ws.write("big.tsv", "\n".join(rows) + "\n")
    process = subprocess.Popen([sys.executable, "-m", "mtreview", "review", str(table), "--out", str(ws.out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                               preexec_fn=_with_ctrl_c)
    time.sleep(delay)
    if process.poll() is not None:
        pytest.fail(f"the run finished before the interrupt: {process.stderr.read()}")
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, (process.returncode, stderr)
    assert stderr.splitlines() == ["mtreview: interrupted"], stderr
    assert "Recorded run" not in stdout
    ws.assert_unchanged()


def _can_mount() -> bool:
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


def test_a_full_disk_leaves_one_line_and_nothing_behind(tmp_path: Path):
    """The reports folder on a 600 KB file system (a namespace of its own, as root): the review fails with
    one line and exit 2, and neither the folder nor $TMPDIR keeps anything."""
    if os.geteuid() != 0 or not _can_mount():
        pytest.skip("needs root and mount namespaces (unshare -m) to make a small full file system")
    lines = ["id\tsource\ttarget"] + [f"{i}\t代表团于9月{i % 28 + 1}日访问北京，签署了{i % 50 + 2}项协议。\t"
                                      f"The delegation visited Beijing on September {i % 28 + 1} and signed "
                                      f"{i % 50 + 2} agreements, China‘s." for i in range(4000)]
    table = tmp_path / "news.tsv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, temporary = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    temporary.mkdir()
    script = (f"mount -t tmpfs -o size=600k tmpfs {out} && TMPDIR={temporary} {sys.executable} -m mtreview review "
              f"{table} --out {out}; code=$?; find {out} -mindepth 1; exit $code")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    assert ".staging." not in result.stderr and f"{out}/news/" in result.stderr
    assert result.stdout == ""  # find printed nothing: no run folder, no staging, no history, no empty folder
    assert list(temporary.iterdir()) == []
