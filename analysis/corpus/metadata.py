"""Read what a page says about itself: dateline, relayed agency, outlet cues, date.

Every inferred value comes with the text that supports it (``*_evidence``),
and nothing is inferred where the text is silent: the caller then says
"unknown".  Known agencies, outlets and the outlets of web domains are data
(``lexicons/sources_default.toml``, extended by a study's own sources file).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .. import lexicons
from ..errors import LexiconError
from .tokens import ABBREVIATED_WORD, CAPITALS_WORD, OUTLET_NAME_WORD, TITLE_CASE_WORD

_PLACE = rf"{CAPITALS_WORD}(?:\s+{CAPITALS_WORD}){{0,3}}(?:,\s*{ABBREVIATED_WORD}(?:\s+{ABBREVIATED_WORD})?)?"
_TITLE_PLACE = rf"{TITLE_CASE_WORD}(?:\s+{TITLE_CASE_WORD}){{0,2}}"
_DATE = r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?))?"
_DATELINE = re.compile(
    rf"^(?:(?P<caps>{_PLACE}){_DATE}\s*(?:\((?P<agency1>[^)]{{2,40}})\))?|(?P<title>{_TITLE_PLACE}){_DATE}\s*\((?P<agency2>[^)]{{2,40}})\))\s*(?::|—|–|--|-)\s+(?=\S)"
)
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


@dataclass(eq=False)
class Sources:
    """Known names: ``agencies`` and ``outlets`` map each alias to its label, ``domains`` a web host to an outlet."""

    agencies: dict[str, str]   # alias -> label
    outlets: dict[str, str]    # alias -> label
    domains: dict[str, str]    # host ("foxnews.com", "english.ahram.org.eg") -> outlet label
    replace: bool = False      # a user's file that replaces the bundled one instead of adding to it

    @cached_property
    def agency_names(self) -> str:
        """A regular-expression group matching any agency alias (longest first), named ``agency``."""
        return rf"(?P<agency>{_alternation(self.agencies)})"

    @cached_property
    def agency_screen(self) -> re.Pattern:
        """Any agency alias, anywhere: a line it is not found in matches none of the patterns that name an agency
        (each holds :attr:`agency_names`, matched with the same case), so they are not tried there."""
        return re.compile(_alternation(self.agencies))

    @cached_property
    def relay_patterns(self) -> list[re.Pattern]:
        """Every way a sentence names an agency as a source, a passing citation included (see :func:`find_citations`)."""
        a = self.agency_names
        return [
            re.compile(rf"\(\s*{a}\s*\)"),
            re.compile(rf"\b(?:reported by|according to|quoted by|cited by|citing|told|(?:interview|interviews|talks?|spoke|speaking) (?:with|to)|said to|reports?)\s+(?:the\s+)?(?:news agency\s+)?(?:an?\s+)?(?:exclusive\s+)?{a}\b"),
            re.compile(rf"\b{a}\s+(?:news agency\s+)?(?:reported|reports|said|quoted|cited|contributed|wrote)\b"),
            re.compile(rf"\b(?:an?\s+)?(?:exclusive\s+)?{a}\s+(?:exclusive\s+)?interview\b"),
        ]


def _parse_sources(resource: lexicons.Resource) -> Sources:
    data = lexicons.toml(resource)
    lexicons.check_keys(data, ["agencies", "outlets", "domains", "replace"], str(resource.path))

    def invert(section: str) -> dict[str, str]:
        table = data.get(section, {})
        out = {}
        for label, aliases in table.items():
            for alias in [label, *lexicons.string_list(aliases, f"{resource.path}: [{section}]", label)]:
                out[alias] = label
        return out

    domains = {}
    for host, label in data.get("domains", {}).items():
        where = f"{resource.path}: [domains]"
        lexicons.check_type(label, str, where, host)
        key = host.strip().lower().removeprefix("www.")
        if not _HOST.match(key) or not label.strip():
            raise LexiconError(f"{where}: '{host}' = '{label}' is not a web domain and an outlet name; "
                               f"write it as \"example-news.com\" = \"Example News\"")
        domains[key] = label.strip()
    replace = lexicons.check_type(data.get("replace", False), bool, str(resource.path), "replace")
    return Sources(invert("agencies"), invert("outlets"), domains, replace)


def load_sources(ref: str | Path = "default", base: Path | None = None) -> Sources:
    """Known agencies, outlets and domains from a sources file (bundled name or path), read now, parsed once per
    content.  A file of one's own adds to the bundled ``default`` (its entries win), unless it says
    ``replace = true``."""
    resource = lexicons.read(ref, "sources", base)
    own = lexicons.parse(resource, _parse_sources)
    if own.replace or resource.path.resolve() == lexicons.resolve("default", "sources").resolve():
        return own
    bundled = lexicons.parse(lexicons.read("default", "sources"), _parse_sources)
    return Sources({**bundled.agencies, **own.agencies}, {**bundled.outlets, **own.outlets},
                   {**bundled.domains, **own.domains})


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


# -- relayed sources ------------------------------------------------------------
# A page relays an agency when it carries the agency's copy and shows it in one
# of the forms wire copy takes: a dateline "BAGHDAD (Reuters) -", a credit line
# "AFP , Friday 5 Jan 2024", a byline "By Jane Doe | AP", a sign-off "— AP",
# "Source: Reuters", "© 2024 The Associated Press", "AP contributed to this
# report"; or when it says that its material is the agency's ("in an exclusive
# interview with Reuters", "The remarks were reported by TASS.").  A citation
# in passing ("..., according to AFP", "Reuters reported", "told Reuters") is
# no relay: a story that cites AFP once is its own outlet's copy.  Photo
# credits ("(AP Photo/...)", "Photo: Reuters", "AFP via Getty Images") never
# count.

PHOTO_RULES = frozenset({"photo_credit", "slideshow"})
_PHOTO = re.compile(r"\b(?:photos?|photograph\w*|images?|pictures?|pics?|getty|shutterstock|file)\b|[A-Za-z]/[A-Z]",
                    re.IGNORECASE)
_SEP = r"\s*(?:,|\||·|•|/|–|—|-{1,2})\s*"
# forms showing that the page carries the agency's copy (the strongest evidence)
COPY_FORMS = ("dateline", "credit line", "byline", "sign-off", "source line", "copyright", "contribution")
# forms saying the page's material is the agency's
STATEMENT_FORMS = ("exclusive interview", "sourcing statement")


@dataclass(frozen=True)
class Relay:
    """The agency whose copy a page carries, the words that show it, and their form (one of
    :data:`COPY_FORMS` or :data:`STATEMENT_FORMS`); all None when the page shows none."""

    source: str | None = None
    evidence: str | None = None
    form: str | None = None

    @property
    def carries_copy(self) -> bool:
        """True for a form of :data:`COPY_FORMS` (a dateline, credit line, byline, ...)."""
        return self.form in COPY_FORMS


@lru_cache(maxsize=8)
def _copy_patterns(sources: Sources) -> list[tuple[str, re.Pattern, bool]]:
    """``(form, pattern, whole line)``: a whole-line pattern is matched against a line, the others searched in it."""
    a = sources.agency_names
    staff = r"(?:\s+(?:[Ss]taff|[Rr]eporters?|[Ww]riters?|[Cc]orrespondents?))?"
    return [
        ("credit line", re.compile(rf"^(?:[Tt]he\s+)?{a}{_SEP}(?P<rest>\S.*)$"), True),
        ("byline", re.compile(rf"^[Bb][Yy]:?\s+(?:[^|,]*?(?:{_SEP}|\s+and\s+|\s+))?(?:[Tt]he\s+)?{a}{staff}\s*(?:{_SEP}.*)?$"),
         True),
        ("sign-off", re.compile(rf"^[-—–]{{1,2}}\s*(?:[Tt]he\s+)?{a}\s*$"), True),
        ("source line", re.compile(rf"^\(?(?:[Ss]ources?|SOURCE|[Cc]ourtesy(?: of)?|[Ww]ith (?:files|reporting) (?:from|by)|"
                                   rf"[Bb]ased on (?:reporting|reports|files) (?:from|by))\s*:?\s*(?:the\s+)?{a}\s*[.;)]*\s*$"),
         True),
        ("source line", re.compile(rf"^\((?:[^()]{{0,30}}\s)?with\s+(?:the\s+)?{a}(?:\s*(?:,|and|&)\s*[^()]{{1,30}})?\)$"), True),
        ("copyright", re.compile(rf"(?:©|\([cC]\)|[cC]opyright|COPYRIGHT)\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?)?\s*,?\s*"
                                 rf"(?:[Tt]he\s+)?{a}\b"), False),
        ("contribution", re.compile(rf"(?:^|\b[Tt]he\s+|\s){a}\s+(?:also\s+)?contributed\s+(?:to\s+)?(?:this|the)\s+"
                                    rf"(?:report|story|article)"), False),
    ]


@lru_cache(maxsize=8)
def _leading_credit(sources: Sources) -> re.Pattern:
    """A paragraph opening with the agency's credit and no place: "(Reuters) - ..."."""
    return re.compile(rf"^\(\s*{sources.agency_names}\s*\)\s*(?::|—|–|--|-)\s+")


