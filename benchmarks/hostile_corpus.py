"""A generated news corpus with about 1 % hostile files mixed in (load test, benchmark).

Run from the repository root::

    python benchmarks/hostile_corpus.py OUT_DIR --n 2500 [--seed 0]
    kgraph build OUT_DIR/corpus --out OUT_DIR/out --config OUT_DIR/kgraph.yaml

Every good document is a short news item that names one company no other document
names (``Belvoranix Technologies``); ``kgraph.yaml`` lists those names in the
gazetteer, so finding them does not depend on the statistical model and a missing one
means a lost document, not a missed mention. The hostile files are the ones a corpus
scraped from the web contains: binary data with a ``.txt`` name, NUL bytes, invalid
UTF-8, unterminated or non-mapping YAML front matter, a ``!!python/object/apply`` tag
that would create a file if it were ever executed, a JSONL file with broken lines
between good ones, empty and whitespace-only files, a dangling symlink and a symlink
loop. :func:`write_corpus` returns a :class:`Manifest` saying which is which.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Manifest", "company_name", "write_corpus"]

_SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "dor", "tis", "bel",
              "qua", "zen", "mor", "fal", "sen", "tri", "vox", "lum")  # fmt: skip
_ENDINGS = ("ix", "ia", "on", "ara")
_SUFFIXES = ("Technologies", "Systems", "Holdings", "Labs", "Robotics", "Networks")
_CITIES = ("Berlin", "Lagos", "Osaka", "Lima", "Oslo", "Quito", "Perth", "Seoul")
_VERBS = (
    "said on Monday it would hire 40 engineers",
    "reported higher quarterly revenue",
    "opened a research centre",
    "raised new funding from investors",
    "announced a partnership with local universities",
)
#: A path the PyYAML ``!!python/object/apply`` payload would create if executed.
PWNED = "kgraph-pwned-marker"


def company_name(i: int) -> str:
    """Return the ``i``-th generated company name: unique, pronounceable, digit-free."""
    n, parts = i, []
    while True:
        parts.append(_SYLLABLES[n % len(_SYLLABLES)])
        n //= len(_SYLLABLES)
        if n == 0:
            break
    parts.append(_ENDINGS[(i // 7) % len(_ENDINGS)])
    word = "".join(parts)
    # Pad short words so every name is at least three syllables long.
    word = ("vel" * max(0, 3 - len(parts))) + word
    return f"{word.capitalize()} {_SUFFIXES[i % len(_SUFFIXES)]}"


@dataclass
class Manifest:
    """What :func:`write_corpus` wrote, by path relative to the corpus folder.

    Attributes:
        good: Each good document's company name, by file (JSONL files appear in
            ``jsonl_good`` instead).
        jsonl_good: Company names of the good lines of JSONL files, by file.
        hostile: Each hostile file and what is wrong with it.
        marker: The file the YAML payload would create if it ever ran.
    """

    good: dict[str, str] = field(default_factory=dict)
    jsonl_good: dict[str, list[str]] = field(default_factory=dict)
    hostile: dict[str, str] = field(default_factory=dict)
    marker: Path | None = None

    def names(self) -> list[str]:
        """Every company name a good document mentions."""
        return [*self.good.values(), *(n for ns in self.jsonl_good.values() for n in ns)]


def _article(i: int, rng: random.Random) -> tuple[str, str]:
    name = company_name(i)
    city = rng.choice(_CITIES)
    body = f"{name}, a company based in {city}, {rng.choice(_VERBS)}."
    return name, body


def write_corpus(root: str | os.PathLike[str], n: int, *, seed: int = 0) -> Manifest:
    """Write ``n`` good documents and about ``n // 100`` hostile files under ``root``.

    Also writes ``kgraph.yaml`` next to ``root`` (in its parent folder) with a
    gazetteer entry for every company name. Returns the manifest.
    """
    corpus = Path(root)
    corpus.mkdir(parents=True, exist_ok=True)
    corpus = corpus.resolve()  # symlink targets must not depend on the working folder
    rng = random.Random(seed)
    manifest = Manifest(marker=corpus.parent / PWNED)
    jsonl_lines = 3
    n_files = n - 2 * jsonl_lines
    for i in range(n_files):
        name, body = _article(i, rng)
        folder = f"part{i // 500:02d}"
        if i % 2:
            rel = f"{folder}/{i:05d}.md"
            text = (
                f"---\ntitle: {json.dumps(name + ' news')}\n"
                f"date: 2024-0{1 + i % 9}-1{i % 10}T08:00:00Z\n"
                f"url: https://news.example/{i}\nprovider: Wire Service\n---\n{body}\n"
            )
        else:
            rel = f"{folder}/{i:05d}.txt"
            text = f"{name} update\n\n{body}\n"
        path = corpus / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        manifest.good[rel] = name
    # Two JSONL files, each with good lines around broken ones: the good lines count.
    hostile = corpus / "hostile"
    hostile.mkdir(exist_ok=True)
    next_id = n_files
    for k in range(2):
        rel = f"hostile/feed{k}.jsonl"
        lines, names = [], []
        for _ in range(jsonl_lines):
            name, body = _article(next_id, rng)
            next_id += 1
            names.append(name)
            lines.append(json.dumps({"title": f"{name} news", "text": body}))
            lines.append('{"title": "broken line", "text": "no closing brace"')
        (corpus / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
        manifest.jsonl_good[rel] = names
        manifest.hostile[rel] = "broken JSONL lines"
    count = max(1, n // 100)
    marker = manifest.marker
    makers = [
        ("binary.txt", "binary data with a .txt name",
         lambda i: bytes(rng.randrange(256) for _ in range(2048)) + b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("nul.txt", "NUL bytes",
         lambda i: b"Nul Story\n\nSome text\x00\x00\x00 with NUL bytes.\x00\n"),
        ("invalid-utf8.txt", "invalid UTF-8",
         lambda i: b"Bad Bytes\n\nCaf\xe9 \xff\xfe \xc3\x28 broken \xed\xa0\x80 text.\n"),
        ("unterminated.md", "unterminated front matter",
         lambda i: b"---\ntitle: never closed\ndate: 2024-01-01\n\nBody text here.\n"),
        ("not-mapping.md", "front matter that is not a mapping",
         lambda i: b"---\n- just\n- a list\n---\nBody text.\n"),
        ("python-tag.md", "!!python/object/apply tag",
         lambda i: (f"---\ntitle: !!python/object/apply:os.system [\"touch {marker}\"]\n"
                    f"x: !!python/object/apply:builtins.exec [\"open('{marker}','w')\"]\n"
                    "---\nBody text.\n").encode()),
        ("empty.txt", "empty file", lambda i: b""),
        ("blank.txt", "whitespace-only file", lambda i: b"  \n\t\n   \r\n"),
    ]  # fmt: skip
    made = 0
    while made < count:
        stem, why, content = makers[made % len(makers)]
        rel = f"hostile/{made:03d}-{stem}"
        (corpus / rel).write_bytes(content(made))
        manifest.hostile[rel] = why
        made += 1
    dangling = corpus / "hostile" / "dangling.txt"
    dangling.symlink_to(corpus / "hostile" / "no-such-target.txt")
    manifest.hostile["hostile/dangling.txt"] = "dangling symlink"
    loop = corpus / "hostile" / "loop"
    loop.symlink_to(corpus / "hostile")
    manifest.hostile["hostile/loop"] = "symlink loop"
    gazetteer = [{"label": "ORG", "pattern": name} for name in manifest.names()]
    config = {"gazetteer": gazetteer}
    (corpus.parent / "kgraph.yaml").write_text(json.dumps(config, indent=0) + "\n", "utf-8")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    """Write the corpus; print its manifest summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="folder to create (corpus/ and kgraph.yaml go inside)")
    parser.add_argument("--n", type=int, default=2500, help="good documents (default 2500)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    manifest = write_corpus(Path(args.out) / "corpus", args.n, seed=args.seed)
    print(f"{len(manifest.names())} good documents, {len(manifest.hostile)} hostile files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
