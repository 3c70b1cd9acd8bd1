"""Page chrome: named line rules that strip web-page furniture before NLP.

Every rule has a name (``login-prompt``, ``teaser``, …) and is looked up in
:data:`CHROME_RULES`. A rule either *drops* a whole line or *strips* a prefix glued
to it (an image's alt text before a headline); a line a strip rule leaves empty is
dropped. The one contextual rule, ``repeated-caption``, keeps one copy of a short line
repeated on the next lines (an image caption printed twice). ``kgraph.yaml`` can add
drop rules (``chrome.extra_patterns``, regular expressions searched in each line,
named ``extra-1``, ``extra-2``, …), turn rules off by name (``chrome.disable``) or turn
them all off (``chrome.enabled: false``).

The rules describe generic web furniture (login prompts, teasers, section headings,
tag lines, credits, bylines), never the lines of particular articles. Built-in drop
rules match a *whole* line, and no rule (built-in or extra) looks at a line longer
than :data:`MAX_CHROME_LINE` characters, so an article paragraph is never dropped;
the test suite runs the rules over many ordinary news sentences to keep it that way.
Every pattern is either anchored with bounded repetition or checked by a small
function (``photo-credit``), so a hostile line cannot make a rule backtrack for long.

>>> chrome = ChromeFilter.from_config(ChromeConfig())
>>> list(chrome.filter(["Log in with Twitter", "Xiaomi opened a store.", "Latest News"]))
['Xiaomi opened a store.']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from ..config import ChromeConfig
from ..errors import ConfigError

__all__ = [
    "CHROME_RULES",
    "MAX_CHROME_LINE",
    "REPEATED_CAPTION",
    "ChromeFilter",
    "ChromeRule",
    "rule_names",
]

#: Rules ignore longer lines: furniture is short, paragraphs are not.
MAX_CHROME_LINE = 300
#: Name of the contextual rule that keeps one copy of a short line printed twice.
REPEATED_CAPTION = "repeated-caption"
_CAPTION_MAX_CHARS = 150
_CAPTION_MAX_WORDS = 20


@dataclass(frozen=True, slots=True)
class ChromeRule:
    """One named line rule.

    Attributes:
        name: The name ``chrome.disable`` refers to.
        description: What the rule removes, for humans.
        pattern: Built-in rules: must match the whole line (``fullmatch``); extra
            rules from the config: searched anywhere in the line.
        action: ``drop`` the line, or ``strip`` the matched prefix and keep the rest.
        check: Optional extra condition on the (whole) line for ``drop`` rules.
        anywhere: Search the pattern instead of matching the whole line.
    """

    name: str
    description: str
    pattern: re.Pattern[str]
    action: Literal["drop", "strip"] = "drop"
    check: Callable[[str], bool] | None = None
    anywhere: bool = False

    def drops(self, line: str) -> bool:
        """Return whether this ``drop`` rule removes ``line``."""
        found = self.pattern.search(line) if self.anywhere else self.pattern.fullmatch(line)
        return found is not None and (self.check is None or self.check(line))

    def strip(self, line: str) -> str:
        """Return ``line`` without the prefix this ``strip`` rule matches."""
        found = self.pattern.match(line)
        return line[found.end() :].lstrip() if found else line


_SEP = r"[\s|/·•,.:;!?>»–—-]*"
_AGENCY = (
    r"(?:Getty(?: Images)?|AFP|Reuters|AP(?: Photo)?|Associated Press|Shutterstock|"
    r"EPA(?:-EFE)?|EFE|Xinhua|Bloomberg|iStock(?:photo)?|Alamy|Anadolu(?: Agency)?|"
    r"PA(?: Images| Wire)?|Imaginechina|NurPhoto|SOPA Images|LightRocket|Corbis|"
    r"Wikimedia Commons|Unsplash|Flickr|Pexels)"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_TIME = r"(?:(?:,\s*|\s+at\s+|\s+)\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)"


def _words_after_colon(limit: int) -> Callable[[str], bool]:
    def check(line: str) -> bool:
        _, _, rest = line.partition(":")
        return len(rest.split()) <= limit

    return check


def _at_most_words(limit: int) -> Callable[[str], bool]:
    def check(line: str) -> bool:
        return len(line.split()) <= limit

    return check


def _list_or_short(line: str) -> bool:
    rest = re.sub(r"^\W*\w+(?:\s+\w+)?\s*:?", "", line)
    return "," in rest or len(rest.split()) <= 6


_CREDIT_PREFIX = re.compile(r"(?:photo(?:graph)?|image|picture|credit)s?(?: by|:)\s*:?\s*", re.I)
_CREDIT_SPLIT = re.compile(r"\s*[,/|;]\s*|\s+(?:via|for)\s+")
_AGENCY_RE = re.compile(_AGENCY)
_NAME_RE = re.compile(_NAME)
_CREDIT_ROLE = (
    r"(?i:(?:(?:additional|further) )?(?:reporting|writing|editing|edited|written|compiled))"
)


def _is_photo_credit(line: str) -> bool:
    """Names and agencies separated by ``,`` ``/`` ``|`` or ``via``, with an agency last.

    Written as a split plus simple matches, not one regular expression: names and
    agencies overlap ("Reuters" is both), which makes one pattern backtrack badly.
    """
    core = _CREDIT_PREFIX.sub("", line.strip().strip("()").rstrip("."), count=1)
    segments = _CREDIT_SPLIT.split(core)
    if not 1 <= len(segments) <= 6:
        return False
    agencies = [bool(_AGENCY_RE.fullmatch(s)) for s in segments]
    if not (agencies[-1] or (agencies[0] and len(segments) == 2)):
        return False
    return all(a or _NAME_RE.fullmatch(s) for a, s in zip(agencies, segments, strict=True))


def _rule(
    name: str,
    description: str,
    pattern: str,
    *,
    action: Literal["drop", "strip"] = "drop",
    flags: int = re.IGNORECASE,
    check: Callable[[str], bool] | None = None,
) -> ChromeRule:
    return ChromeRule(name, description, re.compile(pattern, flags), action, check)


def _alternatives(*words: str) -> str:
    """A line made only of these phrases and separators."""
    return rf"{_SEP}(?:(?:{'|'.join(words)}){_SEP})+"


_BAR = re.compile(r"\s+\|\s+")
_GAP = re.compile(r"\s{3,}")


def _menu_items(line: str) -> bool:
    """Two items or more between bars, or three or more between gaps of three spaces,
    each a few words with no sentence ending."""
    if _BAR.search(line):
        items = [i.strip() for part in _BAR.split(line) for i in _GAP.split(part)]
    else:
        items = [i.strip() for i in _GAP.split(line)]
        if len(items) < 3:
            return False
    return len(items) >= 2 and all(
        0 < len(item.split()) <= 6 and item[-1] not in ".!?,;:" for item in items
    )


_BUILTIN: tuple[ChromeRule, ...] = (
    _rule(
        "image-prefix",
        "alt text glued before a headline: 'article imageMicrosoft and …'",
        r"(?:article|featured|lead|hero|main|header|thumbnail|story) image"
        r"(?:\s*[:|–—-]\s*|(?=[A-Z0-9\"“‘']|$))",
        action="strip",
        flags=0,
    ),
    _rule(
        "login-prompt",
        "login and account prompts: 'Remember me', 'Forgot password?', 'Log in with …'",
        _alternatives(
            r"remember me",
            r"forgot(?: your)? (?:password|username|login(?: details)?)",
            r"(?:log|sign)[ -]?(?:in|on|out|up)"
            r"(?: (?:with|via|using|through) [\w+.]+(?: [\w+.]+)?)?",
            r"register(?: now| for free)?",
            r"create (?:an |your )?(?:free )?account",
            r"reset (?:your )?password",
            r"not a (?:member|subscriber)",
            r"already (?:a (?:member|subscriber)|have an account)",
            r"join (?:now|free|us)",
            r"keep me (?:logged|signed) in",
            r"username|password|e-?mail(?: address)?|or",
        ),
    ),
    _rule(
        "subscribe-prompt",
        "subscription prompts: 'Subscribe', 'Subscribe to our newsletter'",
        r"(?:subscribe|sign up|get (?:our|the) newsletter)(?: now| today| for free| here)?"
        r"(?: (?:to|for) (?:our|the|my)(?: [\w&'-]+){0,3}? (?:newsletters?|mailing list|"
        r"updates|alerts|digest|podcast|channel)(?: \w+){0,3}|"
        r" (?:for|to get) (?:full|unlimited|complete|premium|digital) access(?: \w+){0,3})?[.!]?",
    ),
    _rule(
        "share-prompt",
        "share and comment buttons: 'Share on Facebook', 'Tweet', '12 comments'",
        _alternatives(
            r"share(?: this(?: article| story| post| page)?)?(?: (?:on|via|to))?"
            r"(?: (?:facebook|twitter|x|linkedin|whatsapp|e-?mail|reddit|pinterest|telegram))*",
            r"tweet",
            r"follow us(?: (?:on|via))?"
            r"(?: (?:facebook|twitter|x|linkedin|whatsapp|instagram|telegram|youtube|threads|"
            r"google news|bluesky|mastodon))*",
            r"print(?: this(?: article| page| story)?)?",
            r"e-?mail this(?: article| story)?",
            r"copy link",
            r"\d+ comments?",
            r"comments? \(\d+\)",
            r"(?:leave|post|add) a comment",
        ),
    ),
    _rule(
        "advertisement",
        "ad slots: 'Advertisement', 'Story continues below', 'Skip Ad'",
        r"(?:advertisement|advertising|sponsored(?: content| post)?|"
        r"story continues below(?: advertisement)?|scroll (?:down )?to continue(?: with content)?|"
        r"continue reading(?: below| the main story)?|"
        r"skip (?:to (?:main )?content|ad|advertisement))[.:]?",
    ),
    _rule(
        "teaser",
        "links to other articles: 'READ NEXT: …', 'Read more', 'Related: …', 'See also: …'",
        r"(?:read next|read more|read also|also read|see also|related(?: (?:articles?|stories|"
        r"news|coverage|content|reading|posts?|links?))?|"
        r"recommended(?: for you| reading| stories)?|"
        r"you (?:may|might) also like|more (?:stories|news)|don'?t miss|must read|watch|"
        r"listen|(?:previous|next)(?: (?:post|article|story))?)"
        r"(?:\s*(?:[:|»>–—]|\s-)\s*\S.*|\s*[.…:»>]*)",
    ),
    _rule(
        "section-heading",
        "section headings: 'Latest News', 'Top News', 'Most Popular', 'Trending'",
        r"(?:(?:latest|top|breaking|trending|popular|most popular|most read|most viewed|"
        r"most shared|recent|featured|editor'?s'? picks?|more|local|world|business|tech)"
        r"(?: (?:news|stories|articles|posts|headlines|videos|reads|updates|now))?|"
        r"in other news|around the web|from the web|from our partners)[:.]?",
    ),
    _rule(
        "tag-line",
        "tag lines: 'More about Microsoft, Xiaomi, AI', 'Tags: …', 'Filed under: …'",
        r"(?:more (?:about|on)\s*:?|(?:tags?|tagged(?: with)?|topics?|filed under|categories|"
        r"category|keywords)\s*:)\s*[^.!?]{1,200}",
        check=_list_or_short,
    ),
    _rule(
        "source-credit",
        "source credits: 'Source: Reuters', 'Source by : www.example.com', 'Via: …'",
        r"(?:sources?(?:\s+by)?|via|courtesy(?: of)?|credits?|(?:image|photo|picture) "
        r"(?:source|credit)s?)\s*:\s*\S.{0,150}",
        check=_words_after_colon(8),
    ),
    _rule(
        "photo-credit",
        "photo credits ending in an agency: 'Justin Sullivan, Getty/AFP', 'AP Photo/Name'",
        r".{1,150}",
        check=_is_photo_credit,
    ),
    _rule(
        "byline",
        "bylines: 'By Jane Doe  Feb 26, 2018 in Technology', 'Posted May 2, 2024 by Jane Doe'",
        rf"(?:(?:Posted|Published|Updated)(?: on)?:?\s*{_DATE}{_TIME}?,?\s+[Bb]y|By)"
        rf"\s+{_NAME}(?:\s+(?:and|&)\s+{_NAME})?(?:\s*[,|•·–—-]\s*{_NAME})?"
        rf"(?:\s*[,|•·–—-]?\s*(?:(?:Published|Updated|Posted)(?: on)?:?\s*)?{_DATE}{_TIME}?)?"
        rf"(?:\s+in\s+[A-Z][\w&]*(?:\s+[A-Z&][\w&]*){{0,3}})?",
        flags=0,
    ),
    _rule(
        "release-source",
        "the issuer line closing a wire press release: 'SOURCE Acme Robotics, Inc.'",
        r"SOURCE:?\s+[A-Z0-9][^\n]{0,120}",
        flags=0,
        check=_at_most_words(12),
    ),
    _rule(
        "press-contact",
        "press-release contact headings: 'Media Contacts', 'Press inquiries:', 'Investor Contact'",
        r"(?:media|press|investor|investors|ir|pr)(?: relations)? "
        r"(?:contacts?|enquiries|inquiries|information)(?: only)?:?",
    ),
    _rule(
        "wire-credit",
        "agency credit lines: '(Reporting by Jane Doe in Paris; Editing by John Roe)'",
        rf"\(?{_CREDIT_ROLE} by {_NAME}(?: in {_NAME})?"
        rf"(?:\s*(?:;|,|and)\s*(?:{_CREDIT_ROLE} by )?{_NAME}(?: in {_NAME})?)*\s*\)?\.?",
        flags=0,
    ),
    _rule(
        "menu-line",
        "menus and footers: short items between bars or wide gaps: 'Press | Investors', "
        "'Home   Archive   About   Subscribe'",
        r"[^|\n]{1,40}(?:(?:\s+\|\s+|\s{3,})[^|\n]{1,40})+",
        check=_menu_items,
    ),
    _rule(
        "separator",
        "separator lines: '---', '* * *', '•••'",
        r"[\s\-–—_*=~•·#.]{3,}",
    ),
)

#: Every built-in rule by name (read-only). ``repeated-caption`` is contextual and is
#: handled by :class:`ChromeFilter`; its name is listed in :func:`rule_names`.
CHROME_RULES: Mapping[str, ChromeRule] = MappingProxyType({r.name: r for r in _BUILTIN})


def rule_names() -> tuple[str, ...]:
    """Return the names ``chrome.disable`` accepts, sorted."""
    return tuple(sorted([*CHROME_RULES, REPEATED_CAPTION]))


def _norm_key(line: str) -> str:
    return " ".join(line.casefold().split())


def _is_caption(line: str) -> bool:
    return 0 < len(line) <= _CAPTION_MAX_CHARS and len(line.split()) <= _CAPTION_MAX_WORDS


@dataclass(frozen=True, slots=True)
class ChromeFilter:
    """The active chrome rules of one run.

    Attributes:
        strip_rules: Prefix rules applied first.
        drop_rules: Line rules; a line any of them matches is dropped.
        repeated_caption: Whether the ``repeated-caption`` rule is on.
    """

    strip_rules: tuple[ChromeRule, ...] = ()
    drop_rules: tuple[ChromeRule, ...] = ()
    repeated_caption: bool = False

    @classmethod
    def from_config(cls, config: ChromeConfig) -> ChromeFilter:
        """Compile the rules ``config`` asks for.

        Raises:
            ConfigError: ``disable`` names an unknown rule, or an extra pattern is not a
                valid regular expression.
        """
        valid = rule_names()
        for name in config.disable:
            if name not in valid:
                raise ConfigError(
                    f"chrome.disable: unknown rule {name!r}; valid rules are: {', '.join(valid)}"
                )
        if not config.enabled:
            return cls()
        extra = []
        for n, pattern in enumerate(config.extra_patterns, 1):
            try:
                compiled = re.compile(pattern)
            except re.error as err:
                raise ConfigError(
                    f"chrome.extra_patterns: {pattern!r} is not a valid regular expression ({err})"
                ) from err
            extra.append(
                ChromeRule(f"extra-{n}", f"config pattern {pattern!r}", compiled, anywhere=True)
            )
        active = [r for r in _BUILTIN if r.name not in config.disable]
        return cls(
            strip_rules=tuple(r for r in active if r.action == "strip"),
            drop_rules=tuple(r for r in active if r.action == "drop") + tuple(extra),
            repeated_caption=REPEATED_CAPTION not in config.disable,
        )

    def clean_line(self, line: str) -> str | None:
        """Return ``line`` with prefixes stripped, or None when a rule drops it.

        Lines longer than :data:`MAX_CHROME_LINE` are returned unchanged.
        """
        if not line or len(line) > MAX_CHROME_LINE:
            return line
        for rule in self.strip_rules:
            line = rule.strip(line)
            if not line:
                return None
        for rule in self.drop_rules:
            if rule.drops(line):
                return None
        return line

    def filter(self, lines: Iterable[str]) -> Iterator[str]:
        """Yield the lines no rule drops; blank lines pass through.

        ``repeated-caption``: a short line equal to the line right after it (an image
        caption, or a headline, printed twice by the page) is kept once: the
        repetition is page furniture, the caption's words ("Xiaomi Mi Notebook Air",
        "Microsoft CEO Satya Nadella.") are often the only mention of what the picture
        shows.
        """
        pending: str | None = None
        for raw in lines:
            line = self.clean_line(raw)
            if line is None:
                continue
            if (
                pending is not None
                and self.repeated_caption
                and _is_caption(line)
                and _norm_key(line) == _norm_key(pending)
            ):
                continue
            if pending is not None:
                yield pending
            pending = line
        if pending is not None:
            yield pending