@lru_cache(maxsize=8)
def _statement_patterns(sources: Sources) -> list[tuple[str, re.Pattern]]:
    a = sources.agency_names
    said = r"(?:reported|carried|published|broadcast|relayed|aired)"
    return [
        ("exclusive interview", re.compile(rf"\b[Ee]xclusive interview (?:with|to|given to|granted to)\s+(?:the\s+)?{a}\b")),
        ("exclusive interview", re.compile(rf"\b(?:told|to)\s+(?:the\s+)?{a}\s+in an exclusive\b")),
        ("exclusive interview", re.compile(rf"\b[Ee]xclusive\s+{a}\s+interview\b")),
        ("exclusive interview", re.compile(rf"\b{a}\s+exclusive\s+interview\b")),
        ("sourcing statement", re.compile(
            rf"\b(?:remarks|comments|statements?|words|speech|interview|announcement)\b[^.;]{{0,60}}?"
            rf"\b(?:were|was|have been|has been|had been)\s+(?:first\s+|also\s+)?{said}\s+"
            rf"(?:[^.;]{{0,40}}?\s+and\s+(?:first\s+|also\s+)?{said}\s+)?by\s+(?:the\s+)?(?:news agency\s+)?{a}\b")),
    ]


def _dated(text: str) -> bool:
    return any(reading.iso or reading.problem for reading in read_dates(text))


