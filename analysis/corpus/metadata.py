"""Read what a page says about itself: dateline, relayed agency, outlet cues, date.

Every inferred value comes with the text that supports it (``*_evidence``),
and nothing is inferred where the text is silent: the caller then says
"unknown".  Known agencies and outlets are data (``lexicons/sources_default.toml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import lexicons

_PLACE = r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
_TITLE_PLACE = r"[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){0,2}"
_DATE = r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?))?"
_DATELINE = re.compile(
    rf"^(?:(?P<caps>{_PLACE}){_DATE}\s*(?:\((?P<agency1>[^)]{{2,40}})\))?|(?P<title>{_TITLE_PLACE}){_DATE}\s*\((?P<agency2>[^)]{{2,40}})\))\s*(?::|—|–|--|-)\s+(?=\S)"
)


@dataclass(eq=False)
class Sources:
    agencies: dict[str, str]   # alias -> label
    outlets: dict[str, str]    # alias -> label

    @cached_property
    def relay_patterns(self) -> list[re.Pattern]:
        a = rf"(?P<agency>{_alternation(self.agencies)})"
        return [
            re.compile(rf"\(\s*{a}\s*\)"),
            re.compile(rf"\b(?:reported by|according to|quoted by|cited by|citing|told|(?:interview|interviews|talks?|spoke|speaking) (?:with|to)|said to|reports?)\s+(?:the\s+)?(?:news agency\s+)?(?:an?\s+)?(?:exclusive\s+)?{a}\b"),
            re.compile(rf"\b{a}\s+(?:news agency\s+)?(?:reported|reports|said|quoted|cited|contributed|wrote)\b"),
            re.compile(rf"\b(?:an?\s+)?(?:exclusive\s+)?{a}\s+(?:exclusive\s+)?interview\b"),
            re.compile(rf"^[-—–]\s*{a}\s*$"),
        ]


def _parse_sources(resource: lexicons.Resource) -> Sources:
    data = lexicons.toml(resource)
    lexicons.check_keys(data, ["agencies", "outlets"], str(resource.path))

    def invert(section: str) -> dict[str, str]:
        table = data.get(section, {})
        out = {}
        for label, aliases in table.items():
            for alias in [label, *lexicons.string_list(aliases, f"{resource.path}: [{section}]", label)]:
                out[alias] = label
        return out

    return Sources(invert("agencies"), invert("outlets"))


def load_sources(ref: str | Path = "default", base: Path | None = None) -> Sources:
    """Known agencies and outlets from a sources file (bundled name or path), read now, parsed once per content."""
    return lexicons.parse(lexicons.read(ref, "sources", base), _parse_sources)


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def find_dateline(paragraph: str) -> tuple[str | None, str | None]:
    """``("BAGHDAD", "Reuters")`` for "BAGHDAD (Reuters) - ...", ``(None, None)`` without one."""
    place, agency, _ = split_dateline(paragraph)
    return place, agency


def split_dateline(paragraph: str) -> tuple[str | None, str | None, int]:
    """``(place, agency, end)``: the dateline and where the prose after it starts (0 without one)."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None, None, 0
    place = (m.group("caps") or m.group("title")).strip()
    if m.group("caps") and len(place.replace(" ", "")) < 3:
        return None, None, 0
    return place, (m.group("agency1") or m.group("agency2")), m.end()


_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])")


def _sentence_around(line: str, start: int, end: int) -> str:
    """The sentence of ``line`` that holds ``line[start:end]`` (a rough split is enough for evidence)."""
    cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(line)), len(line)]
    lo = max(c for c in cuts if c <= start)
    hi = min((c for c in cuts if c >= end), default=len(line))
    return line[lo:hi].strip()


def find_relayed_source(lines: list[str], sources: Sources) -> tuple[str | None, str | None]:
    """The agency the text credits most often, and the first sentence that credits it."""
    counts: dict[str, int] = {}
    evidence: dict[str, str] = {}
    for line in lines:
        for pattern in sources.relay_patterns:
            for m in pattern.finditer(line):
                label = sources.agencies[m.group("agency")]
                counts[label] = counts.get(label, 0) + 1
                evidence.setdefault(label, _sentence_around(line, m.start(), m.end()))
    if not counts:
        return None, None
    best = max(counts, key=lambda k: (counts[k], -list(counts).index(k)))
    return best, evidence[best]


