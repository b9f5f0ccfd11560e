"""Study settings: one options object, filled from a TOML file, the command line or notebook parameters.

A study names its corpus, its lexicons, the two poles of the frame axis, the
column(s) to compare, stop words, topic and ingest settings.  The bundled
study (``analysis/studies/iraq_coalition.toml``) is the default for its own
corpus; a corpus named without a study file gets the neutral generic study
(``analysis/studies/generic.toml``: the Policy Frames Codebook, no story
actors), never the Iraq lexicons.  Copy either to start your own; every key
is documented in the bundled study.

>>> s = load_settings()                                      # the bundled study
>>> s = load_settings("my_study.toml", {"compare.by": ["leaning"]})   # doctest: +SKIP

Unknown keys and wrong types are errors naming the key and the file (with
the nearest valid key when it looks like a slip: ``term`` → ``terms``).
Overrides use dotted keys (``"axis.positive"``) or the section-less
shorthands of :data:`SHORTHANDS` (``corpus``, ``frames``, ``actors``, ``by``,
``k``...), which is what the CLI flags and notebook parameters set.

Relative paths in a study file resolve against the file's folder; those of
the bundled studies resolve against the project root; those given as
overrides (CLI flags, notebook parameters) against the caller's working
directory.  :func:`check_names` checks every setting that names a column or
a frame against what the corpus and lexicons hold, once, in one message.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from . import lexicons
from .errors import LexiconError, SettingsError, did_you_mean, with_choices
from .paths import PACKAGE_DIR, ROOT
from .schema import measure_tables_with

log = logging.getLogger(__name__)

STUDIES = PACKAGE_DIR / "studies"
DEFAULT_STUDY = STUDIES / "iraq_coalition.toml"
GENERIC_STUDY = STUDIES / "generic.toml"    # for a corpus named without a study file
REMOVED_SECTIONS: dict[str, str] = {}     # sections no longer read, with what to do instead


@dataclass(frozen=True)
class StudyInfo:
    name: str = "Untitled study"
    description: str = ""
    corpus: str = "data/raw"
    synthetic: bool = False        # a corpus of invented text: every report says so


@dataclass(frozen=True)
class LexiconSettings:
    frames: tuple[str, ...] = ("policy",)   # first: the study's own lexicon; the axis uses its frames
    actors: str = ""                        # "" for none
    sources: str = "default"
    rules: tuple[str, ...] = ("default",)   # boilerplate rules files, applied in order
    stopwords: tuple[str, ...] = ("news",)  # extra stop-word lists (besides scikit-learn's English list)
    speech: str = "default"                 # reported-speech verbs, speaker words, titles (voices and quotes)
    register: str = "default"               # words VADER misreads in news (used when sentiment.news_register)


@dataclass(frozen=True)
class AxisSettings:
    positive: str = ""                      # "" : the first frame of the first lexicon
    negative: str = ""                      # "" : its second frame


@dataclass(frozen=True)
class CompareSettings:
    by: tuple[str, ...] = ("source_label",)  # grouping column(s); "outlet" means source_label
    event: str = ""                          # a column naming the event/story, for within-event comparisons
    date: str = "published"                  # the date column for time views
    count_copies: bool = False               # count every copy of syndicated articles
    frames_method: str = "dictionary"        # or "classifier" when a coded sheet trains one


@dataclass(frozen=True)
class TermsSettings:
    stop_words: tuple[str, ...] = ()         # extra stop words for distinctive terms and topics
    min_count: int = 3                       # a term must be used this often by the group
    z: float = 1.96                          # and clear this z-score to be listed
    ngram_max: int = 2
    numbers: str = "drop"                    # "drop", "keep" or "mask" (as the token NUM)
    scorer: str = "log_odds"                 # how terms are scored: "log_odds" (informative prior) or "chi2"


@dataclass(frozen=True)
class TopicSettings:
    k: int = 0                               # 0: choose k from coherence and stability
    k_min: int = 2
    k_max: int = 12
    unit: str = "paragraph"                  # "article", "paragraph" or "window"
    method: str = "nmf"                      # or "lda"
    sample: int = 5000                       # units used to choose k (a seeded sample beyond this)
    restarts: int = 3                        # random restarts for the stability curve
    seed: int = 0


@dataclass(frozen=True)
class SentimentSettings:
    news_register: bool = True               # neutralise names and reporting verbs VADER misreads
    stance_model: str = "words"              # actor stance: "words" (fast) or "context" (a sentence encoder,
                                             # more accurate, ~18 mentions/s; the [context] extra)


@dataclass(frozen=True)
class IngestSettings:
    max_mb: float = 20.0
    near_duplicate_threshold: float = 0.8


@dataclass(frozen=True)
class CodingSettings:
    frames: tuple[str, ...] = ()             # hand-coded frame sheets (one per coder) for the study's own lexicon
    stance: tuple[str, ...] = ()             # hand-coded stance of actor mentions
    stance_train: tuple[str, ...] = ()       # coded mentions in written sentences that train the study's stance
                                             # classifier (analysis.measures.study_stance); never a held-out sheet
    quotes: tuple[str, ...] = ()             # hand-coded quotes and reported statements


@dataclass(frozen=True)
class ValiditySettings:
    min_alpha: float = 0.667                 # held-out Krippendorff's alpha a measure needs before differences are stated
    min_units: int = 50                      # coded sentences (mentions) a held-out figure must rest on to count
    min_positives: int = 10                  # a frame's held-out sentences coded present, and as many absent, needed
    test_share: float = 0.4                  # share of a coded sheet's articles frozen as its test part
    split_seed: int = 0                      # seed of that split (analysis.corpus.coding.heldout_articles)
    split_by: str = "text"                   # what the split is drawn from: "text" (each article's text, so a
                                             # corpus moved or renamed keeps it) or "id" (the path-made article id)
    test_part_seen: bool = False             # the lexicon or rules were written with the test part in view (before
                                             # the split): figures on it then count as in-sample, not held-out


@dataclass(frozen=True)
class EngineSettings:
    """Where the per-article work runs (README "Large corpora"); both engines give the same tables."""

    name: str = "local"                      # "local" (one process) or "dask" (a dask.distributed cluster)
    scheduler: str = ""                      # a running scheduler's address (tcp://host:8786); "": a LocalCluster
    workers: int = 0                         # LocalCluster worker processes; 0: one per core
    partition_size: int = 1000               # articles per ingest partition (the measures: one slice per worker)
    memory_limit: str = "auto"               # per LocalCluster worker: "auto" (memory / workers) or "4GB"
    duplicates: str = "exact"                # near-duplicate pairs: "exact" (all pairs counted) or "minhash" (LSH)


SECTIONS = {
    "study": StudyInfo, "lexicons": LexiconSettings, "axis": AxisSettings, "compare": CompareSettings,
    "terms": TermsSettings, "topics": TopicSettings, "sentiment": SentimentSettings,
    "ingest": IngestSettings, "coding": CodingSettings, "validity": ValiditySettings, "engine": EngineSettings,
}
CHOICES = {
    ("terms", "numbers"): ("drop", "keep", "mask"),
    ("terms", "scorer"): ("log_odds", "chi2"),          # the scorers of analysis.compare.keyness.SCORERS
    ("validity", "split_by"): ("text", "id"),
    ("topics", "unit"): ("article", "paragraph", "window"),
    ("topics", "method"): ("nmf", "lda"),
    ("compare", "frames_method"): ("dictionary", "classifier"),
    ("engine", "name"): ("local", "dask"),
    ("engine", "duplicates"): ("exact", "minhash"),
    ("sentiment", "stance_model"): ("words", "context"),   # analysis.measures.context_stance.STANCE_MODELS
}
# flat names used by the CLI flags and notebook parameters
SHORTHANDS = {
    "corpus": "study.corpus", "frames": "lexicons.frames", "actors": "lexicons.actors",
    "sources": "lexicons.sources", "rules": "lexicons.rules", "speech": "lexicons.speech",
    "register": "lexicons.register", "by": "compare.by", "event": "compare.event",
    "count_copies": "compare.count_copies", "axis_positive": "axis.positive", "axis_negative": "axis.negative",
    "k": "topics.k", "unit": "topics.unit", "method": "topics.method", "stop_words": "terms.stop_words",
    "max_mb": "ingest.max_mb", "near_duplicate_threshold": "ingest.near_duplicate_threshold",
    "news_register": "sentiment.news_register",
    "stance_model": "sentiment.stance_model", "date": "compare.date", "engine": "engine.name",
}


@dataclass(frozen=True)
class Settings:
    """A study's settings (sections as in the study file) and where they came from."""

    study: StudyInfo = field(default_factory=StudyInfo)
    lexicons: LexiconSettings = field(default_factory=LexiconSettings)
    axis: AxisSettings = field(default_factory=AxisSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    terms: TermsSettings = field(default_factory=TermsSettings)
    topics: TopicSettings = field(default_factory=TopicSettings)
    sentiment: SentimentSettings = field(default_factory=SentimentSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    coding: CodingSettings = field(default_factory=CodingSettings)
    validity: ValiditySettings = field(default_factory=ValiditySettings)
    engine: EngineSettings = field(default_factory=EngineSettings)
    source: str = "defaults"                 # the file the settings came from
    base: Path = ROOT                        # relative paths resolve against this folder
    overridden: tuple[str, ...] = ()         # dotted keys set by overrides (CLI flags, notebook parameters)

    # -- paths and resources -------------------------------------------------
    @property
    def corpus(self) -> Path:
        path = Path(self.study.corpus).expanduser()
        # "study/../articles" is shown in messages as "articles": the folder named, without the detour
        return path if path.is_absolute() else Path(os.path.normpath(self.base / path))

    @contextmanager
    def naming(self, key: str):
        """Errors of the files read inside (a lexicon that is missing or malformed) name the dotted ``key``
        that named them and where it was set (the study file, or the option)."""
        try:
            yield
        except LexiconError as exc:
            raise LexiconError(f"{self.origin(key)}: {key}: {exc}") from None

    def resource(self, kind: str, ref: str, key: str) -> lexicons.Resource:
        """The data file ``ref`` of a ``kind`` (``frames``...) named by the dotted ``key``, read now."""
        with self.naming(key):
            return lexicons.read(ref, kind, self.base)

    def frame_resources(self) -> list[lexicons.Resource]:
        return [self.resource("frames", r, "lexicons.frames") for r in self.lexicons.frames]

    def actor_resource(self) -> lexicons.Resource | None:
        return self.resource("actors", self.lexicons.actors, "lexicons.actors") if self.lexicons.actors else None

    def source_resources(self) -> list[lexicons.Resource]:
        """The sources file, and the bundled one it extends (unless it is that one): an edit to either changes
        the cache key (:func:`analysis.corpus.metadata.load_sources` merges them)."""
        own = self.resource("sources", self.lexicons.sources, "lexicons.sources")
        bundled = self.resource("sources", "default", "lexicons.sources")
        return [own] if own.path.resolve() == bundled.path.resolve() else [bundled, own]

    def resources(self) -> dict[str, list[lexicons.Resource]]:
        """Every data file the study uses, read now (hashes of their current content)."""
        lex, coding = self.lexicons, self.coding
        return {"frames": self.frame_resources(),
                "actors": [r] if (r := self.actor_resource()) else [],
                "sources": self.source_resources(),
                "rules": [self.resource("rules", r, "lexicons.rules") for r in lex.rules],
                "stopwords": [self.resource("stopwords", r, "lexicons.stopwords") for r in lex.stopwords],
                "speech": [self.resource("speech", lex.speech, "lexicons.speech")],
                "register": [self.resource("register", lex.register, "lexicons.register")],
                **{f"coding_{name}": [self.resource("coding", r, f"coding.{name}") for r in getattr(coding, name)]
                   for name in ("frames", "stance", "stance_train", "quotes")}}

    # -- records -------------------------------------------------------------
    def as_dict(self) -> dict:
        """The settings as the nested dict a study file holds (paths as written)."""
        return {name: {f.name: _plain(getattr(getattr(self, name), f.name)) for f in fields(cls)}
                for name, cls in SECTIONS.items()}

    def digest(self, *sections: str) -> str:
        """Hash of the named sections (all when none named) and of the files they refer to."""
        data = self.as_dict()
        chosen = {k: data[k] for k in (sections or data)}
        h = hashlib.sha256(json.dumps(chosen, sort_keys=True).encode())
        if not sections or "lexicons" in sections:
            for kind, items in self.resources().items():
                for r in items:
                    h.update(f"{kind}:{r.sha256}".encode())
        return h.hexdigest()[:16]

    def provenance(self) -> dict:
        """Settings, files with their content hashes, and the settings file, for every report and table."""
        return {"settings_file": self.source, "settings": self.as_dict(),
                "resources": [r.describe() for items in self.resources().values() for r in items]}

    def with_overrides(self, overrides: dict[str, Any] | None) -> "Settings":
        """A copy with dotted-key (or shorthand) overrides applied; ``None`` values are ignored."""
        if not overrides:
            return self
        data = self.as_dict()
        given = {}
        for key, value in overrides.items():
            if value is None:
                continue
            dotted = SHORTHANDS.get(key, key)
            section, _, name = dotted.partition(".")
            if section in REMOVED_SECTIONS:
                raise SettingsError(f"setting '{key}' no longer exists: {REMOVED_SECTIONS[section]}")
            if section not in SECTIONS or not name:
                raise SettingsError(f"unknown setting '{key}'{did_you_mean(key, [*SHORTHANDS, *SECTIONS])}; use "
                                    f"section.key (sections: {', '.join(SECTIONS)}) or one of {', '.join(SHORTHANDS)}")
            lexicons.check_keys({name: value}, [f.name for f in fields(SECTIONS[section])],
                                f"setting [{section}]", SettingsError)
            value = resolve_overrides({dotted: value})[dotted]
            data[section][name] = value
            given[dotted] = value
        # a new frame lexicon keeps the study's axis when it holds both its frames, in the study's order; else
        # the axis is dropped (and marked overridden, so the reports can say why); the coded sheets of the old
        # lexicon no longer apply
        if "lexicons.frames" in given and not {"axis.positive", "axis.negative"} & set(given):
            poles = (self.axis.positive, self.axis.negative)
            frames = data["lexicons"]["frames"]
            first = frames if isinstance(frames, str) else (list(frames) or [""])[0]
            held = _frame_ids(first, self.base) if first else set()
            # a lexicon that cannot be read says so itself, once, when the resources are read: no warning first
            if any(poles) and held is not None and not set(poles) <= held:
                log.warning("%s: the frames given (--frames / frames=: %s) do not hold the study's axis frames %s "
                            "(axis.positive and axis.negative), so the axis is dropped; name two of the new "
                            "lexicon's frames in the [axis] section of a study file (or with --axis-positive and "
                            "--axis-negative)", self.source, first, " and ".join(f"'{p}'" for p in poles if p))
                data["axis"] = {"positive": "", "negative": ""}
                given.update({"axis.positive": "", "axis.negative": ""})
        if ("lexicons.frames" in given or "study.corpus" in given) and "coding.frames" not in given:
            data["coding"]["frames"] = []          # sheets coded on another corpus or for another lexicon
        if "study.corpus" in given:
            for key in ("stance", "quotes"):
                if f"coding.{key}" not in given:
                    data["coding"][key] = []
        if "lexicons.actors" in given:       # sheets coded for another lexicon's actors
            for key in ("stance", "stance_train"):
                if f"coding.{key}" not in given:
                    data["coding"][key] = []
        return _build(data, self.source, self.base, tuple(dict.fromkeys([*self.overridden, *given])))

    @property
    def corpus_named_by(self) -> str | None:
        """What named the corpus folder, said first in a message about it: ``"s.toml: study.corpus"``, or the
        overrides that set it (a notebook's ``corpus=``); None for the package's default."""
        if self.source == "defaults" and "study.corpus" not in self.overridden:
            return None
        return f"{self.origin('study.corpus')}: study.corpus"

    @property
    def axis_dropped(self) -> bool:
        """Whether an override of ``lexicons.frames`` dropped the study's axis: the new lexicon does not hold
        both of its frames (:meth:`with_overrides` then marks both poles overridden, to "")."""
        return ("lexicons.frames" in self.overridden and {"axis.positive", "axis.negative"} <= set(self.overridden)
                and not (self.axis.positive or self.axis.negative))

    def origin(self, key: str) -> str:
        """Where the value of a dotted key came from: the study file, or the overrides."""
        if key not in self.overridden:
            return self.source
        short = next((k for k, v in SHORTHANDS.items() if v == key), None)
        named = f" (--{short.replace('_', '-')} / {short}=)" if short else ""
        return f"the command line or notebook parameters{named}"


def _frame_ids(ref: str, base: Path) -> set[str] | None:
    """The frame ids of the frame lexicon ``ref`` (a file or a bundled name); None when it cannot be read (the
    error is raised, naming the file, when the settings' resources are read)."""
    try:
        table = lexicons.toml(lexicons.read(ref, "frames", base)).get("frame")
    except LexiconError:
        return None
    return set(table) if isinstance(table, dict) else set()


def resolve_overrides(overrides: dict[str, Any] | None, base: str | Path | None = None) -> dict[str, Any]:
    """Overrides with every path made absolute against ``base`` (default: the caller's working directory;
    bundled names kept), so they mean the same in a notebook kernel started elsewhere (papermill runs in
    ``notebooks/``)."""
    out = {}
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        dotted = SHORTHANDS.get(key, key)
        if dotted == "study.corpus":
            value = str(_absolute(str(value), base))
        elif dotted.partition(".")[0] in ("lexicons", "coding"):
            value = _absolute_paths(value, base)
        elif isinstance(value, Path):
            value = str(value)
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def _absolute(text: str, base: str | Path | None = None) -> Path:
    path = Path(text).expanduser()
    return (Path(base) / path if base is not None and not path.is_absolute() else path).resolve()


def _absolute_paths(value, base: str | Path | None = None):
    """Paths given on the command line or in a notebook are relative to where it runs, not to the study file."""
    if isinstance(value, (list, tuple)):
        return [_absolute_paths(v, base) for v in value]
    text = str(value)
    if isinstance(value, Path) or "/" in text or "\\" in text or "." in text:
        return str(_absolute(text, base))
    return value                             # a bundled name such as "iraq"


def _plain(value):
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    return value


def _coerce(section: str, name: str, value, default, where: str):
    kind = type(default)
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]                      # "by = 'leaning'" means one column
        return tuple(lexicons.string_list(value, where, f"{section}.{name}", SettingsError))
    if kind is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: {section}.{name} is {value!r}; it must be true or false")
        return value
    if kind is int:
        if isinstance(value, str) and value.strip().lower() == "auto" and name == "k":
            return 0
        if isinstance(value, float) and value.is_integer():
            value = int(value)
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int):
            raise SettingsError(f"{where}: {section}.{name} is {value!r}; it must be {_number_words(section, name)}")
        return kind(value)
    return lexicons.check_type(value, str, where, f"{section}.{name}", SettingsError)


