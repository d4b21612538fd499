"""A two-page Chinese news article and its English translation as Word documents, built with python-docx:
a title, paragraphs, a page break, a table, a footnote, a header and footer, an image, and formatting runs
that cut through the words the checks flag ("China" bold in “China‘s”, “new crown” italic in “new crown
pneumonia”). The English has the mistakes a desk hunts for: a left quotation mark for an apostrophe, the
calque “new crown pneumonia”, “exhibition.The” with no space, and two spaces in a row."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

# (paragraph style, [(text, formatting)]) per paragraph; formatting: "" plain, "b" bold, "i" italic.
ZH_TITLE = "中欧班列开行十周年 货运量创历史新高"
EN_TITLE = "China-Europe freight trains mark tenth anniversary with record volume"

ZH_BEFORE_TABLE = [
    "新华社西安9月15日电（记者李明、王芳）中欧班列开行十周年之际，西安国际港务区15日举行纪念活动。来自十二个国家的代表出席了活动。",
    "据统计，今年前八个月，西安中欧班列共开行3200列，同比增长15%。货运量达到280万吨，创历史新高。",
    "港务区负责人表示，班列已经成为连接亚欧的重要通道。新冠肺炎疫情期间，班列运送了大量防疫物资。",
    "哈萨克斯坦驻西安总领事在致辞中说，中国的发展为沿线国家带来了机遇。",
    "活动期间，代表们参观了集装箱中心站和海关监管区。",
    "当天，港务区还举办了图片展。展览展示了班列十年来的发展历程。",
    "目前，西安中欧班列已开通十七条干线通道，覆盖欧亚大陆主要区域。",
]
EN_BEFORE_TABLE = [
    [("XI'AN, Sept. 15 (Xinhua) -- The Xi'an International Trade and Logistics Park held a ceremony on Thursday "
      "to mark the tenth anniversary of the China-Europe freight trains. Representatives from 12 countries "
      "attended the event.", "")],
    [("In the first eight months of this year, 3,200 trains ran from Xi'an, up 15 percent year on year. Freight "
      "volume reached 2.8 million tonnes, a record high.", "")],
    [("The head of the park said the trains have become an important link between Asia and Europe. During the ",
      ""), ("new crown", "i"), (" pneumonia epidemic, the trains carried large amounts of medical supplies.", "")],
    [("The Consul General of Kazakhstan in Xi'an said in his speech that ", ""), ("China", "b"),
     ("‘s development has brought opportunities to the countries along the route.", "")],
    [("During the event, the representatives visited the central container station and the  customs area.", "")],
    [("On the same day, the park also held a photo exhibition.The exhibition showed how the trains have developed "
      "over the past ten years.", "")],
    [("At present, the trains from Xi'an run on 17 main routes covering the major regions of Eurasia.", "")],
]
ZH_TABLE = [("指标", "2022年"), ("开行列次", "4639列"), ("货运量", "416万吨"), ("通达国家", "45个")]
EN_TABLE = [("Indicator", "2022"), ("Trains run", "4,639 trains"), ("Freight volume", "4.16 million tonnes"),
            ("Countries reached", "45 countries")]
ZH_AFTER_TABLE = [
    "专家认为，随着共建“一带一路”的深入推进，班列将迎来新的发展机遇。",
    "今年以来，港务区推出了多项便利化措施，通关时间缩短了三分之一。",
    "一家物流企业的负责人说，班列运输时间比海运短二十天左右，价格比空运低得多。",
    "据介绍，港务区计划到2025年建成国际一流的陆港。",
    "与会代表表示，希望进一步加强合作，共同维护国际物流供应链稳定。",
]
EN_AFTER_TABLE = [
    "Experts believe that as the Belt and Road Initiative advances, the trains will see new opportunities.",
    "Since the beginning of this year, the park has introduced a number of facilitation measures, cutting customs "
    "clearance time by one third.",
    "The head of a logistics company said that rail transport takes about 20 days less than shipping by sea and "
    "costs much less than air freight.",
    "According to the park, it plans to build a world-class inland port by 2025.",
    "Delegates said they hoped to further strengthen cooperation and jointly keep international logistics and "
    "supply chains stable.",
]
ZH_FOOTNOTE, EN_FOOTNOTE = "中欧班列于2011年3月首次开行。", "The first China-Europe freight train ran in March 2011."
ZH_HEADER, EN_HEADER = "新华社", "Xinhua"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def tiny_png() -> bytes:
    """A 4 x 4 red PNG, written out by hand (no image library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _add_footnote(document, paragraph, text: str) -> None:
    """python-docx writes no footnotes: the part, its relationship and the reference run by hand."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    xml = (f'<w:footnotes xmlns:w="{W_NS}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
           '</w:p></w:footnote>'
           '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/>'
           f'</w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  '<w:footnoteReference w:id="1"/></w:r>'))


def build_article(path: Path, lang: str) -> Path:
    """The article in Chinese ("zh") or English ("en") as a .docx at `path`."""
    import io

    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = ZH_HEADER if lang == "zh" else EN_HEADER
    section.footer.paragraphs[0].text = "1"
    document.add_heading(ZH_TITLE if lang == "zh" else EN_TITLE, level=1)
    before = ZH_BEFORE_TABLE if lang == "zh" else EN_BEFORE_TABLE
    for number, content in enumerate(before):
        paragraph = document.add_paragraph()
        for text, formatting in ([(content, "")] if isinstance(content, str) else content):
            run = paragraph.add_run(text)
            run.bold = "b" in formatting or None
            run.italic = "i" in formatting or None
        if number == 4:
            document.add_picture(io.BytesIO(tiny_png()), width=Cm(2))
    document.add_page_break()
    rows = ZH_TABLE if lang == "zh" else EN_TABLE
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    after = ZH_AFTER_TABLE if lang == "zh" else EN_AFTER_TABLE
    for number, text in enumerate(after):
        paragraph = document.add_paragraph(text)
        if number == 0:
            _add_footnote(document, paragraph, ZH_FOOTNOTE if lang == "zh" else EN_FOOTNOTE)
    document.save(str(path))
    return path


def build_pair(folder: Path) -> tuple[Path, Path]:
    """source.zh.docx and target.en.docx in `folder`."""
    return build_article(folder / "source.zh.docx", "zh"), build_article(folder / "target.en.docx", "en")