def read_relay(lines: list[str], sources: Sources, removed: list[tuple[str, str]] = ()) -> Relay:
    """The agency whose copy a page carries, from its kept ``lines`` and its ``removed`` ``(line, rule)`` pairs.

    Copy forms (datelines, credit lines, bylines, sign-offs, source and
    copyright lines, "X contributed to this report") win over statements
    that the material is the agency's; within a kind, the agency shown most
    often, then first.  Citations in passing and photo credits are not read.
    """
    found: list[tuple[int, str, str, str]] = []     # (rank, label, evidence, form)
    copy = _copy_patterns(sources)
    statements = _statement_patterns(sources)
    candidates = [(line.strip(), None) for line in lines] + [(t.strip(), r) for t, r in removed]
    screen = sources.agency_screen
    for line, rule in candidates:
        if not line or rule in PHOTO_RULES or not screen.search(line):
            continue           # every form below names an agency (a dateline's is one of its aliases too)
        _, agency, end = split_dateline(line)
        if rule is None and agency in sources.agencies:
            found.append((0, sources.agencies[agency], _sentence_around(line, 0, end), "dateline"))
            continue
        if rule is None and (m := _leading_credit(sources).match(line)):
            found.append((0, sources.agencies[m.group("agency")], _sentence_around(line, 0, m.end()), "dateline"))
            continue
        for form, pattern, whole in copy:
            for m in ([pattern.match(line)] if whole else pattern.finditer(line)):
                if not m:
                    continue
                sentence = line if whole or form == "copyright" else _sentence_around(line, m.start(), m.end())
                if _PHOTO.search(sentence) or (form == "credit line" and not _dated(m.group("rest"))):
                    continue
                found.append((0, sources.agencies[m.group("agency")], sentence, form))
        for form, pattern in statements:
            for m in pattern.finditer(line):
                found.append((1, sources.agencies[m.group("agency")], _sentence_around(line, m.start(), m.end()), form))
    if not found:
        return Relay()
    rank = min(f[0] for f in found)
    best = [f for f in found if f[0] == rank]
    counts: dict[str, int] = {}
    for _, label, _, _ in best:
        counts[label] = counts.get(label, 0) + 1
    label = max(counts, key=lambda k: (counts[k], -list(counts).index(k)))
    _, _, evidence, form = next(f for f in best if f[1] == label)
    return Relay(label, evidence, form)


