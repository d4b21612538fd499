"""Consistency the way Xbench checks it: scoped per system and document, both directions, a
do-not-translate list; a term or name rendered two ways across the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtreview.checks import (
    CheckContext,
    run_checks,
)
from mtreview.cli import app
from mtreview.inputs import load_pairs_table
from mtreview.records import Pair, Severity
from mtreview.terms import load_terms
from tests.support.checkspec import SHIPPED

runner = CliRunner()

# Two news-desk documents; each system translates both. The repeated sentence of document "belarus"
# is the one a consistency check is for.
REPEATED = "中方愿同白方保持密切交往，深化各领域务实合作。"
BELARUS = [REPEATED, "习近平指出，中白是全天候全面战略伙伴。", REPEATED]
ECONOMY = ["国务院常务会议周三召开，部署稳就业措施。", "国务院全体会议周三召开，部署稳就业措施。",
           "中方愿同白方保持密切交往，深化各领域务实合作。"]
SYSTEMS = {
    # consistent everywhere
    "desk-a": {
        "belarus": ["China is ready to maintain close exchanges with Belarus and deepen practical cooperation "
                    "in all fields.",
                    "Xi pointed out that China and Belarus are all-weather comprehensive strategic partners.",
                    "China is ready to maintain close exchanges with Belarus and deepen practical cooperation "
                    "in all fields."],
        "economy": ["A State Council executive meeting on Wednesday set out measures to stabilise employment.",
                    "A plenary meeting of the State Council on Wednesday set out measures to stabilise employment.",
                    # the same source as in "belarus", worded otherwise: another document, not compared
                    "China will stay in close touch with Belarus and deepen practical cooperation across the board."],
    },
    # the repeated sentence with one word changed: a real inconsistency within one system and document
    "mt-b": {
        "belarus": ["China is ready to maintain close exchanges with Belarus and deepen practical cooperation "
                    "in all fields.",
                    "Xi noted that China and Belarus are all-weather comprehensive strategic partners.",
                    "China is ready to maintain close contacts with Belarus and deepen practical cooperation "
                    "in all fields."],
        "economy": ["The State Council executive meeting on Wednesday deployed measures to stabilise jobs.",
                    "The State Council plenary meeting on Wednesday deployed measures to stabilise jobs.",
                    "China is willing to keep close exchanges with Belarus and deepen practical cooperation."],
    },
    # one English sentence for two different sources (executive vs plenary meeting): the reverse direction
    "mt-c": {
        "belarus": ["China is willing to keep close contact with Belarus and deepen pragmatic cooperation "
                    "in various fields.",
                    "Xi Jinping pointed out that China and Belarus are all-weather comprehensive strategic partners.",
                    "China is willing to keep close contact with Belarus and deepen pragmatic cooperation "
                    "in various fields."],
        "economy": ["The State Council executive meeting was held on Wednesday to deploy job stabilisation measures.",
                    "The State Council executive meeting was held on Wednesday to deploy job stabilisation measures.",
                    "China is willing to keep close contact with Belarus and deepen pragmatic cooperation."],
    },
}
SOURCES = {"belarus": BELARUS, "economy": ECONOMY}
CORPUS_CHECKS = ["inconsistent-translation", "inconsistent-source", "term-inconsistent", "name-inconsistent"]


def _table(tmp_path: Path, *, columns: bool) -> Path:
    header = "id\tsystem\tdocument\tsource\ttarget" if columns else "id\tsource\ttarget"
    lines = [header]
    for system, documents in SYSTEMS.items():
        for document, targets in documents.items():
            for number, (source, target) in enumerate(zip(SOURCES[document], targets)):
                # ids that look like system:document:n — only the columns may scope the checks
                fields = [f"{system}:{document}:{number}"] + ([system, document] if columns else [])
                lines.append("\t".join(fields + [source, target]))
    path = tmp_path / ("scoped.tsv" if columns else "unscoped.tsv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _corpus_findings(path: Path):
    corpus = load_pairs_table(path)
    try:
        pairs = list(corpus.pairs)
    finally:
        corpus.pairs.close()
    return pairs, run_checks(pairs, select=CORPUS_CHECKS)


def test_table_columns_scope_consistency_to_one_system_and_document(tmp_path):
    pairs, findings = _corpus_findings(_table(tmp_path, columns=True))
    assert {(pair.system, pair.document) for pair in pairs} == {
        (system, document) for system in SYSTEMS for document in SOURCES}
    by_id = {pair.id: pair for pair in pairs}
    found = sorted((f.check, f.pair_id) for f in findings)
    assert found == [("inconsistent-source", "mt-c:economy:1"), ("inconsistent-translation", "mt-b:belarus:2")]
    [translation] = [f for f in findings if f.check == "inconsistent-translation"]
    # the span is the differing word, not the whole sentence, and the usual rendering is the suggestion
    assert by_id[translation.pair_id].target[slice(*translation.target_span)] == "contacts"
    assert translation.suggestion == "exchanges" and "mt-b:belarus:0" in translation.message
    [source] = [f for f in findings if f.check == "inconsistent-source"]
    assert "mt-c:economy:0" in source.message and "国务院常务会议" in source.message
    assert by_id[source.pair_id].source[slice(*source.source_span)] == "全体"


def test_without_the_columns_ids_are_not_guessed_and_the_table_is_one_corpus(tmp_path):
    pairs, findings = _corpus_findings(_table(tmp_path, columns=False))
    assert all(pair.system == "" and pair.document == "" for pair in pairs)
    across = [f for f in findings if f.check == "inconsistent-translation"]
    # renderings of other systems and documents are now compared: findings the scoped table never has
    assert any(not f.pair_id.startswith("mt-b:belarus") for f in across)


def test_free_wordings_and_punctuation_are_not_inconsistencies():
    source = "外交部发言人在例行记者会上回答了有关问题。"
    pairs = [Pair("1", source, "The foreign ministry spokesperson answered questions at the regular press briefing."),
             Pair("2", source, "At the regular press conference, a foreign ministry spokesman took related questions."),
             Pair("3", source, "The foreign ministry spokesperson answered questions at the regular press briefing"),
             Pair("4", source, "The foreign ministry spokesperson answered the questions at the regular press briefing."),
             Pair("5", source, "The Foreign Ministry spokesperson answered questions at the regular press briefing.")]
    found = run_checks(pairs, select=["inconsistent-translation"])
    # 2 is a free wording, 3 differs in punctuation, 4 in an article: nothing to reconcile; 5 in capitals
    assert [(f.pair_id, pairs[4].target[slice(*f.target_span)]) for f in found] == [("5", "Foreign Ministry")]


def test_short_or_trivial_shared_translations_are_not_reverse_inconsistencies():
    pairs = [Pair("1", "是。", "Yes."), Pair("2", "对。", "Yes."),
             Pair("3", "第一章", "Chapter One"), Pair("4", "第1章", "Chapter One"),
             Pair("5", "2023年", "2023"), Pair("6", "2023", "2023")]
    assert run_checks(pairs, select=["inconsistent-source"]) == []


def test_the_reverse_direction_ignores_punctuation_of_the_source():
    english = "The two sides signed a number of cooperation documents."
    pairs = [Pair("1", "双方签署了多项合作文件。", english), Pair("2", "双方签署了多项合作文件！", english),
             Pair("3", "双方签署了多项合作协议。", english)]
    [finding] = run_checks(pairs, select=["inconsistent-source"])
    assert finding.pair_id == "3" and finding.target_span is None
    assert pairs[2].source[slice(*finding.source_span)] == "协议"


DNT = ("HarmonyOS", "iPhone", "5G", "Kirin 9000S", "微信")


@pytest.mark.parametrize("source, target", [
    ("华为发布HarmonyOS 4，支持5G网络。", "Huawei released HarmonyOS 4, which supports 5G networks."),
    ("苹果公司推出iPhone 15。", "Apple launched the iPhone 15."),
    ("麒麟9000S芯片（Kirin 9000S）采用7纳米工艺。", "The Kirin 9000S chip uses a 7-nanometre process."),
    ("会议讨论了人工智能。", "The meeting discussed artificial intelligence."),  # nothing listed in the source
])
def test_do_not_translate_words_kept_as_the_source_writes_them(source, target):
    context = CheckContext(do_not_translate=DNT)
    assert run_checks([Pair("1", source, target)], context=context, select=["do-not-translate"]) == []


def test_do_not_translate_word_translated_or_recased_is_flagged():
    context = CheckContext(do_not_translate=DNT)
    pairs = [Pair("1", "华为发布HarmonyOS 4，支持5G网络。", "Huawei released Hongmeng OS 4, which supports 15G networks."),
             Pair("2", "苹果公司推出iPhone 15。", "Apple launched the IPHONE 15.")]
    found = run_checks(pairs, context=context, select=["do-not-translate"])
    assert [(f.pair_id, f.suggestion, f.severity) for f in found] == [
        ("1", "HarmonyOS", Severity.MAJOR), ("1", "5G", Severity.MAJOR), ("2", "iPhone", Severity.MAJOR)]
    assert found[0].target_span is None and pairs[0].source[slice(*found[0].source_span)] == "HarmonyOS"
    assert pairs[1].target[slice(*found[2].target_span)] == "IPHONE"
    # no list, no finding
    assert run_checks(pairs, select=["do-not-translate"]) == []


def test_dnt_option_reads_a_list_file(tmp_path):
    table = tmp_path / "pairs.tsv"
    table.write_text("id\tsource\ttarget\n1\t华为发布HarmonyOS 4。\tHuawei released Hongmeng OS 4.\n", encoding="utf-8")
    dnt = tmp_path / "dnt.tsv"
    dnt.write_text("term\tnote\n# brands\nHarmonyOS\tHuawei's system\n\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(table), "--dnt", str(dnt), "--format", "jsonl",
                                 "--select", "do-not-translate"])
    assert result.exit_code == 0, result.output
    [finding] = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert finding["check"] == "do-not-translate" and finding["suggestion"] == "HarmonyOS"
    missing = runner.invoke(app, ["check", str(table), "--dnt", str(tmp_path / "absent.txt")])
    assert missing.exit_code == 2 and "absent.txt" in missing.output


def test_inconsistent_translation_of_the_same_source():
    source = "中方愿同白方保持密切交往。"
    pairs = [Pair("a", source, "China is willing to keep close exchanges with Belarus."),
             Pair("b", source, "China is willing to keep close exchanges with Belarus."),
             Pair("c", source, "China is willing to keep close contacts with Belarus."),
             Pair("d", source, "China will stay in close touch with Belarus.")]  # a free wording: not reported
    [finding] = run_checks(pairs, context=SHIPPED, select=["inconsistent-translation"])
    assert finding.pair_id == "c" and "a" in finding.message
    assert pairs[2].target[slice(*finding.target_span)] == "contacts" and finding.suggestion == "exchanges"


def test_term_rendered_two_ways_across_the_corpus():
    pairs = [Pair("a", "抗击新冠肺炎疫情", "fight the COVID-19 epidemic"),
             Pair("b", "抗击新冠疫情", "fight the COVID-19 pandemic"),
             Pair("c", "新冠病毒", "the novel coronavirus"),
             Pair("d", "新冠病毒检测", "SARS-CoV-2 testing"),
             Pair("e", "新冠病毒变异", "SARS-CoV-2 variants")]
    [finding] = run_checks(pairs, context=SHIPPED, select=["term-inconsistent"])
    assert finding.pair_id == "c" and finding.suggestion == "SARS-CoV-2"


def test_consistency_compares_names_and_spellings_not_short_forms():
    pairs = [Pair("a", "联合国大会通过决议。", "The United Nations General Assembly adopted a resolution."),
             Pair("b", "联合国大会闭幕。", "The UN General Assembly closed."),
             Pair("c", "澳门特别行政区成立于1999年。", "The Macao Special Administrative Region was founded in 1999."),
             Pair("d", "澳门特别行政区政府表示", "The Macao SAR government said"),
             Pair("e", "澳门特别行政区行政长官", "the Chief Executive of the Macau SAR")]
    [finding] = run_checks(pairs, context=CheckContext(terms=tuple(load_terms())), select=["term-inconsistent"])
    assert finding.pair_id == "e" and finding.suggestion == "Macao Special Administrative Region"
