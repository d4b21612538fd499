"""LibreOffice Writer in the tests: convert a document headless, and read back what Writer saw in it
(the comments with the words they are anchored on, tracked changes, the text)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest


def require_writer(soffice: str) -> str:
    """The soffice fixture's program, if it has Writer (Calc alone cannot open a .docx); CI installs
    libreoffice-writer-nogui and sets MTREVIEW_REQUIRE_LIBREOFFICE=1, so there a missing Writer fails."""
    program = Path(os.path.realpath(soffice)).parent
    if not any((program / name).exists() for name in ("libswlo.so", "swriter", "swriter.exe")):
        if os.environ.get("MTREVIEW_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice Writer is required here (MTREVIEW_REQUIRE_LIBREOFFICE=1) but not installed")
        pytest.skip("LibreOffice Writer is not installed")
    return soffice


def convert(soffice: str, document: Path, to: str, folder: Path) -> Path:
    """`soffice --headless --convert-to TO`; the converted file (fails the test if Writer made none)."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", to,
                    "--outdir", str(folder), str(document)], check=True, capture_output=True, timeout=180)
    converted = folder / f"{document.stem}.{to.split(':')[0]}"
    assert converted.is_file(), f"LibreOffice did not convert {document.name} to {to}"
    shutil.rmtree(profile, ignore_errors=True)
    return converted


def _plain(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", re.sub(r"<text:s/>", " ", xml)).replace("&apos;", "'").replace("&quot;", '"') \
        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def odt_comments(odt: Path) -> list[tuple[str, str, str]]:
    """(author, comment text, anchored text) of each comment Writer read, in document order."""
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    found = []
    for match in re.finditer(r'<office:annotation office:name="([^"]+)"[^>]*>(.*?)</office:annotation>(.*?)'
                             r'<office:annotation-end office:name="\1"/>', content, re.S):
        body = match.group(2)
        author = _plain(re.search(r"<dc:creator>(.*?)</dc:creator>", body).group(1))
        paragraphs = [_plain(p) for p in re.findall(r"<text:p[^>]*>(.*?)</text:p>", body, re.S)]
        found.append((author, "\n".join(paragraphs), _plain(match.group(3))))
    return found


def odt_changes(odt: Path) -> list[tuple[str, str, str]]:
    """(kind, author, deleted text) of each tracked change Writer read: kind "insertion" or "deletion"."""
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    changes = []
    for kind, body in re.findall(r"<text:(insertion|deletion)>(.*?)</text:\1>", content, re.S):
        author = _plain(re.search(r"<dc:creator>(.*?)</dc:creator>", body).group(1))
        deleted = _plain(re.sub(r"<office:change-info>.*?</office:change-info>", "", body, flags=re.S))
        changes.append((kind, author, deleted))
    return changes