def find_relayed_source(lines: list[str], sources: Sources,
                        removed: list[tuple[str, str]] = ()) -> tuple[str | None, str | None]:
    """``(agency, evidence)`` of :func:`read_relay`; ``(None, None)`` when the page shows none."""
    relay = read_relay(lines, sources, removed)
    return relay.source, relay.evidence


def find_citations(lines: list[str], sources: Sources) -> list[tuple[str, str]]:
    """``(agency, sentence)`` for every sentence of ``lines`` that cites an agency ("according to AFP",
    "Reuters reported", "told Reuters"): what the page attributes to an agency without carrying its copy."""
    out = []
    for line in lines:
        if not sources.agency_screen.search(line):
            continue
        for pattern in sources.relay_patterns:
            for m in pattern.finditer(line):
                sentence = _sentence_around(line, m.start(), m.end())
                if not _PHOTO.search(sentence) and (sources.agencies[m.group("agency")], sentence) not in out:
                    out.append((sources.agencies[m.group("agency")], sentence))
    return out


def no_relay_evidence(lines: list[str], sources: Sources) -> str:
    """What ``relayed_source_evidence`` says when a page carries no agency's copy: the citations it makes, if any."""
    cited = find_citations(lines, sources)
    if not cited:
        return "the text credits no agency or other outlet"
    names = list(dict.fromkeys(label for label, _ in cited))
    first = cited[0][1]
    first = first if len(first) <= 160 else first[:157] + "..."
    return (f"the text cites {', '.join(names)} in passing ({len(cited)} time{'s' * (len(cited) > 1)}: '{first}') "
            f"but carries no credit, dateline or byline of its copy")


