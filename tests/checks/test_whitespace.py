"""Layout: line breaks and blank lines kept as the source has them, spaces lost or added at the edges."""

from __future__ import annotations

from tests.support.checkspec import fails, passes

# --- layout (GNU and Debian catalogues) ------------------------------------------------------------

def test_trailing_line_break_and_blank_lines():
    source = "请向 <%s> 报告软件错误。\n"
    [finding] = fails("line-break-mismatch", "Report bugs to: %s", source)
    assert finding.message == "the source ends with a line break, the English does not"
    assert finding.source_span == (len(source) - 1, len(source))
    source = " 更新 ELF 文件的 ELF 头\n\n"  # binutils
    [finding] = fails("line-break-mismatch", " Update the ELF header of ELF files\n", source)
    assert finding.message == "the source has 1 blank line, the English no blank line"
    # a long help text's lines are the translator's to wrap again (apt)
    passes("line-break-mismatch",
           "Some packages could not be installed. This may mean that you have\nrequested an impossible situation.\n",
           "有一些软件包无法被安装。如果您用的是 unstable 发行版，这也许是\n因为系统无法达到您要求的状态造成的。该版本中\n可能会有一些您需要的软件包尚未被创建。\n")
    # an aligner's bead across two paragraphs
    passes("line-break-mismatch", "Xi met Lukashenko. Photo by Zhai Jianlan",
           "习近平会见卢卡申科。\n新华社记者翟健岚摄", kind="2-1")


def test_space_lost_at_the_edges():
    [finding] = fails("edge-whitespace", "COMMENT", "备注    ")  # coreutils' column header
    assert finding.message == "the source has 4 spaces at its end, the English none"
    assert finding.source_span == (2, 6) and finding.target_span is None
    [finding] = fails("edge-whitespace", "Candidate: ", "  候选：")  # apt, indentation lost
    assert finding.message == "the source has 2 spaces at its start, the English none"
    # English adds the spaces Chinese does without (apt)
    passes("edge-whitespace", "Please choose the correct package: ", "请选择正确的软件包：")
    passes("edge-whitespace", " [Installed]", "[已安装]")
    passes("edge-whitespace", "  Candidate: ", "  候选：")
