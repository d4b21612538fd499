"""The checks registry: modules are discovered, every check declares its family, profiles and ITS type
where it is registered, profiles and selection, severity that follows measured evidence, and no check
keeps a cache keyed by an object's id()."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mtreview.checks
import mtreview.checks.registry as checks_module
from mtreview.checks import (
    EVIDENCE_DECISIONS,
    PROFILES,
    REGISTRY,
    CheckContext,
    CheckInfo,
    Evidence,
    Hit,
    apply_evidence,
    available_checks,
    check,
    measured_evidence,
    run_checks,
    select_checks,
)
from mtreview.checks.registry import DECLARED_PROFILES, ITS_ISSUE_TYPES, check_modules
from mtreview.cli import app
from mtreview.errors import UnknownCheckError
from mtreview.formats.xliff import its_type
from mtreview.records import Category, Finding, Pair, Severity
from mtreview.terms import TermEntry
from tests.support.checkspec import NEW_CHECKS

CHECKS_DIR = Path(mtreview.checks.__file__).parent

DROPPED = '''
"""A family of checks that no list names."""

from mtreview.checks.registry import Hit, check
from mtreview.records import Category, Severity

PROFILES = ("accuracy",)


@check("dropped-in", Category.MISTRANSLATION, Severity.MAJOR, its_type="markup")
def dropped_in(pair, context):
    """A check in a module dropped into the package"""
    if "DROPPED" in pair.target:
        yield Hit("dropped in", target_span=(0, 7))
'''


@pytest.fixture
def dropped_module(tmp_path, monkeypatch):
    """A module put beside the shipped ones (on the package's path), removed again afterwards."""
    (tmp_path / "zz_dropped.py").write_text(DROPPED, encoding="utf-8")
    monkeypatch.setattr(mtreview.checks, "__path__", [*mtreview.checks.__path__, str(tmp_path)])
    importlib.invalidate_caches()
    yield "mtreview.checks.zz_dropped"
    REGISTRY.pop("dropped-in", None)
    sys.modules.pop("mtreview.checks.zz_dropped", None)


def test_a_module_dropped_into_the_package_registers_without_being_listed(dropped_module):
    assert dropped_module in check_modules()
    info = available_checks()["dropped-in"]
    # family: the module's name where it declares none; profiles and ITS type as declared
    assert (info.family, info.profiles, info.its_issue_type) == ("zz_dropped", ("accuracy",), "markup")
    assert PROFILES["accuracy"](info) and PROFILES["gate"](info) and not PROFILES["typography"](info)
    [finding] = run_checks([Pair("1", "源", "DROPPED here")], select=["dropped-in"])
    assert finding.check == "dropped-in" and finding.severity is Severity.MAJOR


def test_the_registry_and_the_engine_are_not_check_modules():
    modules = check_modules()
    assert "mtreview.checks.registry" not in modules and "mtreview.checks.engine" not in modules
    shipped = {path.stem for path in CHECKS_DIR.glob("*.py")} - {"__init__", "registry", "engine"}
    assert {module.rsplit(".", 1)[-1] for module in modules} == shipped


def test_every_check_declares_its_family_profiles_and_its_type():
    checks = available_checks()
    assert len(checks) >= 60
    for check_id, info in checks.items():
        module = sys.modules[info.function.__module__]
        assert info.family == module.FAMILY == module.__name__.rsplit(".", 1)[-1], check_id
        assert info.profiles == module.PROFILES and set(info.profiles) <= set(DECLARED_PROFILES), check_id
        assert info.its_type in ITS_ISSUE_TYPES, check_id
    # one profile per family, as the profiles have always been read
    assert {info.family for info in checks.values() if "typography" in info.profiles} == {
        "typography", "quotes", "spacing", "punctuation", "grammar", "whitespace", "spelling"}
    assert {info.family for info in checks.values() if "accuracy" in info.profiles} == {
        "untranslated", "alignment", "numbers", "markup", "units"}
    assert {info.family for info in checks.values() if "terminology" in info.profiles} == {
        "terminology", "names", "consistency", "pinyin"}


def test_a_declaration_out_of_the_lists_is_refused():
    def function(pair, context):
        return iter(())

    with pytest.raises(ValueError, match="unknown profile"):
        check("misdeclared", Category.GRAMMAR, Severity.MINOR, profiles=("typo",))(function)
    with pytest.raises(ValueError, match="no ITS 2.0 issue type"):
        check("misdeclared", Category.GRAMMAR, Severity.MINOR, its_type="grammer")(function)
    assert "misdeclared" not in REGISTRY


def _finding(check_id: str, category: str) -> Finding:
    return Finding(pair_id="1", check=check_id, category=category, severity=Severity.MINOR, message="m")


def test_xliff_writes_the_its_type_the_check_declares():
    assert its_type(_finding("number-missing", Category.OMISSION)) == "numbers"
    assert its_type(_finding("number-mismatch", Category.MISTRANSLATION)) == "numbers"
    assert its_type(_finding("missing-space", Category.PUNCTUATION)) == "whitespace"
    assert its_type(_finding("spaced-hyphen", Category.PUNCTUATION)) == "typographical"
    assert its_type(_finding("term-inconsistent", Category.TERMINOLOGY_INCONSISTENT)) == "inconsistency"
    # a desk rule's check (or a finding from elsewhere): its category's type
    assert its_type(_finding("rule:no-very", Category.AWKWARD)) == "style"
    assert its_type(_finding("rule:other", "Other/Unknown")) == "other"


def _calls_id(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id"
               for node in ast.walk(tree))


def test_no_check_keys_a_cache_by_id():
    assert [path.name for path in sorted(CHECKS_DIR.glob("*.py")) if _calls_id(path)] == []


def test_each_context_keeps_its_own_term_index_whatever_the_order_checks_run_in():
    forbidden = (TermEntry("新冠肺炎", ("COVID-19",), forbidden=("new crown pneumonia",)),)
    pair = Pair("1", "新冠肺炎疫情", "The new crown pneumonia epidemic")
    with_terms, without = CheckContext(terms=forbidden), CheckContext(terms=())
    for _ in range(2):  # interleaved: the same pair, one list then the other
        assert [f.check for f in run_checks([pair], context=with_terms, select=["term-forbidden"])] == [
            "term-forbidden"]
        assert run_checks([pair], context=without, select=["term-forbidden"]) == []
    # a context whose list is replaced is indexed again
    without.terms = forbidden
    assert [f.check for f in run_checks([pair], context=without, select=["term-forbidden"])] == ["term-forbidden"]


def test_check_modules_import_the_registry_not_the_package():
    """The package re-exports the registry and the engine; a check module importing the package back
    would be a cycle (imports inside functions count)."""
    for path in CHECKS_DIR.glob("*.py"):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "mtreview.checks", path.name
                if path.name == "registry.py":
                    assert not (node.module or "").startswith("mtreview.checks"), path.name
            elif isinstance(node, ast.Import):
                assert all(alias.name != "mtreview.checks" for alias in node.names), path.name


# --- titles, selection and profiles -------------------------------------------------------------

def test_registry_has_titles_categories_and_severities():
    checks = available_checks()
    assert {"apostrophe", "cjk-punctuation", "fullwidth-form", "untranslated", "missing-space",
            "double-space", "term-forbidden", "term-missing", "term-capitalisation"} <= set(checks)
    assert checks["apostrophe"].title == "Wrong character used as an apostrophe (China‘s)"
    assert all(info.category.count("/") == 1 for info in checks.values())


def test_select_and_exclude():
    assert [c.id for c in select_checks(["apostrophe", "double-space"], ["double-space"])] == ["apostrophe"]
    with pytest.raises(UnknownCheckError, match="no-such-check"):
        select_checks(["no-such-check"])


def test_profiles():
    assert {c.id for c in select_checks(profile="typography")} >= {"apostrophe", "missing-space", "quote-pairing"}
    assert "number-mismatch" not in {c.id for c in select_checks(profile="typography")}
    assert all(c.severity.rank >= Severity.MAJOR.rank for c in select_checks(profile="gate"))
    with pytest.raises(UnknownCheckError, match="unknown profile 'strict'"):
        select_checks(profile="strict")


runner = CliRunner()


# --- severity follows evidence --------------------------------------------------------------------

def test_checks_command_shows_each_checks_measured_precision():
    result = runner.invoke(app, ["checks"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.split()}
    assert "precision" in lines["check"]
    evidence = measured_evidence()
    assert evidence, "mtreview/checks/evidence.json is shipped with the package"
    for check_id, info in available_checks().items():
        columns = lines[check_id].split()
        expected = f"{evidence[check_id].precision:.2f}" if check_id in evidence else "-"
        assert columns[2] == expected, lines[check_id]
        assert columns[1] == (info.severity.value if info.default_on else "off")


def test_the_evidence_file_says_how_and_when_it_was_measured():
    data = json.loads(checks_module.EVIDENCE_FILE.read_text(encoding="utf-8"))
    assert "WMT23 zh-en" in data["measured_on"] and "checks_vs_mqm.py" in data["how"] and data["date"]
    for row in data["checks"].values():
        assert 0 <= row["precision"] <= 1 and row["findings"] >= 1
        assert row["precision"] == pytest.approx(row["span_hits"] / row["findings"], abs=0.001)


def test_registry_follows_the_shipped_evidence():
    for check_id, info in available_checks().items():
        evidence = measured_evidence().get(check_id)
        if check_id in EVIDENCE_DECISIONS:
            action = EVIDENCE_DECISIONS[check_id][0]
            assert info.default_on == (action != "off") and info.demoted == (action == "lower"), check_id
        elif evidence is None or evidence.findings < 20 or evidence.precision >= 0.5:
            assert info.default_on and info.demoted == 0, check_id
        elif evidence.precision < 0.25 and not info.gate:
            assert not info.default_on, check_id
        else:
            assert info.demoted == 1 and info.default_on, check_id


def _declared(check_id: str) -> CheckInfo:
    info = available_checks()[check_id]
    return replace(info, evidence=None, default_on=True, demoted=0)


@pytest.mark.parametrize("precision, findings, action", [
    (0.9, 100, "declared"), (0.1, 19, "declared"), (0.45, 40, "lower"), (0.2, 40, "off")])
def test_evidence_rule(monkeypatch, precision, findings, action):
    info = replace(_declared("doubled-word"), severity=Severity.MAJOR)
    monkeypatch.setattr(checks_module, "measured_evidence", lambda: {"doubled-word": Evidence(precision, findings)})
    judged = apply_evidence(info)
    assert judged.evidence == Evidence(precision, findings)
    assert judged.default_on == (action != "off")
    assert judged.severity == (Severity.MINOR if action == "lower" else Severity.MAJOR)
    # a hit's own severity is lowered with the check's
    assert judged.severity_of(Hit("x", severity=Severity.CRITICAL)) == (
        Severity.MAJOR if action == "lower" else Severity.CRITICAL)


def test_a_check_with_no_evidence_runs_as_declared(monkeypatch):
    monkeypatch.setattr(checks_module, "measured_evidence", lambda: {})
    info = _declared("doubled-word")
    assert apply_evidence(info) == info


def test_a_check_off_by_default_runs_when_selected(monkeypatch):
    pair = Pair("1", "双方同意加强合作。", "The two sides agreed to to strengthen cooperation.")
    assert [f.check for f in run_checks([pair])] == ["doubled-word"]
    monkeypatch.setattr(checks_module, "measured_evidence", lambda: {"doubled-word": Evidence(0.1, 50)})
    monkeypatch.setitem(REGISTRY, "doubled-word", apply_evidence(_declared("doubled-word")))
    assert run_checks([pair]) == []
    assert run_checks([pair], profile="typography") == []
    [finding] = run_checks([pair], select=["doubled-word"])
    assert finding.check == "doubled-word" and finding.severity == REGISTRY["doubled-word"].severity
    result = runner.invoke(app, ["checks"])
    [row] = [line for line in result.output.splitlines() if line.startswith("doubled-word ")]
    assert row.split()[1:3] == ["off", "0.10"]


def test_a_lowered_check_reports_one_severity_lower(monkeypatch):
    pair = Pair("1", "双方同意加强合作。", "The two sides agreed to to strengthen cooperation.")
    [declared] = run_checks([pair], select=["doubled-word"])
    monkeypatch.setattr(checks_module, "measured_evidence", lambda: {"doubled-word": Evidence(0.4, 50)})
    monkeypatch.setitem(REGISTRY, "doubled-word", apply_evidence(_declared("doubled-word")))
    [lowered] = run_checks([pair])
    assert lowered.severity.rank == max(declared.severity.rank - 1, 0)


# --- the checks added beside pofilter's ---------------------------------------------------------

def test_more_checks_than_pofilter_with_titles_examples_and_known_categories():
    checks = available_checks()
    assert NEW_CHECKS <= set(checks)
    assert len(checks) >= 45 > 42  # pofilter's default set has 42 filters
    categories = {value for name, value in vars(Category).items() if name.isupper()}
    for check_id in NEW_CHECKS:
        info = checks[check_id]
        assert info.category in categories, check_id
        assert info.title[0].isupper() or info.title[0] == "“", check_id
        assert not info.corpus and not info.gate, check_id
    # the titles carry an example, as the older ones do
    assert checks["article-agreement"].title.endswith("(a uncertainty, an yearly decline)")
    assert checks["percentage-point"].severity is Severity.MAJOR
    assert checks["tone-marks"].severity is Severity.MINOR


def test_new_families_are_in_the_profiles():
    checks = available_checks()
    in_profile = {name: {c for c, info in checks.items() if PROFILES[name](info)} for name in PROFILES}
    assert {"url-mismatch", "placeholder-mismatch", "currency-mismatch", "unit-mismatch"} <= in_profile["accuracy"]
    assert {"article-agreement", "repeated-punctuation", "edge-whitespace"} <= in_profile["typography"]
    assert "tone-marks" in in_profile["terminology"]
    assert {"currency-mismatch", "placeholder-mismatch"} <= in_profile["gate"]
    assert "article-agreement" not in in_profile["gate"]
