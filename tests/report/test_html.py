"""The standalone HTML review page: escaped, filterable, capped with a note."""

from __future__ import annotations

from mtreview.report.html import write_review_html
from tests.support.spilled_review import spilled, xinhua_review


def test_review_html_is_standalone_escaped_and_filterable(written, tmp_path):
    page = written["html"].read_text(encoding="utf-8")
    assert "<mark>China‘s</mark>" in page
    assert "http://" not in page and "https://" not in page and "src=" not in page  # nothing fetched
    assert 'name="severity" value="major"' in page and 'name="category"' in page
    from mtreview.report.html import marked

    assert marked("<script>alert(1)</script> China‘s", (26, 33)) == \
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>China‘s</mark>"


FINDING_ROW = '<tr data-category="'


def test_capped_html_says_so_and_holds_that_many_rows(tmp_path, no_random_access):
    review = xinhua_review()
    total = len(review.findings)
    assert total > 5
    capped = {}
    for name, copy in (("memory", review), ("spill", spilled(review))):
        capped[name] = tmp_path / f"{name}.html"
        write_review_html(copy, capped[name], max_findings=5)
    assert capped["memory"].read_bytes() == capped["spill"].read_bytes()
    page = capped["memory"].read_text(encoding="utf-8")
    assert page.count(FINDING_ROW) == 5
    assert f"This page shows the first 5 of {total} findings" in page
    assert "findings.csv and findings.jsonl" in page
    assert '<span id="shown">5</span> of 5' in page
    assert f"{total} findings (" in page  # the run line still counts all of them
    # the rows are the first five of the full page, in the same order
    full = tmp_path / "full.html"
    write_review_html(review, full)
    full_page = full.read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith(FINDING_ROW)]
    assert rows == [line for line in full_page.splitlines() if line.startswith(FINDING_ROW)][:5]
    assert "This page shows the first" not in full_page and full_page.count(FINDING_ROW) == total
    # only the categories and severities of the rows shown are offered as filters
    shown_categories = {line.split('"')[1] for line in rows}
    offered = {part.split('"')[0] for part in page.split('name="category" value="')[1:]}
    assert offered == shown_categories


def test_html_cap_of_zero_and_above_the_total(tmp_path):
    review = xinhua_review()
    total = len(review.findings)
    write_review_html(review, tmp_path / "none.html", max_findings=0)
    page = (tmp_path / "none.html").read_text(encoding="utf-8")
    assert page.count(FINDING_ROW) == 0 and f"the first 0 of {total} findings" in page
    write_review_html(review, tmp_path / "all.html", max_findings=total)
    page = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert page.count(FINDING_ROW) == total and "This page shows the first" not in page