def _number_words(section: str, name: str) -> str:
    """What a number setting must be, in words: ``a whole number, 1 to 5 (...)`` (its range in :data:`RANGES`)."""
    noun = "a whole number" if isinstance(getattr(SECTIONS[section](), name), int) else "a number"
    words = RANGES.get((section, name), (0, 0, ""))[2]
    auto = ' or "auto"' if (section, name) == ("topics", "k") else ""
    return f"{noun}{', ' + words if words else ''}{auto}"


def _build(data: dict, source: str, base: Path, overridden: tuple[str, ...] = ()) -> Settings:
    where = source
    for section, why in REMOVED_SECTIONS.items():
        if section in data:
            log.warning("%s: [%s] is no longer read: %s", where, section, why)
            data = {k: v for k, v in data.items() if k != section}
    lexicons.check_keys(data, list(SECTIONS), where, SettingsError)
    made = {}
    for section, cls in SECTIONS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise SettingsError(f"{where}: [{section}] must be a table of settings, not {type(table).__name__}")
        lexicons.check_keys(table, [f.name for f in fields(cls)], f"{where}: [{section}]", SettingsError)
        defaults = cls()
        values = {}
        for f in fields(cls):
            if f.name in table:
                value = _coerce(section, f.name, table[f.name], getattr(defaults, f.name), where)
                allowed = CHOICES.get((section, f.name))
                if allowed and value not in allowed:
                    raise SettingsError(f"{where}: {section}.{f.name} is {value!r}" + with_choices(value, allowed))
                values[f.name] = value
        made[section] = replace(defaults, **values)
    settings = Settings(**made, source=source, base=base, overridden=overridden)
    _check_values(settings, where)
    return settings