_WORD = r"[A-Z][\w&'’\-]*(?:\.[a-z]{2,})?"    # "Courier", "IraqiNews.com"; not "Courier."
_NAME = rf"(?P<outlet>{_WORD}(?:\s+(?:{_WORD}|of|the|and|&)){{0,5}})"
# Cues naming the publisher of the page, strongest first.  A disclaimer
# ("X does not share the views expressed here") is written by the site that
# republishes a piece, so it names the page's publisher even under another
# outlet's masthead.
_PUBLISHER_CUES = [
    ("disclaimer", re.compile(rf"\b{_NAME}\s+(?:does not|doesn[’']t|is not responsible|assumes no|neither endorses)\b")),
    ("disclaimer", re.compile(rf"(?:views|opinions|position|those) of\s+{_NAME}")),
    ("more_from", re.compile(rf"^(?:More|MORE|more) (?:from|From|FROM|on|On|at|At)\s+{_NAME}")),
    ("copyright", re.compile(rf"(?:©|\([cC]\)|[cC]opyright|COPYRIGHT)\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?)?\s*,?\s*{_NAME}")),
]
# Cues naming the original publisher of a republished piece.
_ORIGINAL_CUES = [
    re.compile(rf"\b(?:originally|first) (?:published|appeared|posted|ran) (?:in|on|by|at|with)\s+(?:the\s+)?{_NAME}"),
    re.compile(rf"\brepublished (?:with permission )?(?:from|with permission of)\s+(?:the\s+)?{_NAME}"),
]
_NOT_NAMES = {"the", "this", "our", "we", "it", "they", "its", "his", "her"}


@dataclass(frozen=True)
class PageSource:
    """Who published the page and, for a republished piece, whose piece it is; each with the line that says so."""

    outlet: str | None = None
    outlet_evidence: str | None = None
    original: str | None = None
    original_evidence: str | None = None


def _strip_headline(name: str) -> str:
    # "More from The Stock Dork – Some teaser" -> "The Stock Dork"
    return re.split(r"\s+[–—|:-]\s+", name, maxsplit=1)[0].strip(" .,\"'“”")


def _named(pattern: re.Pattern, line: str, sources: Sources) -> str | None:
    m = pattern.search(line.strip().strip("\"“” "))
    if not m:
        return None
    name = re.sub(r"(?:\s+(?:and|of|the|&))+$", "", _strip_headline(m.group("outlet")))
    if not name or name.lower() in _NOT_NAMES:
        return None
    return sources.outlets.get(name, name)


def find_outlet(head_lines: list[str], boilerplate: list[str], sources: Sources) -> PageSource:
    """The publisher of a page (and the original of a republished piece), from the page's own words.

    Cues: a masthead (a line among the first that is just a known outlet's
    name); in the removed boilerplate, a disclaimer naming the publisher, a
    "More from <site>" block, a copyright line; and "originally published
    in <outlet>".  A disclaimer naming one publisher under another outlet's
    masthead means a republished piece: the disclaimer's publisher is the
    outlet, the masthead's outlet the original.
    """
    masthead = next(((sources.outlets[line.strip()], line.strip()) for line in head_lines
                     if line.strip() in sources.outlets), None)
    publisher = None
    for kind, pattern in _PUBLISHER_CUES:
        publisher = next(((name, line.strip()) for line in boilerplate
                          if (name := _named(pattern, line, sources))), None)
        if publisher:
            break
    original = next(((name, line.strip()) for pattern in _ORIGINAL_CUES for line in boilerplate
                     if (name := _named(pattern, line, sources))), None)
    if masthead and publisher and publisher[0] != masthead[0] and kind == "disclaimer":
        return PageSource(*publisher, *(original or masthead))
    outlet = masthead or publisher
    if outlet and original and original[0] == outlet[0]:
        original = None
    return PageSource(*(outlet or (None, None)), *(original or (None, None)))


_DATE_PREFIX = re.compile(r"^(?:published|updated|posted|last updated|first published|created|date)\s*(?:on|at)?\s*:?\s*", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")


def parse_date(text: str) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date line, or None when absent or ambiguous (05-01-2024)."""
    text = _DATE_PREFIX.sub("", text.strip())
    if m := _ISO.search(text):
        candidate = "-".join(m.groups())
    elif m := _NUMERIC.search(text):
        a, b, year = (int(g) for g in m.groups())
        if a > 12 >= b:
            candidate = f"{year:04d}-{b:02d}-{a:02d}"
        elif b > 12 >= a:
            candidate = f"{year:04d}-{a:02d}-{b:02d}"
        else:
            return None  # day and month cannot be told apart
    else:
        text = re.split(r"\s+(?:at\s+)?\d{1,2}:\d{2}", text)[0]
        candidate = text
    try:
        stamp = pd.to_datetime(candidate, errors="coerce")
    except (ValueError, OverflowError):
        return None
    if stamp is pd.NaT or pd.isna(stamp) or not 1900 <= stamp.year <= 2100:
        return None
    return stamp.strftime("%Y-%m-%d")
