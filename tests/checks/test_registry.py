"""The checks registry: modules are discovered, every check declares its family, profiles and ITS type
where it is registered, and no check keeps a cache keyed by an object's id()."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

import mtreview.checks
from mtreview.checks import PROFILES, REGISTRY, CheckContext, available_checks, check, run_checks
from mtreview.checks.registry import DECLARED_PROFILES, ITS_ISSUE_TYPES, check_modules
from mtreview.formats.xliff import its_type
from mtreview.records import Category, Finding, Pair, Severity
from mtreview.terms import TermEntry

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