# every number a study can set, with the range that makes sense; NaN and infinity are never in range
RANGES = {
    ("ingest", "max_mb"): (0, 10_000, "more than 0 and at most 10,000 (MB)", False),
    ("ingest", "near_duplicate_threshold"): (0, 1, "more than 0 and at most 1", False),
    ("topics", "k"): (0, 200, "0 (choose) to 200", True),
    ("topics", "k_min"): (2, 200, "2 to 200", True),
    ("topics", "k_max"): (2, 200, "2 to 200", True),
    ("topics", "sample"): (10, 1_000_000, "10 to 1,000,000 units", True),
    ("topics", "restarts"): (0, 20, "0 (no stability: coherence alone) to 20", True),
    ("topics", "seed"): (0, 2**32 - 1, "0 to 4,294,967,295", True),
    ("terms", "min_count"): (1, 1_000_000, "1 to 1,000,000", True),
    ("terms", "z"): (0, 50, "0 to 50", True),
    ("terms", "ngram_max"): (1, 5, "1 to 5 (words to five-word phrases)", True),
    ("validity", "min_alpha"): (0, 1, "0 to 1", True),
    ("validity", "min_units"): (1, 1_000_000, "1 to 1,000,000 coded units", True),
    ("validity", "min_positives"): (0, 1_000_000, "0 to 1,000,000 coded units", True),
    ("validity", "test_share"): (0, 1, "more than 0 and less than 1", False),
    ("validity", "split_seed"): (0, 2**32 - 1, "0 to 4,294,967,295", True),
    ("engine", "workers"): (0, 4096, "0 (one per core) to 4,096", True),
    ("engine", "partition_size"): (1, 10_000_000, "1 to 10,000,000 articles", True),
}
_ADDRESS = re.compile(r"(?:(?:tcp|tls|ucx|inproc)://)?[\w.\-\[\]:]+:\d{1,5}")
_MEMORY = re.compile(r"auto|\d+(?:\.\d+)?\s*(?:[kKmMgGtT]i?[bB]?|[bB])", re.I)


