"""hunalign beside mtreview in benchmarks/align_gold.py: found or built from source, and run with a
dictionary of CC-CEDICT glosses.

hunalign is in neither Debian bookworm, PyPI nor npm, so where it is not installed it is built from its
own repository into ~/.cache/mtreview/hunalign, never into this repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from align_gold import Beads, Document

# hunalign's source, at the commit our figures were measured with (its last, 2fbcbc9, "Merge pull request #5").
HUNALIGN_REPOSITORY = "https://github.com/danielvarga/hunalign"
HUNALIGN_COMMIT = "2fbcbc976495738321089e13cb728051350b84cd"


def find_hunalign(binary: str | None, source_tree: Path | None) -> tuple[Path | None, str | None]:
    """A hunalign binary, and why there is none: the one named, $HUNALIGN, PATH, the one built into the cache
    before; else built there from `source_tree`, or from a clone of HUNALIGN_REPOSITORY at HUNALIGN_COMMIT
    (on a machine that reaches GitHub)."""
    found = binary or os.environ.get("HUNALIGN") or shutil.which("hunalign")
    if found:
        return Path(found), None
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mtreview" / "hunalign"
    built = cache / "src" / "hunalign" / "hunalign"
    if built.exists():
        return built, None
    with tempfile.TemporaryDirectory() as scratch:
        if source_tree is None:
            source_tree = Path(scratch) / "hunalign"
            why = _run_quietly(["git", "clone", "-q", HUNALIGN_REPOSITORY, str(source_tree)],
                               ["git", "-C", str(source_tree), "checkout", "-q", HUNALIGN_COMMIT])
            if why:
                return None, f"hunalign: not found, and cloning {HUNALIGN_REPOSITORY} failed ({why})"
        if cache.exists():
            shutil.rmtree(cache)
        shutil.copytree(source_tree, cache, ignore=shutil.ignore_patterns(".git"))
    why = _run_quietly(["make", "-C", str(cache / "src" / "hunalign")])
    if why or not built.exists():
        return None, f"hunalign: building it in {cache} failed ({why or 'no binary made'})"
    return built, None


def _run_quietly(*commands: list[str]) -> str | None:
    """Run the commands in turn; the first failure's last line of output, or None."""
    for command in commands:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            return str(error)
        if done.returncode:
            lines = (done.stderr or done.stdout).strip().splitlines()
            return lines[-1] if lines else f"exit {done.returncode}"
    return None


def hunalign_system(binary: Path) -> Callable[[Document], Beads]:
    """hunalign with a dictionary of CC-CEDICT glosses (the same stems mtreview uses), on the
    documents' Chinese words and English stems; its ladder turned into beads."""
    from mtreview.lexicon import english_stems, load_lexicon

    lexicon = load_lexicon()

    def run(document: Document) -> Beads:
        with tempfile.TemporaryDirectory() as folder:
            zh_words = [lexicon.segment(text) for text in document.source]
            vocabulary = sorted({word for words in zh_words for word in words})
            entries = {f"{gloss} @ {word}" for word in vocabulary for gloss in lexicon.glosses(word)}
            paths = [Path(folder) / name for name in ("dict.txt", "zh.txt", "en.txt")]
            paths[0].write_text("\n".join(sorted(entries)) + "\n", encoding="utf-8")
            paths[1].write_text("\n".join(" ".join(words) or "." for words in zh_words) + "\n", encoding="utf-8")
            paths[2].write_text("\n".join(" ".join(english_stems(t)) or "." for t in document.target) + "\n",
                                encoding="utf-8")
            # Without -realign: with it, strict F1 fell on news held out from 0.836 to 0.586 and on MAC-Dev
            # from 0.483 to 0.424 (the Bible rose from 0.850 to 0.861); -utf changed nothing.
            # cwd: hunalign writes a translate.txt where it runs.
            output = subprocess.run([str(binary), *map(str, paths)], check=True, cwd=folder,
                                    capture_output=True, text=True).stdout
        rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in output.splitlines() if line.strip()]
        return [(tuple(range(a, c)), tuple(range(b, d))) for (a, b), (c, d) in zip(rungs, rungs[1:])
                if c > a or d > b]

    return run
