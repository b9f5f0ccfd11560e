"""The study object: one entry point for notebooks and scripts.

>>> import analysis
>>> study = analysis.open_study()                       # the bundled study (five real articles)   # doctest: +SKIP
>>> study = analysis.open_study("my_study.toml", by="leaning")                                    # doctest: +SKIP
>>> study.salience(), study.axis(), study.sentiment(), study.terms(), study.topics(), study.voices()  # doctest: +SKIP

A :class:`Study` holds the settings (:mod:`analysis.settings`), the corpus
tables (built once and cached by content) and the measures (cached beside
them, keyed by content and settings).  Its methods are the comparisons the
reports make, with the study's grouping column(s), lexicons, axis and copy
counting filled in; every one takes ``by=`` to compare by another column.
The methods are hand-offs: the tested functions of :mod:`analysis.compare`
(comparisons, agreement and validity) and :mod:`analysis.corpus` (sheets,
labels) do the work, :mod:`analysis.reporting.findings` writes the prose.

A run builds one study and passes it down: :meth:`Study.build` computes
every measure once, :meth:`Study.write_record` writes what a notebook kernel
needs to open that same study (:func:`open_study` on the record: no study
file read, no input hashed again), and :meth:`Study.table` gives the report
tables of :mod:`analysis.reporting.tables` by name.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import compare
from ..compare.groups import called
from ..compare.sentiment import labelled
from ..corpus import Corpus, load_or_build
from ..errors import AnalysisError, MeasureError, SettingsError, check_choice, with_choices
from ..measures import load_measure
from ..measures.frames import frame_table
from ..measures.registry import study_actors, study_frame_lexicons
from ..schema import POSITIONS, PROSE
from ..settings import STUDIES, Settings, load_settings
from ..version import __version__, code_hash
from . import plots

log = logging.getLogger(__name__)

RECORD_KIND = "newsframes-built-study"
GATED = ("stance", "frame", "axis", "sentiment")   # the measures :meth:`Study.gate` gives a gate for
WITHIN_EVENT = ("salience", "sentiment")       # what :meth:`Study.within_event` compares


@dataclass
class Topics:
    """The fitted topics of a study, as tables (the model is fitted once per settings and cached)."""

    terms: pd.DataFrame          # topic, term, weight, label
    weights: pd.DataFrame        # unit_id, article_id, topic, weight
    choice: pd.DataFrame         # k, coherence, stability, score, recommended (empty when k was set)
    texts: pd.DataFrame          # unit_id, article_id, text
    labels: dict[int, str]

    @property
    def k(self) -> int:
        return len(self.labels)

    def top_units(self, topic: int, n: int = 3) -> pd.DataFrame:
        return compare.top_units(self.weights, self.texts, topic, n)

    def article_topics(self) -> pd.DataFrame:
        """Mean topic weight of each article's units (:func:`analysis.measures.topics.article_topics`)."""
        from ..measures.topics import article_topics
        return article_topics(self.weights)