def _in_range(value: float, low: float, high: float, closed: bool, section: str, name: str) -> bool:
    if not math.isfinite(value):
        return False
    if closed:
        return low <= value <= high
    if (section, name) == ("validity", "test_share"):
        return low < value < high
    return low < value <= high


def out_of_range(section: str, name: str, value: float) -> str | None:
    """The words of the range in :data:`RANGES` that ``value`` of ``section.name`` lies outside ("more than 0
    and at most 10,000 (MB)"), or None when it is in range."""
    low, high, words, closed = RANGES[(section, name)]
    return None if _in_range(float(value), low, high, closed, section, name) else words


def _check_values(s: Settings, where: str) -> None:
    for section, name in RANGES:
        value = getattr(getattr(s, section), name)
        words = out_of_range(section, name, value)
        if words:
            raise SettingsError(f"{where}: {section}.{name} is {value!r}; it must be {words}")
    if s.engine.scheduler and not _ADDRESS.fullmatch(s.engine.scheduler.strip()):
        raise SettingsError(f"{where}: engine.scheduler is {s.engine.scheduler!r}; it must be a scheduler address "
                            "such as 'tcp://10.0.0.5:8786' (or '' for a LocalCluster)")
    if not _MEMORY.fullmatch(s.engine.memory_limit.strip()):
        raise SettingsError(f"{where}: engine.memory_limit is {s.engine.memory_limit!r}; it must be 'auto' or a size "
                            "such as '4GB' or '1500MB'")
    if s.topics.k_max < s.topics.k_min:
        raise SettingsError(f"{where}: topics.k_max ({s.topics.k_max}) is below topics.k_min ({s.topics.k_min})")
    if not s.lexicons.frames:
        raise SettingsError(f"{where}: lexicons.frames names no frame lexicon")
    if not s.compare.by:
        raise SettingsError(f"{where}: compare.by names no grouping column")
    for section, name in (("lexicons", "frames"), ("lexicons", "rules"), ("lexicons", "stopwords"),
                          ("coding", "frames"), ("coding", "stance"), ("coding", "stance_train"), ("coding", "quotes"),
                          ("compare", "by")):
        values = getattr(getattr(s, section), name)
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:      # a lexicon listed twice would count every match twice
            raise SettingsError(f"{where}: {section}.{name} lists {', '.join(map(repr, repeated))} more than once")


