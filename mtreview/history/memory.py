"""The reviewers' side of the history: the decision log, segment corrections and reviewers' own findings.

Every entry belongs to a document of a corpus (mtreview.identity), so a decision on one article never
touches another unless the reviewer widened it to the corpus on purpose. Nothing is overwritten: each
ingested sheet appends entries with who, when and which sheet, and a finding's standing is the fold of
its entries in order, the latest winning, "open" included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from mtreview.errors import HistoryError
from mtreview.history.schema import DECISION_LOG_COLUMNS, REVIEWER_FINDING_COLUMNS, SEGMENT_EDIT_COLUMNS
from mtreview.history.sql import DECISIONS_LOCK, DbRow, SQLStore
from mtreview.history.store import Row
from mtreview.records import (
    REVIEWER_CHECK,
    CheckStats,
    Decision,
    FindingState,
    ReviewerFinding,
    ReviewerMemory,
    SegmentEdit,
    Severity,
)


def _fold(rows: Iterable[DbRow]) -> FindingState:
    """A finding's standing from its log entries, oldest first: each field takes its latest given value."""
    state = FindingState()
    for row in rows:
        changes: dict[str, str] = {}
        if row["decision"] is not None:
            changes.update(decision=row["decision"], scope=row["scope"], run_id=row["run_id"],
                           ingested=row["ingested"])
        if row["comment"] is not None:
            changes["comment"] = row["comment"]
        if row["reviewer"]:
            changes["reviewer"] = row["reviewer"]
        state = replace(state, **changes)
    return state


