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
The tested functions of :mod:`analysis.compare` do the work underneath.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import compare, paths
from ..corpus import Corpus, load_or_build
from ..errors import AnalysisError, SettingsError
from ..measures import load_measure
from ..measures.actors import load_actors
from ..measures.frames import frame_table, load_lexicons
from ..schema import PROSE
from ..settings import Settings, load_settings
from ..version import __version__, code_hash
from . import plots

log = logging.getLogger(__name__)

FIT_MIN_FRAME_SHARE = 0.02      # a frame evoked by fewer sentences than this barely fits the corpus
FIT_MAX_UNMATCHED = 0.7         # more sentences than this evoking no frame of the study's lexicon
FIT_MIN_ACTOR_SHARE = 0.10      # fewer sentences than this mentioning any actor


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
        return self.weights.groupby(["article_id", "topic"], as_index=False)["weight"].mean()


class Study:
    """A corpus with its settings, measures and comparisons."""

    def __init__(self, settings: Settings, data: str | Path | None = None, cache_dir: str | Path | None = None,
                 progress: bool = False):
        self.settings = settings
        self.data = Path(data) if data else None
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.progress = progress

    def __repr__(self) -> str:
        return f"<Study {self.settings.study.name!r}: {self.settings.corpus}>"

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

    def measure(self, name: str) -> pd.DataFrame:
        """A measure table (``"sentiment"``, ``"actor_mentions"``, ``"frame_matches"``...), cached."""
        return load_measure(self.corpus, name, self.settings)

    @property
    def by(self) -> list[str]:
        return compare.check_by(self.articles, self.settings.compare.by)

    def _by(self, by) -> list[str]:
        return compare.check_by(self.articles, by if by is not None else self.settings.compare.by)

    @property
    def group_label(self) -> str:
        """What the groups are called in prose ("outlet" for source labels)."""
        cols = self.by
        return "outlet" if cols == ["source_label"] else " × ".join(cols)

    @cached_property
    def colors(self) -> dict[str, str]:
        groups = self.counted[self.by].astype(str).agg(" · ".join, axis=1) if len(self.by) > 1 else \
            self.counted[self.by[0]].astype(str)
        return plots.group_colors(groups)

    # -- lexicons -------------------------------------------------------------
    @cached_property
    def frame_lexicons(self):
        return load_lexicons(self.settings.lexicons.frames, self.settings.base)

    @property
    def lexicon(self) -> str:
        """The name of the study's own frame lexicon (the first)."""
        return self.frame_lexicons[0].name

    @cached_property
    def frames(self) -> pd.DataFrame:
        """The frames of every lexicon with their codebook entries."""
        return frame_table(self.frame_lexicons)

    def frame_labels(self, lexicon: str | None = None) -> dict[str, str]:
        f = self.frames[self.frames["lexicon"] == (lexicon or self.lexicon)]
        return dict(zip(f["frame"], f["label"]))

    @cached_property
    def axis_poles(self) -> tuple[str, str]:
        """The two frames of the axis: from the settings, else the first two of the study's lexicon."""
        ids = list(self.frame_labels())
        pos = self.settings.axis.positive or (ids[0] if ids else "")
        neg = self.settings.axis.negative or (ids[1] if len(ids) > 1 else "")
        for pole, value in (("positive", pos), ("negative", neg)):
            if value not in ids:
                raise SettingsError(f"axis.{pole} is '{value}', which is not a frame of the lexicon "
                                    f"'{self.lexicon}' ({self.frame_lexicons[0].source}); its frames are: "
                                    f"{', '.join(ids)}")
        if pos == neg:
            raise SettingsError(f"the axis needs two different frames; both poles are '{pos}'")
        return pos, neg

    @cached_property
    def actors(self):
        ref = self.settings.lexicons.actors
        return load_actors(ref, self.settings.base) if ref else None

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
        method = method or self.frames_method
        matches = self.measure("frame_matches")
        if method == "dictionary":
            return matches
        if method != "classifier":
            raise SettingsError(f"frames method must be 'dictionary' or 'classifier', not {method!r}")
        others = matches[matches["lexicon"] != self.lexicon]
        return pd.concat([others, self.measure("frame_predictions")], ignore_index=True)

    def method_note(self, method: str | None = None) -> str:
        """Which method produced the study's frame figures, and from which files."""
        method = method or self.frames_method
        source = self.frame_lexicons[0].source
        if method == "dictionary":
            return f"dictionary matching with {source}"
        from ..measures.frame_model import bundled_model
        model = bundled_model(self.frame_lexicons[0])
        if model is not None:
            trained = model.metadata_.get("trained_on", "coded sentences")
            return (f"the bundled frame classifier (words, character n-grams and the match counts of {source}; "
                    f"trained on {trained})")
        sheets = ", ".join(r.shown_path for r in self.settings.resources()["coding_frames"])
        return (f"a classifier (words, character n-grams and the match counts of {source}) trained on the "
                f"development part of the coded sheets ({sheets})" if sheets else
                f"a classifier trained on the matches of {source} (no coded sheet: it learns the dictionary)")

    @property
    def _split(self) -> dict:
        v = self.settings.validity
        return {"test_share": v.test_share, "split_seed": v.split_seed}

    def coded_frames(self, part: str | None = None) -> pd.DataFrame | None:
        """The study's hand-coded frame sheets (all coders, long, with their ``part``), or None when it names
        none; ``part``: only the ``"development"`` or the ``"test"`` part."""
        from ..corpus.coding import read_sheets
        if not self.settings.coding.frames:
            return None
        paths = [r.path for r in self.settings.resources()["coding_frames"]]
        coded = read_sheets(paths, list(self.frame_labels()), self.sentences, **self._split)
        return coded if part is None else coded[coded["part"] == part].reset_index(drop=True)

    def frame_validity(self, method: str | None = None, seed: int = 0, part: str = "test") -> pd.DataFrame | None:
        """Agreement of a method with the coded sheets, per frame, on one part of them (default the frozen test
        part): Krippendorff's alpha between coders and between coders and the method, the method's precision,
        recall and F1 with intervals, its accuracy and the majority baseline.  The dictionary is scored on the
        coded sentences as they are (its figures on the development part, which a researcher revises it with,
        are in-sample); the classifier (the bundled model of a bundled lexicon, else one trained on the development
        part) is scored on the test part, or on the development part by cross-validation by article; its
        features include the lexicon's matches, so its figures are in-sample wherever the lexicon's are.  None without a coded sheet; an empty table when
        the part holds no sentence (a sheet of a single article has no test part)."""
        from ..compare.agreement import wide_predictions
        from ..measures.frame_model import FrameClassifier, bundled_model, cross_validate

        coded = self.coded_frames()
        if coded is None:
            return None
        frames = list(self.frame_labels())
        method = method or self.frames_method
        bundled = bundled_model(self.frame_lexicons[0]) if method == "classifier" else None
        scored = coded[coded["part"] == part]
        if scored.empty:
            return pd.DataFrame(columns=["frame", "label", "method", "part", "units", "alpha_method", "f1"])
        if method == "dictionary":
            pred = wide_predictions(self.measure("frame_matches")[lambda m: m["lexicon"] == self.lexicon], scored,
                                    frames)
        else:
            labels = coded.groupby(["unit_id", "article_id", "sentence_id", "part"])[frames].mean().ge(0.5)
            table = labels.astype(int).reset_index().merge(self.sentences[["article_id", "sentence_id", "text"]],
                                                           on=["article_id", "sentence_id"])
            dev, test = table[table["part"] == "development"], table[table["part"] == part]
            lex = self.frame_lexicons[0]
            fresh = FrameClassifier(lexicon=str(lex.resource.path) if lex.resource else None, random_state=seed)
            if bundled is not None:          # the shipped model: trained on development parts, never a test part
                oof = bundled.predict(test["text"])
            elif part == "development":
                oof = cross_validate(fresh, dev["text"], dev[frames], dev["article_id"])
            else:
                oof = fresh.fit(dev["text"], dev[frames]).predict(test["text"])
            pred = pd.concat([test[["unit_id"]].reset_index(drop=True), oof.reset_index(drop=True)], axis=1)
        out = compare.agreement.frame_agreement(scored, pred, frames, method=method, seed=seed)
        out.insert(1, "label", out["frame"].map(self.frame_labels()))
        # the classifier never sees the test part, but its features include the lexicon's matches: a lexicon
        # written with the test part in view flatters both methods there; the development part is what the lexicon
        # is revised with (and the bundled model trained on)
        held = part == "test" and not self.settings.validity.test_part_seen
        out.insert(3, "part", "held-out" if held else "in-sample")
        return out

    def coded_matches(self) -> pd.DataFrame | None:
        """The coders' frames (their majority) as rows shaped like ``frame_matches``, so any frame table can be
        computed from the hand coding itself."""
        coded = self.coded_frames()
        if coded is None:
            return None
        frames = list(self.frame_labels())
        majority = coded.groupby(["article_id", "sentence_id"])[frames].mean().ge(0.5).reset_index()
        long = majority.melt(id_vars=["article_id", "sentence_id"], var_name="frame", value_name="on")
        long = long[long["on"]]
        return pd.DataFrame({"article_id": long["article_id"], "sentence_id": long["sentence_id"],
                             "frame": long["frame"], "term": "(coder)", "lexicon": self.lexicon, "matched": "",
                             "start": 0, "end": 0, "kind": "coder"}).reset_index(drop=True)

    def misleading_terms(self) -> pd.DataFrame | None:
        """Per dictionary term, how often it fires on coded sentences of the development part the coders did not
        code for its frame (the test part stays unseen: revise the lexicon from this table only)."""
        from ..compare.agreement import term_table
        coded = self.coded_frames("development")
        if coded is None:
            return None
        m = self.measure("frame_matches")
        return term_table(m[m["lexicon"] == self.lexicon], coded, list(self.frame_labels()))

    def salience(self, by=None, lexicon: str | None = None, weighted: bool = False, by_voice: bool = False,
                 seed: int = 0, method: str | None = None) -> pd.DataFrame:
        """Share of sentences evoking each frame, per group, with intervals (see :func:`analysis.compare.group_salience`)."""
        lexicon = lexicon or self.lexicon
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
        ev = compare.evidence(self.frame_matches(), self.sentences, self.counted, frame=frame,
                              lexicon=lexicon or self.lexicon, article_id=article_id, where=where, by=self.by)
        return ev[ev["position"].isin(PROSE)] if prose_only else ev

    # -- sentiment --------------------------------------------------------------
    def sentiment(self, by=None, by_voice: bool = False, by_position: bool = False, positions=PROSE,
                  seed: int = 0) -> pd.DataFrame:
        """Mean sentence sentiment per group (and voice / position), with intervals."""
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
        out.insert(len(self._by(by)) + 1, "actor_label", out["actor"].map(self.actor_labels).fillna(out["actor"]))
        return out

    def actor_evidence(self, where: dict, actor: str, n: int = 3) -> pd.DataFrame:
        return compare.strongest_evidence(self.measure("actor_mentions"), self.sentences, self.counted, where,
                                          actor, self.actor_labels, n, by=self.by)

    # -- validity gate ------------------------------------------------------------------
    @property
    def min_alpha(self) -> float:
        """The held-out alpha a measure needs before a difference it shows is stated (``[validity] min_alpha``)."""
        return self.settings.validity.min_alpha

    def coded_stance(self, part: str | None = None) -> pd.DataFrame | None:
        """The study's hand-coded stance sheets (one row per coded mention, with its ``part``), or None."""
        from ..compare.agreement import STANCE_VALUES
        from ..corpus.coding import read_long_sheet
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
        if part not in cache:
            cache[part] = self._stance_validity(part)
        return cache[part]

    def _stance_validity(self, part: str):
        from ..compare.agreement import Agreement, stance_agreement
        coded = self.coded_stance(part)
        if coded is None or coded.empty:
            return None
        mentions = self.measure("actor_mentions")
        column = "stance" if "stance" in mentions else None
        if column is None:          # a measure that gives only a score: its sign, as three classes
            mentions = mentions.assign(_stance=pd.cut(mentions["score"], [-2, -0.05, 0.05, 2],
                                                      labels=["negative", "neutral", "positive"]).astype(str))
            column = "_stance"
        r = stance_agreement(coded, mentions, column=column)
        held = part == "test" and not self.settings.validity.test_part_seen
        return Agreement(measure="stance", method="actor_mentions", part="held-out" if held else "in-sample",
                         n=r["n"], alpha=r["alpha_nominal"], accuracy=r["accuracy"], baseline=r["baseline"],
                         baseline_class=r["baseline_class"], source=", ".join(sorted(set(coded["sheet"]))) +
                         f" ({part} part)", unit="mentions")

    def _frame_records(self, method: str) -> dict[str, list]:
        from ..compare.agreement import Agreement
        table = self.frame_validity(method)
        if table is None or table.empty:
            return {}
        sheets = ", ".join(r.shown_path for r in self.settings.resources()["coding_frames"])
        return {r.frame: [Agreement(measure=f"frames/{self.lexicon}/{r.frame}", method=method, part=r.part,
                                    n=int(r.units), alpha=float(r.alpha_method), accuracy=float(r.accuracy),
                                    baseline=float(r.baseline), baseline_class=r.baseline_class,
                                    source=f"{sheets} (test part)", unit="sentences")]
                for r in table.itertuples()}

    def gate(self, measure: str, frame: str | None = None, method: str | None = None):
        """The validity gate of a measure: ``"stance"``, ``"frame"`` (with ``frame``), ``"axis"`` (both poles),
        ``"sentiment"`` (sentence sentiment).  Figures from the study's coded test part; without a coded sheet,
        the bundled defaults' held-out figures (marked as another corpus) where the measure is a bundled one."""
        from .gate import Gate, combine, default_context, default_records
        m = self.min_alpha
        if measure == "stance":
            what = "the stance of actor mentions"
            if self.settings.coding.stance:
                r = self.stance_validity()
                return Gate(what, (r,) if r else (), m, missing="" if r else "the stance sheet has no test part")
            records = tuple(default_records("stance"))
            return Gate(what, records, m, elsewhere="the bundled study's held-out articles" if records else "",
                        missing="" if records else "the study names no coded stance sheet")
        if measure == "frame":
            method = method or self.frames_method
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
        if measure == "sentiment":
            context = default_context("sentiment")
            missing = "no sentence of this study is coded for sentiment" + (f"; {context}" if context else "")
            return Gate("sentence sentiment (VADER)", (), m, missing=missing)
        raise ValueError(f"measure must be 'stance', 'frame', 'axis' or 'sentiment', not {measure!r}")

    def _frame_records_cached(self, method: str) -> dict[str, list]:
        cache = self.__dict__.setdefault("_frame_records_by_method", {})
        if method not in cache:
            cache[method] = self._frame_records(method)
        return cache[method]

    def frame_gates(self, method: str | None = None) -> dict:
        """The gate of every frame of the study's own lexicon."""
        return {f: self.gate("frame", f, method) for f in self.frame_labels()}

    def validity(self) -> pd.DataFrame:
        """Every agreement figure of the study's measures against its coded sheets: ``measure``, ``method``,
        ``part`` (held-out: the sheets' test part; in-sample: the development part a lexicon is revised
        with), ``n``, ``alpha``, ``accuracy``, ``baseline`` (always the majority class), ``source`` and whether
        it ``clears`` the gate."""
        rows = []
        for part in ("test", "development"):
            r = self.stance_validity(part)
            if r is not None:
                rows.append(r.as_dict())
            table = self.frame_validity("dictionary", part=part)
            if table is not None:
                sheets = ", ".join(x.shown_path for x in self.settings.resources()["coding_frames"])
                rows += [{"measure": f"frames/{self.lexicon}/{x.frame}", "method": "dictionary", "part": x.part,
                          "n": int(x.units), "alpha": x.alpha_method, "accuracy": x.accuracy, "baseline": x.baseline,
                          "baseline_class": x.baseline_class, "source": f"{sheets} ({part} part)",
                          "unit": "sentences", "note": ""} for x in table.itertuples()]
        out = pd.DataFrame(rows, columns=["measure", "method", "part", "n", "alpha", "accuracy", "baseline",
                                          "baseline_class", "source", "unit", "note"])
        out["clears"] = (out["part"] != "in-sample") & (out["alpha"] >= self.min_alpha) & \
            (out["accuracy"] > out["baseline"])
        return out

    # -- words, topics, voices -----------------------------------------------------
    def tokenizer(self, ngram_max: int = 1):
        """The package tokenizer with the study's stop words and number handling."""
        from ..corpus.tokens import study_tokenizer
        return study_tokenizer(self.settings, (1, ngram_max))

    def group_names(self, by=None) -> dict[str, list[str]]:
        """Each group's own names: the outlets in it and their aliases in the sources list."""
        from ..corpus.metadata import load_sources
        cols = self._by(by)
        if cols != ["source_label"]:
            return {}
        sources = load_sources(self.settings.lexicons.sources, self.settings.base)
        aliases: dict[str, set[str]] = {}
        for table in (sources.outlets, sources.agencies):
            for alias, name in table.items():
                aliases.setdefault(name, {name}).add(alias)
        out = {}
        for g, part in self.counted.groupby("source_label"):
            names = {o for o in part["outlet"] if o and o != "unknown"}
            out[g] = sorted(set().union(*(aliases.get(n, {n}) for n in names))) if names else []
        return out

    def terms(self, by=None, top: int | None = 15, against: str | None = None) -> pd.DataFrame:
        """Distinctive terms of each group against the rest (or against the group ``against``): log-odds with
        an informative prior; only terms clearing the study's z threshold and minimum count; never a group's
        own name."""
        t = self.settings.terms
        return compare.group_terms(self.sentences, self.counted, by=self._by(by), top=top,
                                   tokenizer=self.tokenizer(t.ngram_max), against=against,
                                   names=self.group_names(by), ngram_range=(1, t.ngram_max),
                                   min_count=t.min_count, z=t.z)

    def term_scores(self, by=None) -> pd.DataFrame:
        """Every term's count and z for each group (no threshold): what the terms figure plots."""
        t = self.settings.terms
        return compare.group_terms(self.sentences, self.counted, by=self._by(by), top=None,
                                   tokenizer=self.tokenizer(t.ngram_max), names=self.group_names(by),
                                   ngram_range=(1, t.ngram_max), min_count=1, z=None).dropna(subset=["term"])

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
        if measure == "salience":
            sal = self.measure("frame_salience")
            sal = sal[sal["lexicon"] == self.lexicon][["article_id", "frame", "sentence_share"]]
            out = compare.within_event(sal, self.counted, value="sentence_share", event=event, by=self._by(by),
                                       keys=["frame"], seed=seed)
            out.insert(1, "label", out["frame"].map(self.frame_labels()))
            return out
        if measure == "sentiment":
            art = self.article_sentiment()[["article_id", "mean_compound"]]
            return compare.within_event(art, self.counted, value="mean_compound", event=event, by=self._by(by),
                                        seed=seed)
        raise ValueError(f"measure must be 'salience' or 'sentiment', not {measure!r}")

    @property
    def has_dates(self) -> bool:
        d = self.settings.compare.date
        return d in self.articles and pd.to_datetime(self.counted[d], errors="coerce", format="mixed").notna().any()

    def timeline(self, freq: str = "W", by=None) -> pd.DataFrame:
        """Articles per period and group (days ``"D"``, weeks ``"W"``, months ``"M"``)."""
        return compare.timeline(self.counted, by=self._by(by), date=self.settings.compare.date, freq=freq)

    def frame_timeline(self, freq: str = "W", by=None) -> pd.DataFrame:
        """Share of sentences evoking each frame of the study's lexicon, per period and group."""
        return compare.frame_timeline(self.measure("frame_salience"), self.counted, by=self._by(by),
                                      date=self.settings.compare.date, freq=freq, lexicon=self.lexicon)

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

    def lexicon_fit(self) -> dict:
        """How well the study's lexicons fit the corpus, with warnings when they barely match it."""
        s = self.sentences[self.sentences["article_id"].isin(self.counted["article_id"]) &
                           self.sentences["position"].isin(PROSE)]
        n = max(len(s), 1)
        m = self.measure("frame_matches")
        m = m[(m["lexicon"] == self.lexicon) & m["article_id"].isin(self.counted["article_id"])]
        m = m.merge(s[["article_id", "sentence_id"]], on=["article_id", "sentence_id"])
        per_frame = {f: m[m["frame"] == f][["article_id", "sentence_id"]].drop_duplicates().shape[0] / n
                     for f in self.frame_labels()}
        unmatched = 1 - m[["article_id", "sentence_id"]].drop_duplicates().shape[0] / n
        warnings = []
        low = [f for f, share in per_frame.items() if share < FIT_MIN_FRAME_SHARE]
        if len(low) > len(per_frame) / 2:
            warnings.append(f"{len(low)} of the {len(per_frame)} frames of the lexicon '{self.lexicon}' are evoked "
                            f"by fewer than {FIT_MIN_FRAME_SHARE:.0%} of the sentences")
        if unmatched > FIT_MAX_UNMATCHED:
            warnings.append(f"{unmatched:.0%} of the sentences evoke no frame of the lexicon '{self.lexicon}'")
        actor_share = None
        if self.actors is not None:
            a = self.measure("actor_mentions")
            a = a.merge(s[["article_id", "sentence_id"]], on=["article_id", "sentence_id"])
            actor_share = a[["article_id", "sentence_id"]].drop_duplicates().shape[0] / n
            if actor_share < FIT_MIN_ACTOR_SHARE:
                warnings.append(f"only {actor_share:.0%} of the sentences mention any actor of the actor lexicon "
                                f"({self.actors.resource.shown_path if self.actors.resource else ''})")
        return {"frame_shares": per_frame, "unmatched_share": unmatched, "actor_share": actor_share,
                "warnings": warnings}

    def figures_dir(self) -> Path:
        return paths.FIGURES


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
    """
    extra = overrides.pop("overrides", None) or {}
    overrides = {**overrides, **extra}
    if isinstance(source, Settings):
        settings = source.with_overrides(overrides)
    elif source is None:
        settings = load_settings(None, overrides)
    else:
        path = Path(source)
        if path.is_dir():
            settings = load_settings(None, {"corpus": str(path.resolve()), **overrides})
        elif path.suffix.lower() == ".toml" or path.exists():
            settings = load_settings(path, overrides)
        else:
            raise SettingsError(f"{path}: no such study file or corpus folder")
    try:
        settings.resources()
    except AnalysisError as exc:
        raise SettingsError(str(exc)) from None
    return Study(settings, data=data, cache_dir=cache_dir, progress=progress)