def default_study(overrides: dict[str, Any] | None = None) -> Path:
    """The study used when none is named: the bundled Iraq study for its own corpus (or when no corpus is
    named), the generic study (Policy Frames Codebook, no story actors) for any other corpus."""
    corpus = (overrides or {}).get("corpus", (overrides or {}).get("study.corpus"))
    if corpus is None:
        return DEFAULT_STUDY
    bundled = Path(str(corpus)).expanduser().resolve()
    own = (ROOT / tomllib.loads(DEFAULT_STUDY.read_text(encoding="utf-8"))["study"]["corpus"]).resolve()
    return DEFAULT_STUDY if bundled == own else GENERIC_STUDY


def study_path(path: str | Path) -> Path:
    """A study file: a path (relative to the working directory), or the name of a bundled study (``demo``)."""
    text = str(path)
    bare = "/" not in text and "\\" not in text and not text.endswith(".toml")
    if bare and (STUDIES / f"{text}.toml").is_file():
        return STUDIES / f"{text}.toml"
    found = Path(text).expanduser()
    if not found.exists() and not found.is_symlink():
        names = sorted(p.stem for p in STUDIES.glob("*.toml"))
        raise SettingsError(f"--study {text}: no study file {found} and no bundled study of that name"
                            f"{with_choices(text.removesuffix('.toml'), names).replace('; valid:', '; bundled:')}")
    return found