class ReviewerMemoryStore(SQLStore):
    """The reviewers' tables of a SQL history: mixed into both backends beside the run queries."""

    def record_decisions(self, decisions: Sequence[Decision], ingested: str, *,
                         edits: Sequence[SegmentEdit] = (), reviewer_findings: Sequence[ReviewerFinding] = (),
                         corpus: str | None = None, document: str | None = None) -> None:
        """Append a sheet's decisions, corrections and reviewer findings to the logs, all or nothing.
        Each entry belongs to `corpus`/`document`, or to those of its run. The decisions lock is held while
        they are appended, so that entries are numbered in the order their sheets commit: the latest
        ingested sheet wins, however many reviewers ingest at once."""
        runs = {d.run_id for d in decisions} | {e.run_id for e in edits} | {f.run_id for f in reviewer_findings}
        if not runs:
            return
        placeholders = ",".join("?" * len(runs))
        identity = {row["run_id"]: (row["corpus"], row["document"]) for row in self._query(
            f"SELECT run_id, corpus, document FROM runs WHERE run_id IN ({placeholders})", tuple(runs))}
        unknown = sorted(runs - set(identity))
        if unknown:
            raise HistoryError(f"{self.location}: no run {', '.join(unknown)} in the history")

        def where(run_id: str, entry_corpus: str = "", entry_document: str = "") -> tuple[str, str]:
            run_corpus, run_document = identity[run_id]
            return (corpus or entry_corpus or run_corpus, document or entry_document or run_document)

        try:
            with self._transaction(DECISIONS_LOCK):
                self._insert("decision_log", DECISION_LOG_COLUMNS, (
                    (*where(d.run_id, d.corpus, d.document), d.scope, d.fingerprint, d.run_id, d.decision,
                     d.comment, d.pair_id, d.check, d.source, d.target, d.reviewer, d.sheet, d.sheet_row, ingested)
                    for d in decisions))
                self._insert("segment_edits", SEGMENT_EDIT_COLUMNS, (
                    (*where(e.run_id), e.source, e.target, e.post_edit, e.comment, e.reviewer, e.run_id, e.pair_id,
                     e.sheet, e.sheet_row, ingested) for e in edits))
                self._insert("reviewer_findings", REVIEWER_FINDING_COLUMNS, (
                    (*where(f.run_id), f.fingerprint, f.source, f.target, f.category, f.severity.value, f.comment,
                     f.flagged, *(f.target_span or (None, None)), f.reviewer, f.run_id, f.pair_id, f.sheet,
                     f.sheet_row, ingested) for f in reviewer_findings))
        except HistoryError:
            raise
        except Exception as error:
            raise HistoryError(f"{self.location}: cannot store the decisions ({self._reason(error)}); "
                               "none was stored") from error

    def decisions(self, corpus: str, document: str | None = None) -> dict[str, FindingState]:
        """Each finding's standing by fingerprint: the entries of `document` and those widened to the whole
        corpus. document None: every document of the corpus (for a corpus-wide view)."""
        if document is None:
            rows = self._query("SELECT * FROM decision_log WHERE corpus = ? ORDER BY entry_id", (corpus,))
        else:
            rows = self._query("SELECT * FROM decision_log WHERE corpus = ? AND (document = ? OR scope = 'corpus')"
                               " ORDER BY entry_id", (corpus, document))
        by_fingerprint: dict[str, list[DbRow]] = {}
        for row in rows:
            by_fingerprint.setdefault(row["fingerprint"], []).append(row)
        return {fingerprint: _fold(entries) for fingerprint, entries in by_fingerprint.items()}

    def decision_log(self, *, run_id: str | None = None, corpus: str | None = None,
                     limit: int | None = None) -> list[Row]:
        """The log entries, oldest first, of the decisions taken on one run's sheet or in one corpus."""
        column, value = ("run_id", run_id) if run_id is not None else ("corpus", corpus)
        query = f"SELECT * FROM decision_log WHERE {column} = ? ORDER BY entry_id"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        return [dict(row) for row in self._query(query, (value,))]

    def segment_edits(self, corpus: str, document: str | None = None, *,
                      before: str | None = None) -> dict[str, SegmentEdit]:
        """The latest correction and comment per source sentence of a document (or of the whole corpus), as
        they stood at `before` (an ISO time, e.g. a run's) if given."""
        query, parameters = "SELECT * FROM segment_edits WHERE corpus = ?", [corpus]
        if document is not None:
            query += " AND document = ?"
            parameters.append(document)
        if before is not None:
            query += " AND ingested <= ?"
            parameters.append(before)
        edits: dict[str, SegmentEdit] = {}
        for row in self._query(query + " ORDER BY entry_id", tuple(parameters)):
            earlier = edits.get(row["source"], SegmentEdit(source=row["source"]))
            edits[row["source"]] = SegmentEdit(
                source=row["source"],
                post_edit=row["post_edit"] if row["post_edit"] is not None else earlier.post_edit,
                comment=row["comment"] if row["comment"] is not None else earlier.comment,
                reviewer=row["reviewer"] or earlier.reviewer, target=row["target"] or earlier.target,
                run_id=row["run_id"], pair_id=row["pair_id"], sheet=row["sheet"], sheet_row=row["sheet_row"])
        return edits

    def post_edits(self, corpus: str, document: str | None = None, *, before: str | None = None) -> dict[str, str]:
        """Reviewers' corrected translations by source sentence (an emptied correction withdraws it)."""
        return {source: edit.post_edit for source, edit in self.segment_edits(corpus, document, before=before).items()
                if edit.post_edit}

    def reviewer_findings(self, corpus: str, document: str | None = None) -> list[ReviewerFinding]:
        """The errors reviewers added in a document, once each (the same one ingested twice counts once)."""
        query, parameters = "SELECT * FROM reviewer_findings WHERE corpus = ?", [corpus]
        if document is not None:
            query += " AND document = ?"
            parameters.append(document)
        found: dict[tuple[str, str, str, str], ReviewerFinding] = {}
        for row in self._query(query + " ORDER BY entry_id", tuple(parameters)):
            span = (row["target_start"], row["target_end"]) if row["target_start"] is not None else None
            finding = ReviewerFinding(
                source=row["source"], target=row["target"], category=row["category"],
                severity=Severity(row["severity"]), comment=row["comment"], flagged=row["flagged"], target_span=span,
                reviewer=row["reviewer"], run_id=row["run_id"], pair_id=row["pair_id"], sheet=row["sheet"],
                sheet_row=row["sheet_row"])
            found.setdefault((row["document"], finding.fingerprint, row["target"], row["category"]), finding)
        return list(found.values())

    def memory(self, corpus: str, document: str) -> ReviewerMemory:
        """Everything the next round of a document needs from the earlier ones."""
        return ReviewerMemory(decisions=self.decisions(corpus, document),
                              edits=self.segment_edits(corpus, document),
                              findings=self.reviewer_findings(corpus, document))

    def check_stats(self, corpus: str | None = None) -> tuple[list[CheckStats], Counter[str]]:
        """Per check: distinct findings shown (a finding of a document counts once however many runs showed
        it) and their latest decisions; and the errors reviewers added, by category."""
        where, parameters = ("WHERE r.corpus = ?", (corpus,)) if corpus is not None else ("", ())
        shown = self._query(
            "SELECT DISTINCT r.corpus, r.document, f.check_id, f.fingerprint FROM findings f JOIN runs r USING (run_id) "
            + where, parameters)
        log_where, log_parameters = ("WHERE corpus = ?", (corpus,)) if corpus is not None else ("", ())
        entries: dict[tuple[str, str], list[DbRow]] = {}
        for row in self._query(f"SELECT * FROM decision_log {log_where} ORDER BY entry_id", log_parameters):
            entries.setdefault((row["corpus"], row["fingerprint"]), []).append(row)
        per_check: dict[str, Counter[str]] = {}
        shown_per_check: Counter[str] = Counter()
        for row in shown:
            if row["check_id"] == REVIEWER_CHECK:  # reviewers' own findings are counted below, by category
                continue
            shown_per_check[row["check_id"]] += 1
            applicable = [entry for entry in entries.get((row["corpus"], row["fingerprint"]), ())
                          if entry["document"] == row["document"] or entry["scope"] == "corpus"]
            per_check.setdefault(row["check_id"], Counter())[_fold(applicable).decision] += 1
        stats = [CheckStats(check, shown_per_check[check], per_check.get(check, Counter()))
                 for check in sorted(shown_per_check)]
        added: Counter[str] = Counter()
        rf_where = "WHERE corpus = ?" if corpus is not None else ""
        for row in self._query(f"SELECT DISTINCT corpus, document, fingerprint, category FROM reviewer_findings "
                               f"{rf_where}", log_parameters):
            added[row["category"]] += 1
        return stats, added

    def dismissed_fingerprints(self, corpus: str, document: str) -> set[str]:
        return {fp for fp, state in self.decisions(corpus, document).items() if state.dismissed}
