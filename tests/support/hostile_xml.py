"""Hostile XML for the TBX, TMX and XLIFF readers: an external entity that would read a secret file, and
an entity bomb (expanded, 3 GB of "lol"). `@@` in a body marks where the entity is used."""

from __future__ import annotations

from pathlib import Path

from typer.testing import Result

from tests.support.workspace import Workspace

MARKER = "SECRET-MARKER-7c1f0e"


def xxe_document(secret: Path, root: str, body: str) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
            + body.replace("@@", "&xxe;"))


def entity_bomb(root: str, body: str) -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{entities}]>\n' + body.replace("@@", "&lol9;")


def assert_marker_absent(ws: Workspace, result: Result) -> None:
    """The secret file's content reached neither the output, nor the history, nor any report."""
    assert MARKER not in result.output
    assert MARKER.encode() not in ws.history.read_bytes()
    for path in ws.out.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
