"""Quote and bracket checks: pairing, straight beside curly quotes, the house style's quote marks."""

from __future__ import annotations

from mtreview.style import HouseStyle
from tests.support.checkspec import fails, flagged, passes, styled

# --- quotes and brackets ----------------------------------------------------------------------------

def test_unpaired_quotes_and_brackets():
    target = "the two sides issued the “Joint Statement on Establishing (All-weather Partnership"
    [quote] = fails("quote-pairing", target)
    assert flagged(quote, target) == "“"
    [bracket] = fails("bracket-pairing", target)
    assert flagged(bracket, target) == "("
    passes("quote-pairing", "the two sides issued the “Joint Statement” (2022)")
    passes("bracket-pairing", "Reasons: 1) price; 2) quality.")


def test_straight_quotes_beside_curly_ones():
    target = "the “Joint Statement” and the \"Global Development Initiative\""
    found = fails("quote-style", target)
    assert [flagged(f, target) for f in found] == ['"', '"']
    passes("quote-style", "the “Joint Statement” and the “Initiative”")


def test_smileys_are_not_brackets():
    passes("bracket-pairing", "The merchant thought of the customer before shipping :)")
    passes("bracket-pairing", "Not delivered again ;-(")


def test_quote_marks_follow_the_house_style_only_when_it_has_one():
    target = 'He called it a "historic leap" in relations.'
    passes("quote-marks", target)  # news: either, so long as one segment does not mix them
    found = styled("quote-marks", target, "", HouseStyle(quotes="curly"))
    assert [finding.suggestion for finding in found] == ["“", "”"]
    found = styled("quote-marks", "He called it a “historic leap”.", "", HouseStyle(quotes="straight"))
    assert [finding.suggestion for finding in found] == ['"', '"']
