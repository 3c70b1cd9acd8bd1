"""Ingest: discovery, source paths, readers, front matter, headlines, chrome rules, parts.

Fast unit tests, no spaCy. Hostile inputs (issue 7) live in ``test_ingest_hostile.py``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.config import ChromeConfig, Config
from kgraph.errors import ConfigError, InputError
from kgraph.ingest import CHROME_RULES, ChromeFilter, IngestReport, iter_documents
from kgraph.ingest.chrome import MAX_CHROME_LINE, REPEATED_CAPTION, rule_names
from kgraph.ingest.frontmatter import normalize_date
from kgraph.ingest.text import TextAssembler, looks_like_headline, normalize_line, split_text
from kgraph.model import Document, Publisher

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_000 = "seeds/000_0d8bed67902d9a2f.txt"
SEED_001 = "seeds/001_789ace9770690b87.txt"
SEED_002 = "seeds/002_4cab0127d0a32029.txt"
SEED_003 = "seeds/003_ef00867a7ee39212.txt"
SEED_004 = "seeds/004_42a90cd67adc4708.txt"


def ingest(
    *inputs: str | Path, config: Config | None = None
) -> tuple[list[Document], IngestReport]:
    report = IngestReport()
    docs = list(iter_documents(list(inputs), config=config or Config(), report=report))
    return docs, report


def by_id(docs: list[Document]) -> dict[str, Document]:
    return {d.doc_id: d for d in docs}


# --------------------------------------------------------------------------- seeds


@pytest.fixture
def seed_docs(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Document], IngestReport]:
    monkeypatch.chdir(REPO)
    return ingest("seeds")


def test_seeds_give_five_articles_and_six_related_items(
    seed_docs: tuple[list[Document], IngestReport],
) -> None:
    docs, report = seed_docs
    assert [d.doc_id for d in docs] == [
        SEED_000,
        *(f"{SEED_000}#related-{n}" for n in range(1, 5)),
        SEED_001,
        SEED_002,
        f"{SEED_002}#related-1",
        f"{SEED_002}#related-2",
        SEED_003,
        SEED_004,
    ]
    assert (report.files_seen, report.documents, report.skipped, report.warnings) == (5, 11, [], [])
    assert report.chars_cut == 0


def test_seed_metadata(seed_docs: tuple[list[Document], IngestReport]) -> None:
    docs = by_id(seed_docs[0])
    d0 = docs[SEED_000]
    assert d0.title == "Xiaomi to invest $7 billion in 5G, AI and IoT over next five years"
    assert d0.published == "2020-01-02T06:47:00Z"
    assert d0.publisher == Publisher("KFGO", "kfgo.com")
    assert d0.url is not None and d0.url.startswith("https://kfgo.com/news/articles/2020/jan/02/")
    assert d0.topics == ("AI",)
    # No body: the text is the title, then the excerpt.
    assert d0.text.startswith(d0.title + "\n\nBEIJING (Reuters) - Chinese smartphone maker")
    rel = docs[f"{SEED_000}#related-1"]
    assert rel.parent_id == SEED_000 and rel.source_path == SEED_000
    assert rel.publisher == Publisher("ZDNet", "zdnet.com")
    assert rel.published == "2020-01-03T01:16:00Z"
    assert rel.url == (
        "https://www.zdnet.com/article/xiaomi-to-invest-us7-2-billion-on-5g-ai-and-iot-for-coming-five-years/"
    )
    assert rel.text.startswith(
        "Xiaomi to invest $7.2 billion in 5G, AI, and IoT over five years\n\n"
    )
    assert docs[f"{SEED_000}#related-4"].publisher == Publisher("YAHOO!", "yahoo.com")
    d2 = docs[SEED_002]
    assert d2.url is not None and d2.url.startswith("https://www.marketwatch.com/press-release/")
    assert d2.topics == ("AI Hardware", "AI")
    assert docs[f"{SEED_002}#related-2"].publisher == Publisher("Associated Press", "apnews.com")
    for doc in docs.values():
        assert doc.source_path in (SEED_000, SEED_001, SEED_002, SEED_003, SEED_004)


def test_seed_001_headline_is_the_title_and_appears_once(
    seed_docs: tuple[list[Document], IngestReport],
) -> None:
    doc = by_id(seed_docs[0])[SEED_001]
    headline = "Xiaomi opens second headquarters as it doubles down on AI development"
    assert doc.title == headline
    assert doc.text.startswith(headline + "\n\nSmartphone maker Xiaomi on Wednesday")
    assert doc.text.count(headline) == 1
    assert "Source by" not in doc.text and "techinasia" not in doc.text
    assert doc.text.endswith("as smartphone sales in its home market slow.")


def test_seed_003_has_no_headline_and_keeps_every_sentence(
    seed_docs: tuple[list[Document], IngestReport],
) -> None:
    doc = by_id(seed_docs[0])[SEED_003]
    assert doc.title is None
    raw = (SEEDS / Path(SEED_003).name).read_text(encoding="utf-8")
    for line in filter(None, (line.strip() for line in raw.splitlines())):
        assert line in doc.text
    assert doc.text.count("\n\n") == 4  # five paragraphs, no trailing blank lines


def test_seed_004_chrome_is_gone_and_the_article_stays(
    seed_docs: tuple[list[Document], IngestReport],
) -> None:
    doc = by_id(seed_docs[0])[SEED_004]
    assert doc.title == "Microsoft and Xiaomi to collaborate on AI, the cloud and hardware"
    assert doc.text.startswith(doc.title + "\n\nMicrosoft and Xiaomi have announced")
    for chrome in (
        "Remember me",
        "Forgot",
        "Log in with Twitter",
        "article image",
        "By James Walker",
        "READ NEXT",
        "Justin Sullivan",
        "Getty",
        "More about",
        "Latest News",
        "Top News",
    ):
        assert chrome not in doc.text, chrome
    # Captions printed twice are kept once.
    assert doc.text.count("Xiaomi Mi Notebook Air\n") == 1
    assert doc.text.count("Microsoft CEO Satya Nadella.\n") == 1
    for sentence in (
        "The new Memorandum of Understanding (MoU) was announced by the two software giants",
        'Microsoft will assist Xiaomi in helping it launch new "laptop-type" devices',
        "said Dr. Harry Shum, executive president of Microsoft's Artificial Intelligence",
        "said Wang Xiang, Xiaomi Global Senior Vice President and Head of International Business",
        "The announcement comes after Microsoft CEO Satya Nadella visited a Xiaomi retail store",
        "Services collaboration",
        "International growth",
    ):
        assert sentence in doc.text, sentence
    # Each source line is its own paragraph: sentences never run together.
    assert "Services collaboration\n\nThe new Memorandum" in doc.text


# ------------------------------------------------------------------ source paths


def test_source_path_is_relative_to_the_cwd_whatever_the_spelling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    relative = [d.doc_id for d in ingest("seeds/")[0]]
    absolute = [d.doc_id for d in ingest(SEEDS)[0]]
    dotted = [d.doc_id for d in ingest("./seeds/../seeds")[0]]
    one_file = [d.doc_id for d in ingest(SEED_001)[0]]
    assert relative == absolute == dotted
    assert relative[0] == SEED_000
    assert one_file == [SEED_001]


def test_source_path_outside_the_cwd_is_relative_to_the_input_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "outside" / "news"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "a.txt").write_text("Xiaomi opened a store in Wuhan.\n")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert [d.source_path for d in ingest(corpus)[0]] == ["news/sub/a.txt"]
    assert [d.source_path for d in ingest(corpus / "sub" / "a.txt")[0]] == ["a.txt"]


def test_order_is_sorted_and_independent_of_creation_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    names = ["b/z.txt", "a.md", "c.jsonl", "b/a.txt", "B.txt", "b/sub/m.markdown"]
    for name in names:
        path = tmp_path / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".jsonl"):
            path.write_text(json.dumps({"text": "Acme hired Jane Doe."}) + "\n")
        else:
            path.write_text("Acme hired Jane Doe.\n")
    docs, _ = ingest("corpus")
    assert [d.doc_id for d in docs] == [
        "corpus/B.txt",
        "corpus/a.md",
        "corpus/b/a.txt",
        "corpus/b/sub/m.markdown",
        "corpus/b/z.txt",
        "corpus/c.jsonl#line-1",
    ]


def test_other_files_in_a_folder_are_ignored_quietly_but_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Acme hired Jane Doe.\n")
    (tmp_path / "c" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (tmp_path / "c" / ".hidden.txt").write_text("Secret notes.\n")
    with caplog.at_level(logging.WARNING, logger="kgraph.ingest"):
        docs, report = ingest("c")
    assert [d.doc_id for d in docs] == ["c/a.txt"]
    assert (report.ignored, report.skipped, caplog.records) == (2, [], [])


def test_an_explicit_file_of_another_type_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    docs, report = ingest("notes.pdf")
    assert docs == []
    assert report.skipped == [("notes.pdf", "unsupported file type '.pdf'")]


def test_a_missing_input_is_an_input_error_raised_at_call_time(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"input path not found: .*nope"):
        iter_documents([tmp_path / "nope"], config=Config(), report=IngestReport())


def test_documents_are_streamed_lazily(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Acme hired Jane Doe.\n")
    report = IngestReport()
    docs = iter_documents([tmp_path], config=Config(), report=report)
    assert report.files_seen == 0
    next(docs)
    assert (report.files_seen, report.documents) == (1, 1)


def test_the_same_file_given_twice_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Acme hired Jane Doe.\n")
    docs, _ = ingest("c", "c/a.txt")
    assert [d.doc_id for d in docs] == ["c/a.txt"]


# ------------------------------------------------------------ plain text, markdown


def test_plain_text_headline_becomes_the_title_and_first_paragraph(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Acme Robotics names Jane Doe chief executive\n"
        "Acme Robotics said on Monday that Jane Doe will lead the company.\n"
    )
    (doc,), _ = ingest(tmp_path / "a.txt")
    assert doc.title == "Acme Robotics names Jane Doe chief executive"
    assert doc.text == (
        "Acme Robotics names Jane Doe chief executive\n\n"
        "Acme Robotics said on Monday that Jane Doe will lead the company."
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Xiaomi opens second headquarters as it doubles down on AI development", True),
        ("Is Xiaomi the next Apple?", True),
        ("“Wuhan is home,” says Lei Jun", True),
        ("Acme Robotics said on Monday that Jane Doe will lead the company.", False),
        ("Technology", False),
        ("and then the company said", False),
        ("x" * 30 + " " + "y" * 200, False),
    ],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


def test_hard_wrapped_lines_are_joined_and_sentences_kept_apart(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "The company said on Tuesday that it would open a research centre in the\n"
        "city of Wuhan, the capital of Hubei province,\n"
        "where it already employs 2,000 people.\n"
        "Shares rose 3% in Hong Kong.\n\n\n"
        "Analysts were not surprised.\n"
    )
    (doc,), _ = ingest(tmp_path / "a.txt")
    assert doc.text == (
        "The company said on Tuesday that it would open a research centre in the "
        "city of Wuhan, the capital of Hubei province, where it already employs 2,000 people."
        "\n\nShares rose 3% in Hong Kong.\n\nAnalysts were not surprised."
    )


def test_markdown_markup_is_removed(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "# Acme hires a *new* chief\n\n"
        "![logo](https://example.com/logo.png)\n\n"
        "Acme said **Jane Doe** will join [the board](https://example.com/board).\n\n"
        "- She was at `Globex` before.\n"
    )
    (doc,), _ = ingest(tmp_path / "a.md")
    assert doc.title == "Acme hires a new chief"
    assert doc.text == (
        "Acme hires a new chief\n\nAcme said Jane Doe will join the board.\n\n"
        "She was at Globex before."
    )


# ----------------------------------------------------------------- front matter


def test_front_matter_with_body_puts_the_title_first_once(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Acme hires Jane Doe\npublishedDateTime: 2021-03-04T05:06:07+02:00\n"
        "webUrl: https://example.com/a\nprovider: Example News\nheat: 99\n"
        "images: [{url: x}]\n---\n\nAcme said Jane Doe will lead its robotics unit.\n"
    )
    (tmp_path / "b.md").write_text(
        "---\ntitle: Acme hires Jane Doe\n---\nAcme hires Jane Doe\n\nShe starts in May.\n"
    )
    docs, report = ingest(tmp_path / "a.md", tmp_path / "b.md")
    a, b = docs
    assert a.text == "Acme hires Jane Doe\n\nAcme said Jane Doe will lead its robotics unit."
    assert a.published == "2021-03-04T03:06:07Z"
    assert a.url == "https://example.com/a"
    assert a.publisher == Publisher("Example News")
    assert b.text == "Acme hires Jane Doe\n\nShe starts in May."
    assert report.warnings == []


def test_url_keys_in_order_of_preference(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "---\noriginalUrl: https://o.example\nwebUrl: https://w.example\n---\nAcme grew.\n"
    )
    (doc,), _ = ingest(tmp_path / "a.txt")
    assert doc.url == "https://w.example"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2020, 1, 2, 6, 47, tzinfo=dt.UTC), "2020-01-02T06:47:00Z"),
        (dt.datetime(2020, 1, 2, 6, 47), "2020-01-02T06:47:00"),
        (dt.date(2020, 1, 2), "2020-01-02"),
        ("2020-01-02", "2020-01-02"),
        ("2020-01-02T06:47:00Z", "2020-01-02T06:47:00Z"),
        ("2020-01-02T08:47:00+02:00", "2020-01-02T06:47:00Z"),
        ("Thu, 02 Jan 2020 06:47:00 +0000", "2020-01-02T06:47:00Z"),
    ],
)
def test_normalize_date(value: object, expected: str) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize("value", ["not-a-date", "2020-13-45", 12345, True, ["2020-01-02"], ""])
def test_normalize_date_refuses_non_dates(value: object) -> None:
    with pytest.raises(ValueError, match="not"):
        normalize_date(value)


# ------------------------------------------------------------------------ JSONL


def test_jsonl_one_article_per_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [
        {"text": "Acme hired Jane Doe.", "title": "Acme hires", "url": "https://a.example",
         "publishedDateTime": "2022-05-06T07:08:09Z", "provider": "Wire"},
        {},
        {"text": "Globex opened an office in Lyon.",
         "provider": {"name": "Daily", "domain": "daily.example"}, "topics": ["Business"]},
    ]  # fmt: skip
    (tmp_path / "news.jsonl").write_text(
        "\n".join(json.dumps(r) if r else "" for r in rows) + "\n", encoding="utf-8"
    )
    docs, report = ingest("news.jsonl")
    assert [d.doc_id for d in docs] == ["news.jsonl#line-1", "news.jsonl#line-3"]
    first, third = docs
    assert first.text == "Acme hires\n\nAcme hired Jane Doe."
    assert (first.title, first.url, first.published) == (
        "Acme hires",
        "https://a.example",
        "2022-05-06T07:08:09Z",
    )
    assert first.publisher == Publisher("Wire")
    assert third.publisher == Publisher("Daily", "daily.example")
    assert (third.title, third.topics, third.source_path) == (None, ("Business",), "news.jsonl")
    assert report.skipped == []


# --------------------------------------------------------------- long documents


def test_long_text_is_split_in_parts_without_losing_anything(tmp_path: Path) -> None:
    paragraphs = [
        f"Paragraph {n} says that Acme hired {n} engineers in Lyon. It also grew."
        for n in range(60)
    ]
    (tmp_path / "a.txt").write_text("\n\n".join(paragraphs) + "\n")
    docs, report = ingest(tmp_path / "a.txt", config=Config(max_chars=500))
    assert len(docs) > 5
    assert [d.doc_id for d in docs] == [f"a.txt#part-{n}" for n in range(1, len(docs) + 1)]
    assert all(len(d.text) <= 500 for d in docs)
    assert "\n\n".join(d.text for d in docs) == "\n\n".join(paragraphs)
    assert docs[0].parent_id is None
    assert {d.parent_id for d in docs[1:]} == {docs[0].doc_id}
    assert report.split == 1 and report.chars_cut == 0
    assert report.warnings == [
        ("a.txt", f"text longer than 500 characters: split into {len(docs)} parts")
    ]


def test_split_text_prefers_sentence_ends_then_spaces_then_anything() -> None:
    assert list(split_text("One two. Three four five.", 12)) == ["One two.", "Three four", "five."]
    assert list(split_text("abcdefghij", 4)) == ["abcd", "efgh", "ij"]
    text = "Acme grew. " * 1000
    pieces = list(split_text(text, 100))
    assert all(len(p) <= 100 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


# ------------------------------------------------------------------ chrome rules

CHROME_EXAMPLES = {
    "login-prompt": ["Remember meForgot password?", "Log in with Twitter", "Sign in",
                     "Log in or sign up", "Forgot your password?", "Sign in with Google"],
    "subscribe-prompt": ["Subscribe", "Subscribe to our newsletter", "Subscribe now!",
                         "Subscribe for full access", "Subscribe to get unlimited access",
                         "Sign up to our Technology Briefing newsletter"],
    "menu-line": ["Press Releases | Investors | Media Center", "Reprints | Terms | Privacy",
                  "Hooli Group Communications | Zentrix Media Relations | Sign up for alerts",
                  "Hooli Corporate Communications   |   Zentrix Media Relations",
                  "Home   Archive   Interviews   About   Subscribe   Sign in", "BUSINESS | TECH"],
    "share-prompt": ["Share on Facebook", "Tweet", "Share this article", "12 comments",
                     "Share this story   |   Follow us on WhatsApp", "Follow us on Twitter"],
    "release-source": ["SOURCE Samsung Electronics Co., Ltd.", "SOURCE: Acme Robotics"],
    "press-contact": ["Media Contacts", "Press inquiries:", "Investor Relations Contact",
                      "Media contact:"],
    "advertisement": ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement"],
    "teaser": ["READ NEXT: Microsoft joins calls for a national cybersecurity agency",
               "Read more", "Related: Acme buys Globex", "See also: Acme earnings",
               "Read more: Acme buys Globex",
               "Previous: What the licence allows Next: A week with the new model"],
    "section-heading": ["Latest News", "Top News", "Most Popular", "Trending Now", "Top Stories"],
    "tag-line": ["More about Microsoft, xiaomi, Ai, Artificial intelligence, Cloud",
                 "Tags: AI, cloud, robots", "Filed under: Business"],
    "source-credit": ["Source by : www.techinasia.com", "Source: Reuters", "Via: The Verge"],
    "photo-credit": ["Justin Sullivan, Getty/AFP", "Photo by Jane Doe/Getty Images",
                     "(AP Photo/Mark Schiefelbein)", "AFP via Getty Images", "Reuters",
                     "Photo: Shutterstock"],
    "byline": ["By James Walker Feb 26, 2018 in Technology", "By Jane Doe", "By Jane Doe, Reuters",
               "By Jane Doe and John Roe | Updated March 3, 2021",
               "Posted Oct 2, 2024 by Jordan Feldstein", "Published: 2024-05-01 By Jane Doe"],
    "wire-credit": ["(Reporting by Dana Whitfield; Editing by Mark Oyelaran)",
                    "Reporting by Mei-Ling Ortega in San Jose; Editing by Tom Hargreave",
                    "(Reporting by Jane Doe in Paris and John Roe in London; Additional reporting"
                    " by Ann Lee; Editing by Bill Berkrot)", "Writing by Jane Doe"],
    "separator": ["---", "* * *", "•••"],
}  # fmt: skip

# Ordinary news sentences, some written to look like chrome, none of which may be dropped.
ARTICLE_SENTENCES = [
    "Xiaomi opened its second headquarters in Wuhan on Wednesday.",
    "Microsoft CEO Satya Nadella visited a Xiaomi store in Beijing last year.",
    "The deal was first reported by Reuters.",
    "Shares of Acme rose 4% after the report, according to Bloomberg.",
    "Sign-in problems affected millions of users on Monday, the company said.",
    "Users can log in with their existing accounts, a spokesperson said.",
    "Readers who subscribe to the service will get early access to the device.",
    "More about the deal will be disclosed next month, the filing said.",
    "Related companies in the sector also gained ground.",
    "Read the full statement on the company's website.",
    "Top executives at the firm met regulators in Brussels.",
    "Latest figures show revenue grew 12% in the quarter.",
    "Most popular among buyers was the cheapest model.",
    "By the end of the year, Xiaomi expects to employ 10,000 people in Wuhan.",
    "By 2025, the market could be worth $50 billion.",
    "By Tuesday afternoon, the stock had recovered its losses.",
    "Source code for the model was released on GitHub.",
    "Sources said the talks had stalled over pricing.",
    "The photo, taken by a Getty Images photographer, went viral.",
    "Justin Sullivan, a photographer, covered the launch for Getty.",
    "Advertisement revenue fell for the third straight quarter.",
    "Share prices of chipmakers fell sharply on Friday.",
    "Tags on the products will show their carbon footprint.",
    "Remember me, she said, when you are famous.",
    "Forgot passwords are the most common support request, the survey found.",
    "The company did not respond to a request for comment.",
    "Lei Jun, Xiaomi's founder, said the company would invest $7 billion in AI.",
    "“We are committed to Wuhan,” Lei said at the ceremony.",
    "The new Memorandum of Understanding (MoU) was announced late last week.",
    "Alibaba, Tencent and Baidu are also investing heavily in large language models.",
    "Analysts at Morgan Stanley expect the unit to break even in 2025.",
    "It is not clear whether the regulator will approve the merger.",
    "Watch makers have struggled as smartphones took over timekeeping.",
    "Trending topics on Weibo included the launch event.",
    "Subscribers will pay $9.99 a month for the premium tier.",
    "Reuters reported that the company was considering a listing in Hong Kong.",
    "AP Photo editors selected the image as one of the year's best.",
    "Apple, Google and Microsoft all declined to comment.",
    "The firm employs about 2,000 people, mostly local recruits.",
    "Print and digital subscriptions rose for the first time in a decade.",
    "More than 300 engineers work on the Xiao Ai voice assistant.",
    "Featured speakers included executives from Qualcomm and Samsung.",
    "Subscribers to the Pro plan get full access to the model.",
    "Follow-up talks between the two companies are planned for May.",
    "Next, the company will ship the chip to carmakers.",
    "Sign up for the beta, the company told developers.",
    "The menu lists A | B | C as options, the filing said.",
    "Previously, the company had said it would not raise money.",
    "Revenue rose 5%   to $3 billion, the company said.",
    "Shares fell   in early trading.",
    "Media contacts at the company declined to comment on the report.",
    "SOURCES close to the company said the deal was off.",
    "Source: the company's annual report showed a loss of $3 billion for the year.",
    "Reporting by the Financial Times suggested the talks had stalled.",
    "Editing by hand is no longer needed, Adobe said.",
    "Posted revenue rose 12% by the end of the quarter.",
    "Investor inquiries rose sharply after the announcement, the bank said.",
]


def default_filter() -> ChromeFilter:
    return ChromeFilter.from_config(ChromeConfig())


def test_every_builtin_rule_has_examples_and_drops_them() -> None:
    assert set(CHROME_EXAMPLES) | {"image-prefix"} == set(CHROME_RULES)
    for name, lines in CHROME_EXAMPLES.items():
        rule = CHROME_RULES[name]
        for line in lines:
            assert rule.drops(line), (name, line)
            assert default_filter().clean_line(line) is None, (name, line)


def test_no_rule_drops_an_article_sentence() -> None:
    chrome = default_filter()
    kept = [s for s in ARTICLE_SENTENCES if chrome.clean_line(s) == s]
    assert kept == ARTICLE_SENTENCES
    assert list(chrome.filter(ARTICLE_SENTENCES)) == ARTICLE_SENTENCES


def test_image_prefix_is_stripped_from_a_glued_headline() -> None:
    chrome = default_filter()
    assert chrome.clean_line("article imageMicrosoft and Xiaomi to collaborate on AI") == (
        "Microsoft and Xiaomi to collaborate on AI"
    )
    assert chrome.clean_line("article image") is None
    assert chrome.clean_line("Article images were removed.") == "Article images were removed."


def test_repeated_caption_lines_are_kept_once() -> None:
    lines = ["Acme grew in 2020.", "Microsoft CEO Satya Nadella.", "Microsoft CEO Satya Nadella.",
             "Acme grew again.", "Xiaomi Mi Notebook Air", "xiaomi mi  notebook air",
             "Xiaomi Mi Notebook Air", "The end."]  # fmt: skip
    assert list(default_filter().filter(lines)) == [
        "Acme grew in 2020.",
        "Microsoft CEO Satya Nadella.",
        "Acme grew again.",
        "Xiaomi Mi Notebook Air",
        "The end.",
    ]


def test_a_headline_printed_twice_at_the_top_is_kept_once() -> None:
    lines = ["Acme hires Jane Doe", "Acme hires Jane Doe", "She starts in May."]
    assert list(default_filter().filter(lines)) == ["Acme hires Jane Doe", "She starts in May."]


def test_long_repeated_lines_are_not_captions() -> None:
    long_line = (
        "Acme said it would hire 500 engineers in Lyon and Berlin over the next three years " * 3
    )
    assert list(default_filter().filter([long_line, long_line])) == [long_line, long_line]


def test_chrome_config_extra_disable_and_enabled(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Acme grew.\nLatest News\nGet the daily deals digest\nJoin the club today\n"
    )
    path = tmp_path / "a.txt"
    default = ingest(path)[0][0].text
    assert default == "Acme grew.\n\nGet the daily deals digest\n\nJoin the club today"
    extra = ChromeConfig(extra_patterns=("^Get the daily", r"(?i)join the club"))
    assert ingest(path, config=Config(chrome=extra))[0][0].text == "Acme grew."
    disabled = Config(chrome=ChromeConfig(disable=("section-heading",)))
    assert "Latest News" in ingest(path, config=disabled)[0][0].text
    off = Config(chrome=ChromeConfig(enabled=False, extra_patterns=("Acme",)))
    assert ingest(path, config=off)[0][0].text.startswith("Acme grew.\n\nLatest News")
    no_caption = ChromeFilter.from_config(ChromeConfig(disable=(REPEATED_CAPTION,)))
    assert list(no_caption.filter(["A b", "A b", "C."])) == ["A b", "A b", "C."]


def test_chrome_config_errors_name_the_bad_value(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match=r"unknown rule 'no-such-rule'; valid rules are: .*teaser"
    ):
        iter_documents([tmp_path], config=Config(chrome=ChromeConfig(disable=("no-such-rule",))),
                       report=IngestReport())  # fmt: skip
    with pytest.raises(
        ConfigError, match=re.escape("'(unclosed' is not a valid regular expression")
    ):
        ChromeFilter.from_config(ChromeConfig(extra_patterns=("(unclosed",)))
    assert "repeated-caption" in rule_names()


def test_chrome_rules_are_fast_on_pathological_lines() -> None:
    chrome = default_filter()
    lines = ["sign in " * 36 + "x", "By " + "Aa " * 95 + "x", "Aa, " * 70 + "zz", "- " * 140 + "x",
             "Tags: " + "a " * 140 + ".", "Reuters/" * 36 + "x"]  # fmt: skip
    start = time.perf_counter()
    for line in lines:
        assert len(line) <= MAX_CHROME_LINE
        assert chrome.clean_line(line) == line
    assert time.perf_counter() - start < 1.0


# ------------------------------------------------------------------------ report


def test_report_records_each_problem_once_and_logs_it_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    report = IngestReport()
    with caplog.at_level(logging.WARNING, logger="kgraph.ingest"):
        for _ in range(3):
            report.skip("a.txt", "empty")
            report.warn("b.txt", "front matter ignored")
    assert report.skipped == [("a.txt", "empty")]
    assert report.warnings == [("b.txt", "front matter ignored")]
    assert [r.getMessage() for r in caplog.records] == [
        "skipped a.txt: empty",
        "b.txt: front matter ignored",
    ]


@pytest.mark.parametrize(
    "module",
    ["chrome", "decode", "discover", "frontmatter", "readers", "report", "stream", "text"],
)
def test_every_ingest_module_declares_all(module: str) -> None:
    mod = importlib.import_module(f"kgraph.ingest.{module}")
    assert mod.__all__
    for name in mod.__all__:
        assert hasattr(mod, name), name


# ------------------------------------------------------------ properties


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.just(""),
            st.text(
                alphabet=st.characters(
                    categories=["L", "N", "P", "Zs"], exclude_characters="\u2028\u2029"
                ),
                max_size=120,
            ),
        ),
        max_size=40,
    ),
    max_chars=st.integers(min_value=1, max_value=300),
)
def test_assembled_parts_are_bounded_and_lose_no_character(
    lines: list[str], max_chars: int
) -> None:
    clean = [normalize_line(line) for line in lines]
    parts = list(TextAssembler(max_chars).parts_of(clean))
    assert all(0 < len(p) <= max_chars for p in parts)
    assert all(p == p.strip() for p in parts)
    assert "".join("".join(parts).split()) == "".join("".join(clean).split())
