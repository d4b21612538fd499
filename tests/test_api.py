"""The public Python API: its names, its DataFrames, and the README's example, run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import mtreview
from tests.support.paths import REPO


def readme_example() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- python-api-example -->\n```python\n(.*?)```\n<!-- /python-api-example -->", text, re.S)
    assert match, "README.md lost its Python API example (between the python-api-example markers)"
    return match.group(1)


def test_the_readme_example_runs_as_written(tmp_path, monkeypatch):
    (tmp_path / "corpora").symlink_to(REPO / "corpora", target_is_directory=True)
    monkeypatch.chdir(tmp_path)  # the example writes reports/ where it runs
    names: dict = {}
    exec(compile(readme_example(), "README.md (Python API)", "exec"), names)
    # what the comments in the example say it shows
    by_category = names["findings"].groupby("category").size().to_dict()
    assert by_category == {"Fluency/Punctuation": 9, "Terminology/Inappropriate for context": 3}
    scores = names["mtreview"].scores_frame(names["review"]).set_index("metric")
    assert scores.loc["bleu", "corpus_score"] == pytest.approx(42.89, abs=0.01)
    assert scores.loc["chrf", "corpus_score"] == pytest.approx(73.63, abs=0.01)
    assert list(scores["segments"]) == [9, 9]
    assert names["run_dir"].is_dir() and names["run_dir"].parent.parent == Path("reports")
    runs, latest = names["runs"], names["latest"]
    assert [run.run_id for run in runs] == [names["review"].run_id]
    assert (latest.system, latest.findings, [s.metric for s in latest.scores]) == ("news-desk", 12, ["bleu", "chrf"])


def test_every_public_name_resolves_and_import_stays_light():
    code = ("import sys, mtreview; "
            "heavy = [m for m in ('pandas', 'sacrebleu', 'openpyxl', 'xlsxwriter', 'sqlite3') if m in sys.modules]; "
            "print(heavy)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=REPO).stdout.strip() == "[]"
    for name in mtreview.__all__:
        assert getattr(mtreview, name) is not None, name
    assert {"load_input", "align_texts", "check_corpus", "run_checks", "CheckOptions", "CheckContext", "score_pairs",
            "review_corpus", "ReviewOptions", "publish_review", "write_reports", "ingest_workbook",
            "open_history", "findings_frame", "pairs_frame", "scores_frame"} <= set(mtreview.__all__)
    assert set(mtreview.__all__) <= set(dir(mtreview))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        mtreview.nope  # noqa: B018
    assert mtreview.review.__name__ == "mtreview.review"  # the module, never shadowed by a function


def test_the_package_declares_its_types():
    assert (REPO / "mtreview" / "py.typed").is_file()
    assert '"mtreview" = ["py.typed"]' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_review_is_one_thing():
    import mtreview

    before = mtreview.review
    import mtreview.review  # noqa: F401

    assert mtreview.review is before and callable(mtreview.review_corpus)