def load_settings(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Settings from a study file, with overrides applied.

    ``path`` may name a bundled study (``"demo"``); when it is None the study
    is :func:`default_study`: the bundled one for its own corpus, the generic
    one for a corpus named in ``overrides``.
    """
    path = study_path(path) if path else default_study(overrides)
    raw = lexicons.read_limited(path, "study file", SettingsError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: cannot read study file: {exc}") from None
    data = lexicons.parse_toml(text, path, SettingsError)
    bundled = path.resolve().parent == STUDIES.resolve()
    settings = _build(data, str(path), ROOT if bundled else path.resolve().parent)
    try:
        settings.resources()                 # every file it names exists and is readable, checked now
    except LexiconError as exc:              # the message names the study file and the key
        raise SettingsError(str(exc)) from None
    return settings.with_overrides(overrides)


def by_clash(column: str) -> str:
    """Why the article column ``column`` cannot be a grouping column (it is also a column of measure tables,
    :func:`~analysis.schema.measure_tables_with`), or "" when it can: the rest of a sentence whose subject is
    the column ("... 'stance' is also a column of the actor mentions table: ...").
    """
    tables = measure_tables_with(column)
    if not tables:
        return ""
    return (f"is also a column of the {' and '.join(tables)} table"
            f"{'s' if len(tables) > 1 else ''}: grouping by it would mix the articles' '{column}' with the "
            f"measure's own; rename the articles' column (for example to '{column}_group' in the corpus or its "
            f"metadata file) and compare by the new name")


def check_names(settings: Settings, *, columns, frames=None, corpus: str | Path | None = None) -> None:
    """Check every setting that names a column (``compare.by``, ``compare.event``, ``compare.date``) or a
    frame (``axis.positive``, ``axis.negative``) against what exists.

    ``columns`` are the article table's columns; ``frames`` the frame ids of
    the study's own lexicon (None: not checked).  Every mistake found is
    listed in one :class:`SettingsError` naming the key, where it was set and
    the valid choices (a suggestion only when one is close).
    """
    columns = [str(c) for c in columns]
    where = f" of {corpus}" if corpus else ""
    problems = []
    for col in settings.compare.by:
        name = "source_label" if col == "outlet" else col
        if name not in columns:
            problems.append((f"compare.by", f"names the column '{col}', which the articles{where} do not have"
                             + with_choices(col, columns)))
        elif clash := by_clash(name):
            problems.append(("compare.by", f"names the column '{col}', which {clash}"))
    for key in ("event", "date"):
        col = getattr(settings.compare, key)
        if col and col not in columns:
            problems.append((f"compare.{key}", f"names the column '{col}', which the articles{where} do not have"
                             + with_choices(col, columns)))
    if frames is not None:
        frames = list(frames)
        for pole in ("positive", "negative"):
            value = getattr(settings.axis, pole)
            if value and value not in frames:
                problems.append((f"axis.{pole}", f"is '{value}', which is not a frame of the study's lexicon "
                                 f"({settings.lexicons.frames[0]})" + with_choices(value, frames)))
        if settings.axis.positive and settings.axis.positive == settings.axis.negative:
            problems.append(("axis.negative", f"is '{settings.axis.negative}', the same frame as axis.positive"))
    if problems:
        lines = [f"{settings.origin(key)}: {key} {text}" for key, text in problems]
        raise SettingsError("\n".join(lines) if len(lines) > 1 else lines[0])


def to_record(settings: Settings) -> dict:
    """The resolved settings as JSON-safe data (values, the file they came from, the folder relative paths
    resolve against, the overridden keys): what a run writes once for its notebook kernels."""
    return {"settings": settings.as_dict(), "source": settings.source, "base": str(settings.base),
            "overridden": list(settings.overridden)}


def from_record(record: dict, where: str = "settings record") -> Settings:
    """The settings :func:`to_record` wrote, checked as a study file is (no file is read)."""
    try:
        return _build(record["settings"], record["source"], Path(record["base"]), tuple(record["overridden"]))
    except (KeyError, TypeError) as exc:
        raise SettingsError(f"{where}: not a settings record ({exc})") from None


def bundled_studies() -> list[Path]:
    return sorted(STUDIES.glob("*.toml"))


def dumps(settings: Settings) -> str:
    """The settings as a study file (TOML)."""
    lines = []
    for section, values in settings.as_dict().items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    return "\n".join(lines)


__all__ = ["Settings", "load_settings", "bundled_studies", "dumps", "to_record", "from_record", "check_names", "by_clash", "default_study", "resolve_overrides", "study_path", "DEFAULT_STUDY",
           "GENERIC_STUDY", "SHORTHANDS",
           *(c.__name__ for c in SECTIONS.values())]
