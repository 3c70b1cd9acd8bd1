"""A deterministic synthetic news corpus for the scale benchmarks.

Run from the repository root::

    python benchmarks/synthetic_corpus.py OUT_DIR --n 10000 [--start 0] [--seed 0]

Article ``i`` depends only on ``(seed, i)``, never on ``n``: the corpus of 1,000
articles is a prefix of the corpus of 10,000, and ``--start 10000 --n 100`` adds the
next 100 articles (1 %) to an existing corpus of 10,000 for the incremental-rebuild
benchmark.

Each article is a headline and 4-6 paragraphs (~300 words) of news-like sentences
from templates, with relation cues kgraph extracts (``X, chief executive of Y``,
``X acquired Y``, ``X, headquartered in Z``). Entities come from an unbounded pool of
generated names: article ``i`` draws a few "popular" entities (the same few hundred
recur across the corpus) and a long tail from the first ``~i`` names of each type, so
the number of distinct entities grows with the corpus. Half the files carry YAML
front matter (title, date, URL, provider, topics) the way the seed files do; the
other half are plain text (headline on the first line). Files are spread over
sub-folders of 1,000.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Article", "article", "write_corpus"]

_FIRST = (
    "Maria",
    "James",
    "Wei",
    "Aiko",
    "Priya",
    "Lars",
    "Fatima",
    "Diego",
    "Olga",
    "Kwame",
    "Elena",
    "Tomas",
    "Mei",
    "Ravi",
    "Sofia",
    "Jonas",
    "Amara",
    "Hiroshi",
    "Lucia",
    "Omar",
    "Ingrid",
    "Mateo",
    "Yuki",
    "Chen",
    "Nadia",
    "Pavel",
    "Grace",
    "Arjun",
    "Leila",
    "Henrik",
    "Camila",
    "Kenji",
    "Zara",
    "Viktor",
    "Ana",
    "Samuel",
    "Irina",
    "Daniel",
    "Laura",
    "Ahmed",
)
_SYLL = (
    "ka",
    "ren",
    "vo",
    "li",
    "mar",
    "to",
    "sen",
    "dra",
    "bel",
    "qui",
    "nor",
    "ast",
    "el",
    "vin",
    "ro",
    "dal",
    "mi",
    "zor",
    "tha",
    "pel",
    "gan",
    "cor",
    "ul",
    "ves",
    "ta",
    "bri",
    "lon",
    "fen",
    "sa",
    "ith",
)
_ORG_HEADS = (
    "Technologies",
    "Systems",
    "Labs",
    "Robotics",
    "Networks",
    "Semiconductor",
    "Motors",
    "Analytics",
    "Software",
    "Energy",
    "Pharma",
    "Dynamics",
)
_LEGAL = ("Corp", "Inc.", "Ltd", "Group")
_PLACES = (
    "Beijing",
    "Shanghai",
    "Shenzhen",
    "Tokyo",
    "Seoul",
    "Singapore",
    "Mumbai",
    "Bangalore",
    "London",
    "Paris",
    "Berlin",
    "Munich",
    "Stockholm",
    "Helsinki",
    "Amsterdam",
    "Dublin",
    "Madrid",
    "Milan",
    "Zurich",
    "Toronto",
    "Vancouver",
    "Boston",
    "Seattle",
    "Austin",
    "Chicago",
    "Denver",
    "Atlanta",
    "Miami",
    "Dallas",
    "San Francisco",
    "New York",
    "Los Angeles",
    "Sydney",
    "Melbourne",
    "Auckland",
    "Nairobi",
    "Lagos",
    "Cairo",
    "Dubai",
    "Tel Aviv",
    "Istanbul",
    "Warsaw",
    "Prague",
    "Vienna",
    "Lisbon",
    "Oslo",
    "Copenhagen",
    "Taipei",
    "Hanoi",
    "Jakarta",
    "Manila",
    "Sao Paulo",
    "Mexico City",
    "Bogota",
    "Santiago",
    "Lima",
    "Buenos Aires",
)
_TECH = (
    "artificial intelligence",
    "machine learning",
    "5G",
    "cloud computing",
    "IoT",
    "quantum computing",
    "edge computing",
    "robotics",
    "blockchain",
    "computer vision",
    "autonomous driving",
    "generative AI",
    "cybersecurity",
    "AR",
    "VR",
)
_PROVIDERS = (
    ("Reuters", "reuters.com"),
    ("TechCrunch", "techcrunch.com"),
    ("ZDNet", "zdnet.com"),
    ("Bloomberg", "bloomberg.com"),
    ("The Verge", "theverge.com"),
    ("CNBC", "cnbc.com"),
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

_SENTENCES = (
    "{P1}, the chief executive of {O1}, said the company would invest {AMT} in {T1} "
    "over the next {N} years.",
    "{O1} acquired {O2} for {AMT}, according to a statement released on {DAY}.",
    "{O1}, which is headquartered in {L1}, launched the {R1} on {DAY}.",
    "{P2} founded {O2} in {YEAR} after a decade at {O3}.",
    "{O1} and {O2} announced a partnership to develop {T1} products for customers in {L2}.",
    "Shares of {O1} rose {PCT} percent in {L1} trading after the announcement.",
    "{P2}, a spokesperson for {O2}, declined to comment on the report.",
    "The {R1} will go on sale in {L2} next month, {O1} said.",
    "{O1} said it plans to open a research centre in {L2} focused on {T2}.",
    "Analysts at {O3} said {O1} could face stiff competition from {O2}.",
    "{P1} told reporters in {L1} that {O1} expects revenue to grow by {PCT} percent this year.",
    "{O2} has invested heavily in {T2} since {YEAR}, {P2} said in an interview.",
    "{O1} hired {P3} as chief technology officer, the company said on {DAY}.",
    "The {R1} uses a new chip designed by {O3} and supports {T1}.",
    "{P3}, who previously led {T2} research at {O3}, will join {O1} in {L1}.",
)
_FILLER = (
    "The company did not disclose further financial details.",
    "Demand for consumer electronics has slowed in recent quarters.",
    "The deal is expected to close by the end of the year, subject to regulatory approval.",
    "Investors have been watching the sector closely as competition intensifies.",
    "Executives said the move reflects a broader shift in the industry.",
    "The announcement comes amid growing pressure on margins across the market.",
    "Several rivals have made similar investments over the past two years.",
    "The firm employs more than {N},000 people worldwide.",
    "Critics argue that the plan underestimates the cost of building new infrastructure.",
    "A person familiar with the matter said talks had been under way for several months.",
)
_HEADLINES = (
    "{O1} to invest {AMT} in {T1}",
    "{O1} buys {O2} in {AMT} deal",
    "{O1} launches {R1} in {L1}",
    "{P1} says {O1} will expand in {L2}",
    "{O1} and {O2} team up on {T1}",
)


@dataclass(frozen=True, slots=True)
class Article:
    """One generated article."""

    index: int
    headline: str
    paragraphs: tuple[str, ...]
    published: str
    provider: tuple[str, str]
    topics: tuple[str, ...]

    def words(self) -> int:
        """Return the number of whitespace-separated words of headline and body."""
        return len(self.headline.split()) + sum(len(p.split()) for p in self.paragraphs)


def _syllables(rng: random.Random, lo: int, hi: int) -> str:
    return "".join(rng.choice(_SYLL) for _ in range(rng.randint(lo, hi))).capitalize()


def _person(j: int, seed: int) -> str:
    rng = random.Random(f"person:{seed}:{j}")
    return f"{rng.choice(_FIRST)} {_syllables(rng, 2, 3)}"


def _org_stem(j: int, seed: int) -> str:
    return _syllables(random.Random(f"org:{seed}:{j}"), 2, 3)


def _org(j: int, seed: int) -> str:
    rng = random.Random(f"orghead:{seed}:{j}")
    return f"{_org_stem(j, seed)} {rng.choice(_ORG_HEADS)}"


def _product(j: int, seed: int) -> str:
    rng = random.Random(f"product:{seed}:{j}")
    stem = _syllables(rng, 2, 2)
    if rng.random() < 0.4:
        return f"{stem}-{rng.choice((7, 13, 34, 70))}B model"
    return f"{stem} {rng.choice('XSPZ')}{rng.randint(2, 99)} phone"


def _pick(rng: random.Random, i: int, popular: int = 300) -> int:
    # Half the mentions go to a small set of well-known entities (they recur across
    # the corpus, as big companies do in real news); the rest come from a pool that
    # grows with the article index, so distinct entities grow with the corpus.
    if rng.random() < 0.5:
        return min(int(rng.paretovariate(1.2)) - 1, popular - 1)
    return rng.randrange(popular + 2 * i)


def article(i: int, *, seed: int = 0) -> Article:
    """Return article ``i`` of the corpus (a pure function of ``seed`` and ``i``)."""
    rng = random.Random(f"article:{seed}:{i}")
    orgs = [_org(_pick(rng, i), seed) for _ in range(3)]
    persons = [_person(_pick(rng, i), seed) for _ in range(3)]
    slots = {
        "O1": orgs[0],
        "O2": orgs[1],
        "O3": orgs[2],
        "P1": persons[0],
        "P2": persons[1],
        "P3": persons[2],
        "L1": rng.choice(_PLACES),
        "L2": rng.choice(_PLACES),
        "T1": rng.choice(_TECH),
        "T2": rng.choice(_TECH),
        "R1": _product(_pick(rng, i), seed),
    }
    if rng.random() < 0.2:  # the legal name now and then, for resolution to merge
        slots["O1"] = f"{orgs[0]} {rng.choice(_LEGAL)}"

    def fill(template: str) -> str:
        values = dict(slots)
        values.update(
            AMT=f"${rng.randint(2, 900)} million",
            N=str(rng.randint(2, 9)),
            DAY=rng.choice(_DAYS),
            YEAR=str(rng.randint(1995, 2019)),
            PCT=str(rng.randint(2, 15)),
        )
        return template.format(**values)

    paragraphs = []
    for _ in range(rng.randint(4, 6)):
        sentences = [fill(rng.choice(_SENTENCES)) for _ in range(rng.randint(2, 4))]
        sentences.insert(rng.randint(0, len(sentences)), fill(rng.choice(_FILLER)))
        paragraphs.append(" ".join(sentences))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return Article(
        index=i,
        headline=fill(rng.choice(_HEADLINES)),
        paragraphs=tuple(paragraphs),
        published=f"2020-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:00:00Z",
        provider=rng.choice(_PROVIDERS),
        topics=(slots["T1"],) if rng.random() < 0.5 else (),
    )


def render(art: Article) -> str:
    """Return the file text of ``art``: front matter for even indexes, plain otherwise."""
    body = "\n\n".join(art.paragraphs) + "\n"
    if art.index % 2:
        return f"{art.headline}\n\n{body}"
    topics = "".join(f"\n  - {t}" for t in art.topics) or " []"
    return (
        "---\n"
        f'title: "{art.headline}"\n'
        f"publishedDateTime: {art.published}\n"
        f"sourceUrl: https://{art.provider[1]}/news/{art.index:07d}\n"
        "provider:\n"
        f"  name: {art.provider[0]}\n"
        f"  domain: {art.provider[1]}\n"
        f"topics:{topics}\n"
        "---\n\n"
        f"{body}"
    )


def article_path(root: Path, i: int) -> Path:
    """Return where article ``i`` lives under ``root``."""
    return root / f"{i // 1000:04d}" / f"article-{i:07d}.txt"


def write_corpus(root: str | Path, n: int, *, start: int = 0, seed: int = 0) -> tuple[int, int]:
    """Write articles ``start`` … ``start + n - 1`` under ``root``; return (files, words)."""
    base = Path(root)
    words = 0
    for i in range(start, start + n):
        art = article(i, seed=seed)
        path = article_path(base, i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(art), encoding="utf-8")
        words += art.words()
    return n, words


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="folder to write the articles into")
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--start", type=int, default=0, help="index of the first article")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    args = parser.parse_args(argv)
    files, words = write_corpus(args.out, args.n, start=args.start, seed=args.seed)
    print(f"wrote {files} articles, {words} words, under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