_NAME = rf"(?P<outlet>{OUTLET_NAME_WORD}(?:\s+(?:{OUTLET_NAME_WORD}|of|the|and|&)){{0,5}})"
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
    in <outlet>".  A copyright line naming a news agency is not a publisher
    cue (see :func:`read_relay`).  A disclaimer naming one publisher under another outlet's
    masthead means a republished piece: the disclaimer's publisher is the
    outlet, the masthead's outlet the original.
    """
    masthead = next(((sources.outlets[line.strip()], line.strip()) for line in head_lines
                     if line.strip() in sources.outlets), None)
    publisher = None
    for kind, pattern in _PUBLISHER_CUES:
        # a copyright line naming an agency credits the agency's copy (or photo), not the page's publisher
        publisher = next(((name, line.strip()) for line in boilerplate
                          if (name := _named(pattern, line, sources))
                          and not (kind == "copyright" and name in sources.agencies)), None)
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


# -- publication date ------------------------------------------------------------
# A page's date lines ("AFP , Friday 5 Jan 2024", "January 5, 2024", "Updated
# 19 January 2024", "Published: 05/01/2024") are removed from the text by the
# cleaner; their date is read here.  Only a full date (day, month and year) is
# read, by explicit patterns (never a parser that fills in what is missing);
# a relative date ("2 hours ago") is not guessed, and numbers that could be
# day/month or month/day are reported as ambiguous, not guessed either.

# the cleaner's rules that remove a page's own date lines ("By Jane Doe | January 5, 2024" is a breadcrumb's
# shape); not teaser blocks or comments, whose dates are other articles' and readers'
DATE_RULES = ("timestamp", "credit_line", "byline", "breadcrumb")
_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE_FORMS = [
    ("mdy", re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?:(?!\d)|(?=\d{{1,2}}:\d{{2}}))",
                       re.IGNORECASE)),
    ("dmy", re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+"
                       rf"(?P<year>\d{{4}})(?:(?!\d)|(?=\d{{1,2}}:\d{{2}}))", re.IGNORECASE)),
    ("iso", re.compile(r"(?<![\d/.-])(?P<year>\d{4})([-/.])(?P<month>\d{1,2})\2(?P<day>\d{1,2})(?!\d)")),
    ("numeric", re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})([-/.])(?P<b>\d{1,2})\2(?P<year>\d{4})(?!\d)")),
    ("short", re.compile(r"(?<![\d/.-])\d{1,2}([-/.])\d{1,2}\1\d{2}(?![\d/.-])")),
]
_RELATIVE = re.compile(r"\b(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
                       r"|\b(?:yesterday|today|just now)\b", re.IGNORECASE)
_LABELS = re.compile(r"(?<![a-z])(?P<label>first published|published|posted|created|issued|last updated|last modified|updated|"
                     r"modified|edited)\b", re.IGNORECASE)
_UPDATE_LABELS = {"last updated", "last modified", "updated", "modified", "edited"}
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]


@dataclass(frozen=True)
class DateReading:
    """One date on a line: ``iso`` (YYYY-MM-DD) when it can be read, else ``problem`` says why not; ``kind``
    is ``published`` or ``updated`` after such a label, else ``date``."""

    iso: str | None
    kind: str
    text: str
    problem: str | None = None


def _iso(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def read_dates(line: str) -> list[DateReading]:
    """Every date a date line holds, in order, each with the label before it (``Updated ...``)."""
    spans: list[tuple[int, int, str | None, str | None]] = []
    for form, pattern in _DATE_FORMS:
        for m in pattern.finditer(line):
            if any(m.start() < e and s < m.end() for s, e, _, _ in spans):
                continue
            problem = None
            if form == "short":
                iso, problem = None, f"'{m.group(0)}' has a two-digit year (the order of its parts is not known; not guessed)"
            elif form in ("mdy", "dmy"):
                iso = _iso(int(m["year"]), _MONTHS[m["month"].lower()], int(m["day"]))
            elif form == "iso":
                iso = _iso(int(m["year"]), int(m["month"]), int(m["day"]))
            else:
                a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
                if a == b or (a > 12 >= b):
                    iso = _iso(year, b, a)
                elif b > 12 >= a:
                    iso = _iso(year, a, b)
                else:
                    iso = None
                    if _iso(year, b, a) and _iso(year, a, b):
                        problem = (f"ambiguous: {m.group(0)} is {a} {_MONTH_NAMES[b - 1]} or {b} {_MONTH_NAMES[a - 1]} "
                                   f"{year} (day and month cannot be told apart; not guessed)")
            if iso or problem:
                spans.append((m.start(), m.end(), iso, problem))
    for m in _RELATIVE.finditer(line):
        spans.append((m.start(), m.end(), None, f"relative: '{m.group(0)}' (not guessed)"))
    labels = [(m.start(), m["label"].lower()) for m in _LABELS.finditer(line)]
    out = []
    for start, end, iso, problem in sorted(spans):
        label = next((lab for pos, lab in reversed(labels) if pos < start), None)
        kind = "updated" if label in _UPDATE_LABELS else "published" if label else "date"
        out.append(DateReading(iso, kind, line[start:end], problem))
    return out


def parse_date(text: str) -> str | None:
    """The ISO date (YYYY-MM-DD) of a date line, or None when absent, ambiguous (05-01-2024) or relative."""
    return next((r.iso for r in read_dates(text) if r.iso), None)


def find_published(lines: list[tuple[int, str]]) -> tuple[str | None, str | None]:
    """``(date, evidence)`` from a page's date lines, given as ``(line number, text)`` in page order.

    The publication date wins over an update date ("Published 5 Jan 2024 |
    Updated 19 Jan 2024" gives 5 January); a date without a label counts as
    the publication date; the first such line wins.  Without a readable date,
    the evidence says why (an ambiguous or relative date), or is None when
    the lines hold no date at all.
    """
    readings, pending = [], None      # (where, the line as quoted, reading)
    for n, text in lines:
        text = text.strip()
        found = read_dates(text)
        label = _LABELS.search(text)
        if not found:
            # a label on a line of its own ("Updated" above "3:45 PM EST, Fri January 5, 2024") labels the next line
            pending = (n, text, label["label"].lower()) if label else None
            continue
        where, quoted = f"line {n}", f"'{text}'"
        if pending and not label and isinstance(n, int) and 0 < n - pending[0] <= 3:
            kind = "updated" if pending[2] in _UPDATE_LABELS else "published"
            found = [DateReading(r.iso, kind, r.text, r.problem) for r in found]
            where, quoted = f"lines {pending[0]}{'-' if n - pending[0] == 1 else ', '}{n}", f"'{pending[1]}' '{text}'"
        pending = None
        readings += [(where, quoted, r) for r in found]
    unread = next((f"{where}: {quoted}: {r.problem}" for where, quoted, r in readings if r.problem), None)
    for where, quoted, r in readings:
        if r.iso and r.kind != "updated":
            return r.iso, f"{where}: {quoted}"
    for where, quoted, r in readings:
        if r.iso:
            why = f"the page's other date, {unread}" if unread else "the page gives no publication date"
            return r.iso, f"{where}: {quoted} (an update date; {why})"
    return None, unread


# -- outlet from the page's address ----------------------------------------------

@lru_cache(maxsize=1)
def _domain_extractor():
    """tldextract with its bundled Public Suffix List snapshot only: nothing fetched, nothing cached on disk."""
    import tldextract
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True,
                                 include_psl_private_domains=True)


def registered_domain(url: str) -> str | None:
    """The registered domain of a URL ("https://www.bbc.co.uk/news/x" → "bbc.co.uk"), None without one."""
    host = _host(url)
    if not host:
        return None
    return _domain_extractor()(host).top_domain_under_public_suffix or None


def _host(url: str) -> str | None:
    text = str(url).strip()
    if not text:
        return None
    if "://" not in text:
        text = "//" + text.lstrip("/")
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".").removeprefix("www.") if host else None


def outlet_from_url(url: str | None, sources: Sources) -> tuple[str | None, str | None]:
    """``(outlet, evidence)`` named by a page's URL, or ``(None, None)`` when it names no web domain.

    The domains table of the sources file is looked up by the host and each
    domain above it down to the registered domain ("english.ahram.org.eg",
    then "ahram.org.eg"); a domain not in the table is the outlet's name by
    itself ("example-news.com").
    """
    archived = _ARCHIVED.match(str(url or "").strip())
    if archived:        # a Wayback Machine copy: the page's own address is inside the archive's
        url = archived["original"]
    host = _host(url) if url else None
    domain = registered_domain(host) if host else None
    if not domain:
        return None, None
    note = f" of the page archived at {archived['archive']}" if archived else ""
    parts = host.split(".")
    for i in range(len(parts) - len(domain.split(".")) + 1):
        candidate = ".".join(parts[i:])
        if candidate in sources.domains:
            return sources.domains[candidate], (f"url domain {candidate}{note} "
                                                f"(domains table: {sources.domains[candidate]})")
    return domain, f"url domain {domain}{note} (not in the domains table: the domain is the name)"


_ARCHIVED = re.compile(r"^(?:https?://)?(?P<archive>(?:web\.)?archive\.org)/web/[^/]+/(?P<original>\S+)$", re.IGNORECASE)