class Study:
    """A corpus with its settings, measures and comparisons."""

    def __init__(self, settings: Settings, data: str | Path | None = None, cache_dir: str | Path | None = None,
                 progress: bool = False):
        self.settings = settings
        self.data = Path(data) if data else None
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.progress = progress
        self.skipped: dict[str, str] | None = None     # measure -> why not computed, once :meth:`build` ran
        self._known_keys: dict[str, str] = {}           # measure keys a run handed over (:meth:`from_record`)
        self._term_counts: dict[tuple, compare.keyness.GroupTerms] = {}   # by grouping: see :meth:`term_counts`

    def __repr__(self) -> str:
        return f"<Study {self.settings.study.name!r}: {self.settings.corpus}>"

    # -- building once, handing over -------------------------------------------------
    @property
    def built(self) -> bool:
        return self.skipped is not None

    def build(self) -> dict[str, int]:
        """Compute (or read from the cache) every measure of the study, once; returns rows per table.  A measure
        that cannot be computed (topics on a two-paragraph corpus) is recorded in :attr:`skipped` with why, and
        the others go on.  A second call computes nothing."""
        from ..measures import run_measures
        if self.built:
            return {}
        skipped: dict[str, str] = {}
        rows = run_measures(self.corpus, self.settings, progress=self.progress,
                            on_error=lambda name, exc: skipped.setdefault(name, str(exc)), keys=self.measure_keys)
        self.skipped = skipped
        return rows

    def write_record(self, path: str | Path) -> Path:
        """Write what a notebook kernel needs to open this built study without rebuilding it: the resolved
        settings, where the corpus tables (and the measures beside them) are stored, and the measures that
        could not be computed.  :func:`open_study` opens the file."""
        import json
        from ..settings import to_record
        if self.corpus.location is None:
            raise AnalysisError("this study's corpus is not stored in a folder, so no kernel can open it")
        record = {"kind": RECORD_KIND, "settings": to_record(self.settings), "corpus": str(Path(self.corpus.location).resolve()),
                  "corpus_key": self.corpus.key, "skipped": self.skipped or {}, "measure_keys": self.measure_keys.built()}
        path = Path(path)
        path.write_text(json.dumps(record, indent=1), encoding="utf-8")
        return path

    @classmethod
    def from_record(cls, path: str | Path, progress: bool = False) -> "Study":
        """The study :meth:`write_record` wrote: its settings as resolved by the run, its corpus read from where
        the run stored it (no input is hashed again, no study file read again)."""
        import json
        from ..settings import from_record
        path = Path(path)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SettingsError(f"{path}: cannot read the study record ({exc})") from None
        if not isinstance(record, dict) or record.get("kind") != RECORD_KIND:
            raise SettingsError(f"{path}: not a study record written by a run")
        study = cls(from_record(record["settings"], str(path)), data=record["corpus"], progress=progress)
        study.skipped = dict(record.get("skipped", {}))
        study._known_keys = dict(record.get("measure_keys", {}))
        return study

    # -- data ----------------------------------------------------------------
    @cached_property
    def corpus(self) -> Corpus:
        if self.data is not None:
            return Corpus.load(self.data)
        return load_or_build(self.settings, cache_dir=self.cache_dir, progress=self.progress)

    @property
    def articles(self) -> pd.DataFrame:
        """Every article, copies included."""
        return self.corpus.articles

    @cached_property
    def counted(self) -> pd.DataFrame:
        """The articles that count in comparisons: one per group of copies unless ``compare.count_copies``."""
        return self.corpus.counted(self.settings.compare.count_copies)

    @property
    def sentences(self) -> pd.DataFrame:
        return self.corpus.sentences

    @cached_property
    def measure_keys(self):
        """The cache key of each measure (:class:`~analysis.measures.MeasureKeys`), built once for this study
        when first needed, or handed over by the run that built it; a lexicon edited after that is seen by the
        study opened again (as its parsed lexicons are)."""
        from ..measures import MeasureKeys
        return MeasureKeys(self.corpus, self.settings, known=self._known_keys)

    def measure(self, name: str) -> pd.DataFrame:
        """A measure table (``"sentiment"``, ``"actor_mentions"``, ``"frame_matches"``...), cached.  A measure
        the build could not compute raises :class:`~analysis.errors.MeasureError` with why, without a retry."""
        from ..measures import TABLES
        measure = TABLES[name].name if name in TABLES else name
        if self.skipped and measure in self.skipped:
            raise MeasureError(f"{measure} could not be computed for this corpus: {self.skipped[measure]}")
        return load_measure(self.corpus, name, self.settings, keys=self.measure_keys)

    def table(self, name: str) -> pd.DataFrame:
        """A report table by name (``"salience"``, ``"voices"``...): the one list the reports and ``export``
        share (:data:`analysis.reporting.tables.REPORT_TABLES`)."""
        from .tables import report_table
        return report_table(self, name)

    @property
    def by(self) -> list[str]:
        return compare.check_by(self.articles, self.settings.compare.by)

    def _by(self, by) -> list[str]:
        return compare.check_by(self.articles, by if by is not None else self.settings.compare.by)

    @property
    def group_label(self) -> str:
        """What the groups are called in prose ("outlet" for source labels)."""
        return called(self.by)

    @cached_property
    def rule_names(self) -> dict[str, str]:
        """Cleaning rule id -> its name in words, from the ``[names]`` of the study's rules files."""
        from ..corpus.clean import rule_names
        return rule_names(self.settings.lexicons.rules, self.settings.base)

    @cached_property
    def colors(self) -> dict[str, str]:
        groups = self.counted[self.by].astype(str).agg(" · ".join, axis=1) if len(self.by) > 1 else \
            self.counted[self.by[0]].astype(str)
        return plots.group_colors(groups)

    # -- lexicons -------------------------------------------------------------
    @cached_property
    def frame_lexicons(self):
        return study_frame_lexicons(self.settings)

    @property
    def lexicon(self) -> str:
        """The name of the study's own frame lexicon (the first)."""
        return self.frame_lexicons[0].name

    @cached_property
    def frames(self) -> pd.DataFrame:
        """The frames of every lexicon with their codebook entries."""
        return frame_table(self.frame_lexicons)

    def frame_labels(self, lexicon: str | None = None) -> dict[str, str]:
        f = self.frames[self.frames["lexicon"] == self._lexicon(lexicon)]
        return dict(zip(f["frame"], f["label"]))

    # -- names a caller gives, checked once ------------------------------------------------
    def _lexicon(self, lexicon: str | None) -> str:
        """``lexicon`` (default the study's own) when the study has a frame lexicon of that name, else
        :class:`SettingsError` naming the close ones."""
        if lexicon is None:
            return self.lexicon
        names = [lex.name for lex in self.frame_lexicons]
        if lexicon not in names:
            raise SettingsError(f"lexicon={lexicon!r}: the study has no frame lexicon of that name"
                                + with_choices(lexicon, names))
        return lexicon

    def _frame(self, frame: str | None, lexicon: str | None = None) -> str | None:
        """``frame`` when it is a frame id of the lexicon (default the study's own), else :class:`SettingsError`."""
        labels = self.frame_labels(lexicon)
        if frame is not None and frame not in labels:
            raise SettingsError(f"frame={frame!r}: no frame of that id in the lexicon '{self._lexicon(lexicon)}'"
                                + with_choices(frame, labels))
        return frame

    def _actor(self, actor: str) -> str:
        """``actor`` when it is an actor id of the study's actor lexicon, else :class:`SettingsError`."""
        if actor not in self.actor_labels:
            raise SettingsError(f"actor={actor!r}: no actor of that id in the study's actor lexicon"
                                + with_choices(actor, self.actor_labels))
        return actor

    def _where(self, where: dict | None) -> dict | None:
        """``where`` when each of its keys is a column of the articles, else :class:`SettingsError`."""
        for col in where or {}:
            if col not in self.articles.columns:
                raise SettingsError(f"where={{{col!r}: ...}}: the articles have no such column"
                                    + with_choices(col, self.articles.columns))
        return where

    def _method(self, method: str | None) -> str:
        """``method`` (default the study's ``compare.frames_method``) when it is a way frames are found, else
        :class:`SettingsError` naming the choices."""
        from ..settings import CHOICES
        return check_choice("method", method or self.frames_method, CHOICES["compare", "frames_method"],
                            "a frames method")

    def _part(self, part: str | None) -> str | None:
        """``part`` (None: both) when it is a part of the coded sheets, else :class:`SettingsError`."""
        from ..compare.validity import CODED_PARTS
        return part if part is None else check_choice("part", part, CODED_PARTS, "a part of the coded sheets")

    @property
    def axis_placeholder(self) -> bool:
        """Whether the study leaves a pole of the axis unnamed, so that :attr:`axis_poles` falls back on the
        lexicon's first frames: an axis no one chose (the generic study's), not a question about the story."""
        return not (self.settings.axis.positive and self.settings.axis.negative)

    @cached_property
    def axis_poles(self) -> tuple[str, str]:
        """The two frames of the axis: from the settings, else the first two of the study's lexicon."""
        ids = list(self.frame_labels())
        pos = self.settings.axis.positive or (ids[0] if ids else "")
        neg = self.settings.axis.negative or (ids[1] if len(ids) > 1 else "")
        for pole, value in (("positive", pos), ("negative", neg)):
            if value not in ids:
                raise SettingsError(f"axis.{pole} is '{value}', which is not a frame of the lexicon "
                                    f"'{self.lexicon}' ({self.frame_lexicons[0].source})" + with_choices(value, ids))
        if pos == neg:
            raise SettingsError(f"the axis needs two different frames; both poles are '{pos}'")
        return pos, neg

    @cached_property
    def actors(self):
        return study_actors(self.settings)

    def check(self) -> None:
        """Check the study against its corpus and lexicons before anything is measured: every lexicon file reads
        (frames, actors), every setting naming a column or a frame names one that exists
        (:func:`~analysis.settings.check_names`), and the axis has two different frames of the study's lexicon.

        Raises
        ------
        AnalysisError
            The first problem found, naming the file (or setting) and the problem; the setting mistakes of one
            study all in one message.  What every command runs before it measures, so a mistake is an error
            (exit status 2) and never a measure silently left out.
        """
        from ..settings import check_names
        self.check_files()
        check_names(self.settings, columns=self.articles.columns, frames=list(self.frame_labels()),
                    corpus=self.settings.corpus)
        self.axis_poles

    def check_files(self) -> None:
        """The part of :meth:`check` that needs no corpus: every lexicon file reads (frames, actors); what
        ``ingest`` checks before reading any article (the settings naming columns or frames are checked after,
        all in one message).

        Raises
        ------
        AnalysisError
            The first problem found, naming the file and the problem.
        """
        self.frame_labels()
        self.actors

    @property
    def actor_labels(self) -> dict[str, str]:
        return self.actors.labels if self.actors else {}

    # -- frames ----------------------------------------------------------------
    @property
    def frames_method(self) -> str:
        """How the study's own frames are found: ``"dictionary"`` or ``"classifier"`` (``compare.frames_method``)."""
        return self.settings.compare.frames_method

    def frame_matches(self, method: str | None = None) -> pd.DataFrame:
        """Frame matches of every lexicon; the study's own lexicon by ``method`` (default: the study's)."""
        method = self._method(method)
        matches = self.measure("frame_matches")
        if method == "dictionary":
            return matches
        others = matches[matches["lexicon"] != self.lexicon]
        return pd.concat([others, self.measure("frame_predictions")], ignore_index=True)

    def method_note(self, method: str | None = None) -> str:
        """Which method produced the study's frame figures, and from which files (the bundled classifier's
        training data summarised: :meth:`trained_on` lists it)."""
        from .findings import method_note
        method = self._method(method)
        sheets = ", ".join(r.shown_path for r in self.settings.resources()["coding_frames"])
        return method_note(method, self.frame_lexicons[0].source, sheets, self.trained_on(method))

    def trained_on(self, method: str | None = None) -> str | None:
        """What the bundled frame classifier was trained on, as its file says ("2636 coded sentences: coder1:...
        (16), ..."), when ``method`` (default: the study's) is the classifier and the study's lexicon has one;
        else None."""
        from ..measures.frame_model import bundled_model
        model = bundled_model(self.frame_lexicons[0]) if self._method(method) == "classifier" else None
        return model.metadata_.get("trained_on", "coded sentences") if model is not None else None

    @property
    def _split(self) -> dict:
        v = self.settings.validity
        return {"test_share": v.test_share, "split_seed": v.split_seed, "split_by": v.split_by}

    def coding_sample(self, n: int | None = None, seed: int | None = None) -> pd.DataFrame:
        """The sentences to hand-code: what ``python -m analysis coding sample`` writes and report 05 beside itself,
        so that the same ``n`` and ``seed`` give the same sheet.

        Parameters
        ----------
        n : int, optional
            Sentences to draw (default :data:`~analysis.schema.SAMPLE_SIZE`); every sentence of the articles
            that count when the corpus has no more.
        seed : int, optional
            The seed of the draw (default :data:`~analysis.schema.SAMPLE_SEED`).

        Returns
        -------
        pandas.DataFrame
            :func:`~analysis.corpus.coding.coding_sample`'s sheet rows, drawn within each group the study compares
            (:attr:`by`) in proportion to its size, split into parts by the study's ``[validity]`` settings.
        """
        from ..corpus.coding import coding_sample
        from ..schema import SAMPLE_SEED, SAMPLE_SIZE
        return coding_sample(self.sentences, self.counted, n=SAMPLE_SIZE if n is None else n, by=self.by,
                             seed=SAMPLE_SEED if seed is None else seed, **self._split)

    def coded_frames(self, part: str | None = None) -> pd.DataFrame | None:
        """The study's hand-coded frame sheets (all coders, long, with their ``part``), or None when it names
        none; ``part``: only the ``"development"`` or the ``"test"`` part."""
        from ..corpus.coding import read_sheets
        if not self.settings.coding.frames:
            return None
        paths = [r.path for r in self.settings.resources()["coding_frames"]]
        part = self._part(part)
        coded = read_sheets(paths, list(self.frame_labels()), self.sentences, **self._split)
        return coded if part is None else coded[coded["part"] == part].reset_index(drop=True)

    def frame_validity(self, method: str | None = None, seed: int = 0, part: str = "test") -> pd.DataFrame | None:
        """Agreement of a method with the coded sheets, per frame, on one part of them (default the frozen test
        part): Krippendorff's alpha between coders and between coders and the method, the method's precision,
        recall and F1 with intervals, its accuracy and the majority baseline (see
        :func:`analysis.compare.validity.frame_validity`; the classifier is the bundled model of a bundled lexicon,
        else one trained on the development part).  None without a coded sheet; an empty table when the part holds
        no sentence (a sheet of a single article has no test part)."""
        from ..compare.validity import frame_validity
        from ..measures.frame_model import bundled_model
        method, part = self._method(method), self._part(part)
        coded = self.coded_frames()
        if coded is None:
            return None
        lex = self.frame_lexicons[0]
        matches = self.measure("frame_matches")
        return frame_validity(coded, matches[matches["lexicon"] == self.lexicon], self.sentences,
                              list(self.frame_labels()), method=method, part=part, seed=seed,
                              test_part_seen=self.settings.validity.test_part_seen, labels=self.frame_labels(),
                              model=bundled_model(lex) if method == "classifier" else None,
                              lexicon=str(lex.resource.path) if lex.resource else None)

    def coded_part(self) -> str | None:
        """``"held-out"`` or ``"in-sample"`` for a figure counted over every coded frame sentence (both parts:
        see :func:`analysis.compare.validity.parts_label`); None without a coded sheet."""
        from ..compare.validity import parts_label
        coded = self.coded_frames()
        return None if coded is None else parts_label(coded["part"].unique(), self.settings.validity.test_part_seen)

    def coded_matches(self) -> pd.DataFrame | None:
        """The coders' frames (their majority) as rows shaped like ``frame_matches``, so any frame table can be
        computed from the hand coding itself; None without a coded sheet."""
        from ..compare.validity import coded_matches
        coded = self.coded_frames()
        return None if coded is None else coded_matches(coded, list(self.frame_labels()), self.lexicon)

    def misleading_terms(self) -> pd.DataFrame | None:
        """Per dictionary term, how often it fires on coded sentences of the development part the coders did not
        code for its frame (the test part stays unseen: revise the lexicon from this table only)."""
        from ..compare.agreement import term_table
        coded = self.coded_frames("development")
        if coded is None:
            return None
        m = self.measure("frame_matches")
        return term_table(m[m["lexicon"] == self.lexicon], coded, list(self.frame_labels()), self.frame_labels())

    def salience(self, by=None, lexicon: str | None = None, weighted: bool = False, by_voice: bool = False,
                 seed: int = 0, method: str | None = None) -> pd.DataFrame:
        """Share of sentences evoking each frame, per group, with intervals (see :func:`analysis.compare.group_salience`)."""
        lexicon = self._lexicon(lexicon)
        frames = list(self.frame_labels(lexicon))
        out = compare.group_salience(self.frame_matches(method), self.sentences, self.counted, by=self._by(by),
                                     lexicon=lexicon, frames=frames, weighted=weighted, by_voice=by_voice, seed=seed)
        out.insert(len(self._by(by)) + (1 if by_voice else 0) + 1, "label", out["frame"].map(self.frame_labels(lexicon)))
        return out

    def top_frames(self, by=None, lexicon: str | None = None) -> pd.DataFrame:
        return compare.top_frames(self.salience(by, lexicon), self._by(by))

    def axis(self, by=None, per_article: bool = False, seed: int = 0) -> pd.DataFrame:
        """Position of each group (or article) between the two poles, in [−1, 1], with intervals."""
        pos, neg = self.axis_poles
        return compare.axis_scores(self.frame_matches(), self.sentences, self.counted, positive=pos,
                                   negative=neg, lexicon=self.lexicon, by=self._by(by), per_article=per_article,
                                   seed=seed)

    def evidence(self, frame: str | None = None, where: dict | None = None, lexicon: str | None = None,
                 article_id: str | None = None, prose_only: bool = True) -> pd.DataFrame:
        """The sentences behind a frame number (keyword in context)."""
        lexicon = self._lexicon(lexicon)
        if article_id is not None:
            check_choice("article_id", article_id, self.articles["article_id"], "an article of the corpus",
                         list_all=False)
        ev = compare.evidence(self.frame_matches(), self.sentences, self.counted, frame=self._frame(frame, lexicon),
                              lexicon=lexicon, article_id=article_id, where=self._where(where), by=self.by)
        ev.insert(int(ev.columns.get_loc("frame")) + 1, "label", labelled(ev["frame"], self.frame_labels(lexicon)))
        return ev[ev["position"].isin(PROSE)] if prose_only else ev

    # -- sentiment --------------------------------------------------------------
    def sentiment(self, by=None, by_voice: bool = False, by_position: bool = False, positions=PROSE,
                  seed: int = 0) -> pd.DataFrame:
        """Mean sentence sentiment per group (and voice / position), with intervals."""
        for position in positions:
            check_choice("positions", position, POSITIONS, "a sentence position")
        return compare.group_sentiment(self.measure("sentiment"), self.sentences, self.counted, by=self._by(by),
                                       positions=positions, by_voice=by_voice, by_position=by_position, seed=seed)

    def sentence_sentiment(self) -> pd.DataFrame:
        """Every lead and body sentence of the counted articles with its scores and group."""
        ctx = compare.sentiment.with_context(self.measure("sentiment"), self.sentences, self.counted, self.by)
        return ctx[ctx["position"].isin(PROSE)]

    def article_sentiment(self) -> pd.DataFrame:
        return compare.article_sentiment(self.measure("sentiment"), self.sentences, self.articles, self.by)

    def actor_sentiment(self, by=None, by_voice: bool = False, seed: int = 0) -> pd.DataFrame:
        """Mean actor-directed score per group and actor, with intervals."""
        out = compare.group_actor_sentiment(self.measure("actor_mentions"), self.sentences, self.counted,
                                            by=self._by(by), by_voice=by_voice, seed=seed)
        out.insert(len(self._by(by)) + 1, "actor_label", labelled(out["actor"], self.actor_labels))
        return out

    def actor_evidence(self, where: dict, actor: str, n: int = 3) -> pd.DataFrame:
        return compare.strongest_evidence(self.measure("actor_mentions"), self.sentences, self.counted,
                                          self._where(where), self._actor(actor), self.actor_labels, n, by=self.by)

    # -- validity gate ------------------------------------------------------------------
    @property
    def min_alpha(self) -> float:
        """The held-out alpha a measure needs before a difference it shows is stated (``[validity] min_alpha``)."""
        return self.settings.validity.min_alpha

    def coded_stance(self, part: str | None = None) -> pd.DataFrame | None:
        """The study's hand-coded stance sheets (one row per coded mention, with its ``part``), or None."""
        from ..compare.agreement import STANCE_VALUES
        from ..corpus.coding import read_long_sheet
        part = self._part(part)
        if not self.settings.coding.stance:
            return None
        sheets = [read_long_sheet(r.path, ["start", "end", "stance"], {"stance": set(STANCE_VALUES)},
                                  self.sentences, **self._split).assign(sheet=r.shown_path)
                  for r in self.settings.resources()["coding_stance"]]
        coded = pd.concat(sheets, ignore_index=True)
        return coded if part is None else coded[coded["part"] == part].reset_index(drop=True)

    def stance_validity(self, part: str = "test") -> "compare.agreement.Agreement | None":
        """Agreement of the actor mentions' stance (the measure's three classes) with the coded mentions of one
        part of the stance sheets (default the test part), matched by sentence and span; None without a sheet
        or when the part is empty.  Several coders' sheets are pooled (each coded mention is one unit)."""
        cache = self.__dict__.setdefault("_stance_validity_by_part", {})
        part = self._part(part)
        if part not in cache:
            cache[part] = self._stance_validity(part)
        return cache[part]

    def _stance_validity(self, part: str):
        from ..compare.validity import stance_validity
        coded = self.coded_stance(part)
        if coded is None or coded.empty:
            return None
        return stance_validity(coded, self.measure("actor_mentions"), part=part,
                               test_part_seen=self.settings.validity.test_part_seen,
                               min_units=self.settings.validity.min_units)

    def _frame_records(self, method: str) -> dict[str, list]:
        from ..compare.validity import frame_records
        sheets = ", ".join(r.shown_path for r in self.settings.resources()["coding_frames"])
        v = self.settings.validity
        return frame_records(self.frame_validity(method), self.lexicon, method, sheets, min_units=v.min_units,
                             min_positives=v.min_positives)

    def gate(self, measure: str, frame: str | None = None, method: str | None = None):
        """The validity gate of a measure: ``"stance"``, ``"frame"`` (with ``frame``), ``"axis"`` (both poles),
        ``"sentiment"`` (sentence sentiment).  Figures from the study's coded test part; without a coded sheet,
        the bundled defaults' held-out figures (marked as another corpus) where the measure is a bundled one."""
        from .gate import Gate, combine, default_context, default_records, default_stance_records
        check_choice("measure", measure, GATED, "a measure with a validity gate")
        m = self.min_alpha
        if measure == "stance":
            what = "the stance of actor mentions"
            shipped, other_model = default_stance_records(self.settings.sentiment.stance_model)
            if self.settings.coding.stance:
                r = self.stance_validity()
                own = (r,) if r else ()
                if not any(x.part != "in-sample" for x in own):
                    # no held-out figure of its own (a test part seen while writing the role rules): the model's
                    # figure on the package's blind-coded mentions decides, the study's own is shown beside it
                    blind = tuple(d for d in shipped if d.part == "held-out")
                    if blind:
                        return Gate(what, own + blind, m, elsewhere="the package's blind-coded stance sentences")
                return Gate(what, own, m, missing="" if own else other_model or "the stance sheet has no test part")
            return Gate(what, shipped, m, elsewhere="the package's coded stance sheets" if shipped else "",
                        missing="" if shipped else other_model or "the study names no coded stance sheet")
        if measure == "frame":
            method = self._method(method)
            self._frame(frame)
            what = f"the frame “{self.frame_labels().get(frame, frame)}” ({method})"
            main = self.frame_lexicons[0].resource
            bundled = main is not None and main.bundled
            # a bundled lexicon (and its bundled classifier) also answers to the package's own held-out sets
            shipped = [r for r in default_records(f"frames/{self.lexicon}/{frame}") if r.method == method] \
                if bundled else []
            if self.settings.coding.frames:
                sheets = {r.path.name for r in self.settings.resources()["coding_frames"]}
                own = self._frame_records_cached(method).get(frame, [])
                extra = [r for r in shipped if not any(name in r.source for name in sheets)]
                return Gate(what, tuple(own + extra), m, missing="" if own else "the coded sheet has no test part")
            return Gate(what, tuple(shipped), m, elsewhere="the package's held-out sets for this lexicon" if shipped
                        else "", missing="" if shipped else "the study names no coded frame sheet")
        if measure == "axis":
            pos, neg = self.axis_poles
            labels = self.frame_labels()
            return combine(f"the axis “{labels[pos]}” vs “{labels[neg]}”",
                           [self.gate("frame", pos, method), self.gate("frame", neg, method)])
        context = default_context("sentiment")       # the measure is "sentiment"
        missing = "no sentence of this study is coded for sentiment" + (f"; {context}" if context else "")
        return Gate("sentence sentiment (VADER)", (), m, missing=missing)

    def _frame_records_cached(self, method: str) -> dict[str, list]:
        cache = self.__dict__.setdefault("_frame_records_by_method", {})
        if method not in cache:
            cache[method] = self._frame_records(method)
        return cache[method]

    def lexicon_note(self, lexicon: str) -> str:
        """Markdown: that a frame lexicon other than the study's own (the generic Policy Frames Codebook...) is
        exploratory on this corpus, unless a validity record of it (the package's shipped figures) beats its
        baseline (:func:`~analysis.reporting.gate.unvalidated_note`); "" then."""
        from .gate import lexicon_records, unvalidated_note
        lexicon = self._lexicon(lexicon)
        source = next((x.source for x in self.frame_lexicons if x.name == lexicon), lexicon)
        records = lexicon_records(lexicon)
        if lexicon == self.lexicon and self.settings.coding.frames:      # the study's own coded sheets too
            records += [r for rs in self._frame_records_cached(self.frames_method).values() for r in rs]
        return unvalidated_note(f"the “{lexicon}” frame lexicon ({source})", records)

    def frame_gates(self, method: str | None = None) -> dict:
        """The gate of every frame of the study's own lexicon."""
        return {f: self.gate("frame", f, method) for f in self.frame_labels()}

    def validity(self) -> pd.DataFrame:
        """Every agreement figure that applies to the study's measures: ``measure``, ``method``, ``part``
        (held-out: the sheets' test part; in-sample: the development part a lexicon is revised with), ``n``,
        ``alpha``, ``accuracy``, ``baseline`` (always the majority class), ``source``, ``note`` and whether it
        ``clears`` the gate (see :func:`analysis.compare.validity.validity_table`).  The figures come from the
        study's coded sheets and, for a measure it has no sheet for, from the package's held-out sets its
        validity gates then use (:meth:`gate`; the bundled stance model, a bundled frame lexicon), their
        ``note`` saying they were measured on another corpus.  When no figure applies the table has no rows
        and its ``attrs["empty_because"]`` says why, measure by measure."""
        from dataclasses import replace

        from ..compare.validity import validity_table
        from .tables import EMPTY_BECAUSE
        parts = ("test", "development")
        sheets = ", ".join(x.shown_path for x in self.settings.resources()["coding_frames"])
        gates = [*([self.gate("stance")] if self.actors is not None else []),
                 *self.frame_gates("dictionary").values()]
        elsewhere = tuple(replace(r, note="; ".join(x for x in (f"measured on another corpus: {g.elsewhere}",
                                                                r.note) if x))
                          for g in gates if g.elsewhere for r in g.records)
        table = validity_table({p: self.stance_validity(p) for p in parts},
                               {p: self.frame_validity("dictionary", part=p) for p in parts},
                               lexicon=self.lexicon, sheets=sheets, min_alpha=self.min_alpha,
                               min_units=self.settings.validity.min_units,
                               min_positives=self.settings.validity.min_positives, elsewhere=elsewhere)
        if table.empty:
            missing: dict[str, list[str]] = {}
            for g in gates:
                missing.setdefault(g.missing or "no figure", []).append(g.what)
            table.attrs[EMPTY_BECAUSE] = (
                f"no validity figure applies to this study ({self.settings.source}): "
                + "; ".join(f"{', '.join(whats)}: {why}" for why, whats in missing.items())
                + "; code a sample (`python -m analysis coding sample`) and name the coded sheets under [coding] "
                  "frames (and stance)")
        return table

    # -- words, topics, voices -----------------------------------------------------
    def tokenizer(self, ngram_max: int = 1):
        """The package tokenizer with the study's stop words and number handling."""
        from ..corpus.tokens import study_tokenizer
        return study_tokenizer(self.settings, (1, ngram_max))

    def group_names(self, by=None) -> dict[str, list[str]]:
        """Each group's own names: the outlets in it and their aliases in the sources list (see
        :func:`analysis.corpus.labels.group_names`)."""
        from ..corpus.labels import group_names
        from ..corpus.metadata import load_sources
        return group_names(self.counted, load_sources(self.settings.lexicons.sources, self.settings.base),
                           by=self._by(by))

    def term_counts(self, by=None):
        """The term counts of each group's prose and each group's own-name tokens
        (:func:`analysis.compare.keyness.count_group_terms`), counted once per grouping and scored by
        :meth:`terms` and :meth:`term_scores`."""
        cols = tuple(self._by(by))
        cache = self._term_counts
        if cols not in cache:
            t = self.settings.terms
            cache[cols] = compare.count_group_terms(self.sentences, self.counted, by=list(cols),
                                                    tokenizer=self.tokenizer(t.ngram_max), names=self.group_names(by),
                                                    ngram_range=(1, t.ngram_max))
        return cache[cols]

    def terms(self, by=None, top: int | None = 15, against: str | None = None) -> pd.DataFrame:
        """Distinctive terms of each group against the rest (or against the group ``against``), scored by the
        study's ``terms.scorer`` (log-odds with an informative prior by default); only terms clearing the study's
        z threshold and minimum count; never a group's own name."""
        t = self.settings.terms
        return compare.group_terms(self.sentences, self.counted, by=self._by(by), top=top, against=against,
                                   counted=self.term_counts(by), min_count=t.min_count, z=t.z, scorer=t.scorer)

    def term_scores(self, by=None) -> pd.DataFrame:
        """Every term's count and z for each group (no threshold): what the terms figure plots."""
        t = self.settings.terms
        return compare.group_terms(self.sentences, self.counted, by=self._by(by), top=None,
                                   counted=self.term_counts(by), min_count=1, z=None,
                                   scorer=t.scorer).dropna(subset=["term"])

    @cached_property
    def _topics(self) -> Topics:
        terms = self.measure("topics_terms")
        labels = terms.drop_duplicates("topic").set_index("topic")["label"].to_dict()
        return Topics(terms, self.measure("topics_units"), self.measure("topics_choice"),
                      self.measure("topics_texts"), labels)

    def topics(self) -> Topics:
        """The study's topics (fitted once per settings, shared by every report)."""
        return self._topics

    def prevalence(self, by=None, seed: int = 0) -> pd.DataFrame:
        t = self.topics()
        out = compare.group_prevalence(t.weights, self.counted, by=self._by(by), seed=seed)
        out["topic_label"] = out["topic"].map(t.labels)
        return out

    def quotes(self) -> pd.DataFrame:
        return self.measure("quotes")

    def voices(self, by=None) -> pd.DataFrame:
        return compare.voices(self.quotes(), self.counted, self.actor_labels, by=self._by(by))

    # -- facts: selection and omission ------------------------------------------------
    def facts(self, by=None) -> pd.DataFrame:
        """Which facts each group states and where: one row per fact and group carrying it, with the evidence
        sentence (see :func:`analysis.compare.facts.fact_table`); facts are clustered per event."""
        from ..compare.facts import fact_table
        return fact_table(self.measure("facts"), self.sentences, self.counted, by=self._by(by))

    def fact_matrix(self, by=None, min_groups: int = 1) -> pd.DataFrame:
        """Facts × groups, each cell the most prominent position of the fact in the group's articles."""
        from ..compare.facts import fact_matrix
        return fact_matrix(self.facts(by), min_groups=min_groups)

    def blind_spots(self, by=None) -> pd.DataFrame:
        """Facts most other groups carry but a group does not, and facts only it carries, with evidence."""
        from ..compare.facts import blind_spots
        return blind_spots(self.facts(by), self.measure("facts"), self.counted, by=self._by(by))

    def fact_coverage(self, by=None) -> pd.DataFrame:
        """Per group: facts stated, shared, left out and only its own, and whether coverage is too thin to judge."""
        from ..compare.facts import fact_coverage
        table = self.facts(by)
        return fact_coverage(table, self.blind_spots(by), self.measure("facts"), self.counted, by=self._by(by))

    # -- events and time ----------------------------------------------------------------
    @property
    def has_events(self) -> bool:
        e = self.settings.compare.event
        return bool(e) and e in self.articles and self.counted[e].nunique() > 1

    def within_event(self, measure: str = "salience", by=None, seed: int = 0) -> pd.DataFrame:
        """Each group against the others covering the same events: frame shares (``"salience"``, per frame
        of the study's lexicon) or mean sentence sentiment (``"sentiment"``)."""
        event = self.settings.compare.event
        check_choice("measure", measure, WITHIN_EVENT, "a measure compared within events")
        if measure == "salience":
            sal = self.measure("frame_salience")
            sal = sal[sal["lexicon"] == self.lexicon][["article_id", "frame", "sentence_share"]]
            out = compare.within_event(sal, self.counted, value="sentence_share", event=event, by=self._by(by),
                                       keys=["frame"], seed=seed)
            out.insert(1, "label", out["frame"].map(self.frame_labels()))
            return out
        art = self.article_sentiment()[["article_id", "mean_compound"]]
        return compare.within_event(art, self.counted, value="mean_compound", event=event, by=self._by(by),
                                    seed=seed)

    @property
    def has_dates(self) -> bool:
        d = self.settings.compare.date
        return d in self.articles and pd.to_datetime(self.counted[d], errors="coerce", format="mixed").notna().any()

    @property
    def undated(self) -> str:
        """Why there is nothing over time when no counted article has a date that can be read ("no article has a
        date that can be read (compare.date 'published')"); "" when one has (:attr:`has_dates`)."""
        return "" if self.has_dates else \
            f"no article has a date that can be read (compare.date '{self.settings.compare.date}')"

    def timeline(self, freq: str = "W", by=None) -> pd.DataFrame:
        """Articles per period and group (days ``"D"``, weeks ``"W"``, months ``"M"``)."""
        return compare.timeline(self.counted, by=self._by(by), date=self.settings.compare.date, freq=freq)

    @property
    def date_span(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last day of the counted articles' readable dates (``compare.date``), or None when no
        article has one: where the corpus starts and ends, so that a first or last period it covers only in part
        is not read as a full one (:func:`analysis.reporting.plots.frame_timeline`)."""
        from ..compare.events import _periods
        days = _periods(self.counted, self.settings.compare.date, "D").dropna()
        return (days.min(), days.max()) if len(days) else None

    @property
    def period(self) -> str:
        """The period the reports show over time: ``"W"`` (weeks) or ``"M"`` (months) for the span of the counted
        articles' dates (:func:`analysis.compare.period_for`)."""
        return compare.period_for(self.counted, self.settings.compare.date)

    def frame_timeline(self, freq: str | None = None, by=None) -> pd.DataFrame:
        """Share of sentences evoking each frame of the study's lexicon, per period (``freq``; by default
        :attr:`period`) and group."""
        freq = freq or self.period
        out = compare.frame_timeline(self.measure("frame_salience"), self.counted, by=self._by(by),
                                     date=self.settings.compare.date, freq=freq, lexicon=self.lexicon)
        out.insert(int(out.columns.get_loc("frame")) + 1, "label", labelled(out["frame"], self.frame_labels()))
        return out

    # -- records, checks, display ---------------------------------------------------
    def provenance(self) -> dict:
        """Settings, lexicon files with content hashes, package version and code hash, corpus hash."""
        return {"study": self.settings.study.name, "package_version": __version__, "code_hash": code_hash(),
                "corpus_folder": str(self.settings.corpus), "corpus_key": self.corpus.key,
                "corpus_hash": self.corpus.provenance.get("corpus_hash"), **self.settings.provenance()}

    @property
    def is_synthetic(self) -> bool:
        marked = "synthetic" in self.articles and self.articles["synthetic"].astype(str).str.lower().isin(
            ["true", "1", "yes"]).any()
        return bool(self.settings.study.synthetic or marked)

    @property
    def single_article_groups(self) -> bool:
        """Whether every group rests on one article (intervals are then over that article's sentences)."""
        sizes = self.counted.groupby(self.by).size()
        return bool(len(sizes)) and bool((sizes == 1).all())

    def disabled_patterns(self) -> list[str]:
        """The notes (plain text) of the patterns of the study's rules files disabled at ingestion and of its frame
        and actor files disabled when the measures were computed, each naming its file, key and problem
        (:mod:`analysis.lexicons.patterns`); read from the corpus's provenance and the tables (a table computed
        without a disabled pattern is not cached: the next run tries the pattern again)."""
        names = ["frame_matches"] + (["actor_mentions", "quotes"] if self.actors is not None else [])
        notes = list(self.corpus.provenance.get("disabled_patterns", []))       # rules patterns, at ingestion
        notes += [n for name in names if not (self.skipped and name in self.skipped)
                  for n in self.measure(name).attrs.get("disabled_patterns", [])]
        return list(dict.fromkeys(notes))

    def lexicon_fit(self) -> dict:
        """How well the study's lexicons fit the corpus (:func:`analysis.compare.validity.lexicon_fit`), with
        ``warnings`` in words when they barely match it."""
        from ..compare.validity import lexicon_fit
        from .findings import lexicon_fit_warnings
        mentions = self.measure("actor_mentions") if self.actors is not None else None
        fit = lexicon_fit(self.measure("frame_matches"), mentions, self.sentences, self.counted,
                          list(self.frame_labels()), self.lexicon)
        actors = self.actors.resource.shown_path if self.actors is not None and self.actors.resource else ""
        return {**fit, "warnings": lexicon_fit_warnings(fit, self.lexicon, actors)}


def open_study(source: str | Path | Settings | None = None, *, data: str | Path | None = None,
               cache_dir: str | Path | None = None, progress: bool = False, **overrides) -> Study:
    """Open a study from a settings file, a corpus folder, or the bundled default.

    ``source`` may be a study file (``.toml``), a folder of articles (read
    with the default settings), a :class:`Settings`, or None for the bundled
    study.  ``overrides`` are settings shorthands (``corpus=``, ``frames=``,
    ``actors=``, ``by=``, ``count_copies=``, ``k=``...) or dotted keys passed
    as a dict in ``overrides={"axis.positive": ...}``; ``None`` values are
    ignored, so notebook parameters can be passed straight through.
    ``data`` reads corpus tables written by ``python -m analysis ingest``.
    ``source`` may also be the record a run wrote for its notebooks
    (:meth:`Study.write_record`, a ``.json`` file): the study is then opened
    as the run built it, and takes no overrides.
    """
    extra = overrides.pop("overrides", None) or {}
    overrides = {k: v for k, v in {**overrides, **extra}.items() if v is not None}
    if isinstance(source, (str, Path)) and Path(source).suffix.lower() == ".json" and not Path(source).is_dir():
        if overrides or data is not None:
            raise SettingsError(f"{source}: a run's study record is opened as the run built it; change the "
                                f"settings in the study file, not with overrides ({', '.join(overrides) or 'data'})")
        return Study.from_record(source, progress=progress)
    if isinstance(source, Settings):
        settings = source.with_overrides(overrides)
    elif source is None:
        settings = load_settings(None, overrides)
    else:
        path = Path(source)
        if path.is_dir():
            settings = load_settings(None, {"corpus": str(path.resolve()), **overrides})
        elif path.suffix.lower() == ".toml" or path.exists() or (STUDIES / f"{path}.toml").is_file():
            settings = load_settings(path, overrides)
        else:
            names = sorted(p.stem for p in STUDIES.glob("*.toml"))
            raise SettingsError(f"{path}: no such study file or corpus folder, and no bundled study of that name"
                                f"{with_choices(str(path), names).replace('; valid:', '; bundled:')}")
    try:
        settings.resources()
    except AnalysisError as exc:
        raise SettingsError(str(exc)) from None
    return Study(settings, data=data, cache_dir=cache_dir, progress=progress)
