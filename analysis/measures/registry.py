"""The measures, one registry: what each reads, which settings and files it depends on, where it is cached.

Each :class:`Measure` declares

* ``needs``: other measures it reads;
* ``settings``: the dotted settings keys its result depends on;
* ``resources``: the kinds of data file it reads (``frames``, ``actors``,
  ``stopwords``...), hashed by content at the time of use;
* ``files``: other files it reads (the stance model).

Its cache key hashes all of these with the corpus hash and the package's
code, so a changed lexicon, setting, model or line of code never serves a
stale table.  Tables are stored in the corpus's :class:`~analysis.io.Store`
as ``NAME.parquet`` (beside ``articles.parquet``), each carrying its key and
provenance (settings, file hashes, versions) in its Parquet metadata, so
``analyse``, ``run`` and the notebooks all read and write one cache.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..corpus.tables import Corpus
from ..errors import StoreError, check_choice
from ..io import Store
from ..schema import MATCH_COLUMNS
from ..settings import Settings
from ..version import __version__, code_hash

log = logging.getLogger(__name__)
META_KEY = b"newsframes"


@dataclass(frozen=True)
class Context:
    """What a measure's compute function gets: the corpus, the settings, and the other measures."""

    corpus: Corpus
    settings: Settings
    get: Callable[[str], pd.DataFrame]
    progress: bool = False              # show progress bars inside long measures (the choice of k)


@dataclass(frozen=True)
class Measure:
    name: str
    compute: Callable[[Context], "pd.DataFrame | dict[str, pd.DataFrame]"]
    description: str
    needs: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    files: Callable[[], list[Path]] = field(default=lambda: [])
    tables: tuple[str, ...] = ()        # a measure that writes several tables names them here
    per_article: bool = True            # a pure function of each article's sentences (partitionable)

    @property
    def outputs(self) -> tuple[str, ...]:
        return self.tables or (self.name,)


# -- the compute functions ------------------------------------------------------------
def study_actors(settings: Settings):
    """The study's actor lexicon (None when it names none): what the measures and the Study read."""
    from .actors import load_actors

    ref = settings.lexicons.actors
    if not ref:
        return None
    with settings.naming("lexicons.actors"):
        return load_actors(ref, settings.base)


def study_frame_lexicons(settings: Settings):
    """The study's frame lexicons, its own first: what the measures and the Study read."""
    from .frames import load_lexicons
    with settings.naming("lexicons.frames"):
        return load_lexicons(settings.lexicons.frames, settings.base)


def _actors(ctx: Context):
    return study_actors(ctx.settings)


def _sentiment(ctx: Context) -> pd.DataFrame:
    from .register import load_register
    from .sentiment import score_sentences

    register = (load_register(ctx.settings.lexicons.register, ctx.settings.base)
                if ctx.settings.sentiment.news_register else None)
    return score_sentences(ctx.corpus.sentences, register)


def _actor_mentions(ctx: Context) -> pd.DataFrame:
    from ..corpus.voices import load_speech
    from ..schema import MENTION_COLUMNS
    from .sentiment import score_mentions
    actors = _actors(ctx)
    if actors is None:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    from .study_stance import study_stance
    speech = load_speech(ctx.settings.lexicons.speech, ctx.settings.base)
    choice = study_stance(ctx.settings, actors, speech)    # the study's own classifier, where it beats the general one
    from .context_stance import stance_model
    table = score_mentions(ctx.corpus.sentences, actors, model=stance_model(ctx.settings), speech=speech,
                           attributions=ctx.corpus.attributions_for(speech),
                           study_model=choice.model if choice is not None else None)
    if choice is not None:           # which stance and why, kept with the table (Parquet metadata) as DataFrame.attrs
        table.attrs["stance_choice"] = choice.note
    return table


def _frame_lexicons(ctx: Context):
    return study_frame_lexicons(ctx.settings)


def _frame_matches(ctx: Context) -> pd.DataFrame:
    from .frames import match_frames
    return match_frames(ctx.corpus.sentences, _frame_lexicons(ctx))


def _frame_salience(ctx: Context) -> pd.DataFrame:
    from .frames import article_salience, frame_table
    frames = frame_table(_frame_lexicons(ctx))
    return article_salience(ctx.get("frame_matches"), ctx.corpus.sentences, ctx.corpus.articles, frames)


def _frame_predictions(ctx: Context) -> pd.DataFrame:
    """The frame classifier's predictions for the study's own lexicon, shaped like ``frame_matches`` (with the
    dictionary's evidence where it matched too): the bundled model of a bundled lexicon, else a classifier on words,
    characters and the lexicon's match counts trained on the study's coded sheets (development part)."""
    from .frame_model import FrameClassifier, bundled_model, matched_frames, predictions_as_matches, training_data

    lex = _frame_lexicons(ctx)[0]
    model = bundled_model(lex)
    if model is None:
        texts, labels, _, _ = training_data(ctx.corpus.sentences, list(lex.frames), ctx.settings,
                                            lambda: ctx.get("frame_matches"), lex.name)
        try:
            model = FrameClassifier(lexicon=str(lex.resource.path) if lex.resource else None,
                                    random_state=0).fit(texts, labels)
        except ValueError as exc:         # no sentence, or none with a word the vectorisers keep
            log.warning("the frame classifier could not be trained (%s): it predicts no frame", exc)
            return pd.DataFrame(columns=MATCH_COLUMNS)
    matches = ctx.get("frame_matches")
    found = matched_frames(ctx.corpus.sentences, matches, lex.name) if model.lexicon_frames_ else None
    return predictions_as_matches(ctx.corpus.sentences, model.predict(ctx.corpus.sentences["text"], found), lex.name,
                                  evidence=matches)


def _quotes(ctx: Context) -> pd.DataFrame:
    from ..corpus.voices import load_speech
    from .quotes import extract_quotes
    speech = load_speech(ctx.settings.lexicons.speech, ctx.settings.base)
    return extract_quotes(ctx.corpus.sentences, _actors(ctx), speech, ctx.corpus.attributions_for(speech))


def _topics(ctx: Context) -> dict[str, pd.DataFrame]:
    from ..corpus.tokens import stop_words
    from .topics import fit_topics, make_units, unit_topics

    s, t = ctx.settings, ctx.settings.topics
    counted = ctx.corpus.counted(s.compare.count_copies)["article_id"]
    all_units = make_units(ctx.corpus.sentences, t.unit)     # every article's units are scored
    units = all_units[all_units["article_id"].isin(counted)]  # those of the articles that count are modelled
    words = stop_words(s.lexicons.stopwords, s.terms.stop_words, s.base)
    model, units, choice = fit_topics(None, units=units, unit=t.unit, k=t.k, method=t.method,
                                      ks=range(t.k_min, t.k_max + 1), seeds=tuple(range(t.seed, t.seed + t.restarts)),
                                      stop_words=words, numbers=s.terms.numbers, sample=t.sample, random_state=t.seed,
                                      progress=ctx.progress)
    terms = model.top_terms(15)
    terms["label"] = terms["topic"].map(model.labels_)
    return {"topics_terms": terms, "topics_units": unit_topics(model, all_units),
            "topics_choice": choice.astype({"k": int}) if len(choice) else choice,
            "topics_texts": all_units[["unit_id", "article_id", "text"]]}


def _facts(ctx: Context) -> pd.DataFrame:
    """Statements clustered into facts within each event (the study's event column), over the articles that count."""
    from ..corpus.tokens import DEFAULT_STOP_WORDS
    from .facts import FactClusterer, fact_clusters

    s = ctx.settings
    words = DEFAULT_STOP_WORDS | {w.lower() for w in s.terms.stop_words}
    return fact_clusters(ctx.corpus.sentences, ctx.corpus.counted(s.compare.count_copies), s.compare.event,
                         FactClusterer(stop_words=words))


def _frame_models() -> list[Path]:
    from .frame_model import BUNDLED_MODELS
    return [p for p in BUNDLED_MODELS.values() if p.exists()]


def _stance_model() -> list[Path]:
    from .context_stance import CONTEXT_MODEL
    from .stance import DEFAULT_MODEL
    return [p for p in (DEFAULT_MODEL, CONTEXT_MODEL) if p.exists()]


MEASURES: dict[str, Measure] = {m.name: m for m in [
    Measure("sentiment", _sentiment, "VADER per sentence (news register unless switched off)",
            settings=("sentiment.news_register",), resources=("register",)),
    Measure("actor_mentions", _actor_mentions, "actor mentions with their role and stance",
            settings=("sentiment.stance_model",), resources=("actors", "speech", "coding_stance_train"),
            files=_stance_model),
    Measure("frame_matches", _frame_matches, "frame dictionary matches with their evidence",
            resources=("frames",)),
    Measure("frame_salience", _frame_salience, "per article and frame: matches, shares by position and voice",
            needs=("frame_matches",), resources=("frames",)),
    Measure("frame_predictions", _frame_predictions, "the frame classifier's predictions (trained on the coded "
            "sheets, or on dictionary matches when there are none)", needs=("frame_matches",),
            resources=("frames", "coding_frames"), files=_frame_models, per_article=False),
    Measure("quotes", _quotes, "direct quotations and reported speech with speakers", resources=("actors", "speech")),
    Measure("topics", _topics, "topic model: terms, unit weights, the k choice, unit texts",
            settings=("topics", "terms.stop_words", "terms.numbers", "compare.count_copies"), resources=("stopwords",),
            tables=("topics_terms", "topics_units", "topics_choice", "topics_texts"), per_article=False),
    Measure("facts", _facts, "statements of different articles about one event clustered into facts",
            settings=("compare.event", "compare.count_copies", "terms.stop_words"),
            per_article=False),
]}
TABLES: dict[str, Measure] = {t: m for m in MEASURES.values() for t in m.outputs}


def disabled_patterns(measure: Measure, settings: Settings) -> list[str]:
    """The notes of the disabled patterns (:mod:`analysis.lexicons.patterns`) of the frame and actor files
    ``measure`` reads."""
    notes = []
    if "frames" in measure.resources:
        notes += [n for lex in study_frame_lexicons(settings) for n in lex.disabled()]
    if "actors" in measure.resources and (actors := study_actors(settings)) is not None:
        notes += actors.disabled()
    return notes


def compute_measure(measure: Measure, ctx: Context) -> dict[str, pd.DataFrame]:
    """``measure.compute(ctx)`` as ``{table: frame}``, computed again while a user's pattern was disabled during
    the computation (one that ran away on a sentence: :mod:`analysis.lexicons.patterns`), so no table holds the
    matches it gave before it was stopped; each table notes the disabled patterns of the files the measure
    reads in ``attrs["disabled_patterns"]`` (kept in its Parquet metadata)."""
    from ..lexicons.patterns import without_runaways
    result = without_runaways(lambda: measure.compute(ctx), f"{measure.name} computed")
    tables = result if isinstance(result, dict) else {measure.name: result}
    notes = disabled_patterns(measure, ctx.settings)
    if notes:
        for frame in tables.values():
            frame.attrs["disabled_patterns"] = notes
    return tables


def _setting(settings: Settings, dotted: str):
    data = settings.as_dict()
    section, _, name = dotted.partition(".")
    return data[section] if not name else data[section][name]


def measure_key(measure: Measure, corpus: Corpus, settings: Settings, keys: "MeasureKeys | None" = None
                ) -> tuple[str, dict]:
    """``(key, provenance)`` of one measure for this corpus and these settings (``keys``: where the keys of the
    measures it needs are taken from, each built once; default a fresh :class:`MeasureKeys`)."""
    keys = keys if keys is not None else MeasureKeys(corpus, settings)
    resources = settings.resources()
    used = {d: _setting(settings, d) for d in measure.settings}
    files = [r.describe() for kind in measure.resources for r in resources.get(kind, [])]
    extra = [{"path": str(p.name), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
             for p in measure.files() if p.exists()]
    needs = {n: keys.key(n) for n in measure.needs}
    corpus_hash = corpus.provenance.get("corpus_hash") or _corpus_hash(corpus)
    record = {"measure": measure.name, "package_version": __version__, "code_hash": code_hash(),
              "corpus_hash": corpus_hash, "settings": used, "resources": files, "files": extra, "needs": needs}
    key = hashlib.sha256(json.dumps({k: v for k, v in record.items()}, sort_keys=True, default=str).encode())
    return key.hexdigest()[:16], record


class MeasureKeys:
    """The cache keys of a corpus's measures under one set of settings, each built once, when first asked for.

    A run holds one (:class:`~analysis.reporting.study.Study` does), so that
    building, reading and fingerprinting the measures key each of them once;
    ``known`` are keys a run already built (a notebook kernel's study is given
    the run's keys, so nothing is hashed again).  The keys describe the files
    as first read: a file edited later is seen by a new ``MeasureKeys``.
    """

    def __init__(self, corpus: Corpus, settings: Settings, known: dict[str, str] | None = None):
        self.corpus, self.settings = corpus, settings
        self._built: dict[str, tuple[str, dict]] = {}
        self._known = dict(known or {})
        self._lock = threading.RLock()

    def get(self, name: str) -> tuple[str, dict]:
        """``(key, provenance)`` of the measure ``name`` (a key given as ``known`` comes with the provenance
        ``{"key": key}`` only)."""
        with self._lock:
            if name not in self._built:
                if name in self._known:
                    self._built[name] = (self._known[name], {"key": self._known[name]})
                else:
                    self._built[name] = measure_key(MEASURES[name], self.corpus, self.settings, self)
            return self._built[name]

    def key(self, name: str) -> str:
        return self.get(name)[0]

    def built(self) -> dict[str, str]:
        """The keys built (or given) so far, by measure."""
        with self._lock:
            return {name: key for name, (key, _) in self._built.items()}


def _corpus_hash(corpus: Corpus) -> str:
    from ..corpus.ingest import corpus_hash
    return corpus_hash(corpus.articles, corpus.sentences)


_MEMO: "OrderedDict[str, dict[str, pd.DataFrame]]" = OrderedDict()   # for corpora with no store
_MEMO_LOCK = threading.Lock()


def _stored_key(path: Path) -> str | None:
    try:
        meta = pq.read_schema(path).metadata or {}
        return json.loads(meta.get(META_KEY, b"{}")).get("key")
    except (OSError, pa.ArrowException, ValueError):
        return None


def read_provenance(path: str | Path) -> dict:
    """The provenance a measure table carries (key, settings, file hashes, versions)."""
    meta = pq.read_schema(path).metadata or {}
    return json.loads(meta.get(META_KEY, b"{}"))


def _write_table(frame: pd.DataFrame, path: Path, record: dict) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[META_KEY] = json.dumps(record, default=str).encode()
    pq.write_table(table.replace_schema_metadata(meta), path)


def load_measure(corpus: Corpus, name: str, settings: Settings | None = None, progress: bool = False,
                 keys: MeasureKeys | None = None) -> pd.DataFrame:
    """One measure table for ``corpus``: read from its store when its key matches, else computed and stored
    (``progress``: bars inside long computations; ``keys``: the run's :class:`MeasureKeys`, else keys are built
    for this call)."""
    settings = settings or Settings()
    check_choice("name", name, TABLES, "a measure table")
    keys = keys if keys is not None else MeasureKeys(corpus, settings)
    measure = TABLES[name]
    key, record = keys.get(measure.name)
    record = {**record, "key": key}
    store = Store(corpus.location) if corpus.location is not None else None
    if store is not None:
        files = store.files()
        if all(f"{t}.parquet" in files and _stored_key(files[f"{t}.parquet"]) == key for t in measure.outputs):
            try:
                return pq.read_table(files[f"{name}.parquet"]).to_pandas()
            except (pa.ArrowException, OSError) as exc:
                log.warning("stored %s unreadable (%s); recomputing", name, exc)
    else:
        with _MEMO_LOCK:
            if key in _MEMO:
                _MEMO.move_to_end(key)
                return _MEMO[key][name].copy()

    def get(other: str) -> pd.DataFrame:
        return load_measure(corpus, other, settings, progress, keys)

    if "measure" not in record:          # a key handed over by the run, but the table is not there: key it in full
        key, record = measure_key(measure, corpus, settings, keys)
        record = {**record, "key": key}
    log.info("computing %s", measure.name)
    tables = compute_measure(measure, Context(corpus, settings, get, progress))
    if any(frame.attrs.get("disabled_patterns") for frame in tables.values()):
        # a pattern stopped on this machine, this time (a busy machine may stop a harmless one): not cached, so the
        # next run tries it again
        log.warning("%s computed without a disabled pattern: not cached", measure.name)
        return tables[name]
    if store is not None:
        try:
            with store.writing(wait=600) as gen:
                for table_name, frame in tables.items():
                    _write_table(frame, gen / f"{table_name}.parquet", record)
            log.info("stored %s in %s", ", ".join(tables), corpus.location)
        except StoreError as exc:
            log.warning("%s; %s computed but not cached", exc, measure.name)
    else:
        with _MEMO_LOCK:
            _MEMO[key] = tables
            while len(_MEMO) > 16:
                _MEMO.popitem(last=False)
    return tables[name].copy() if store is None else tables[name]


def run_measures(corpus: Corpus, settings: Settings | None = None, names=None, progress: bool = False,
                 on_error: Callable[[str, Exception], None] | None = None,
                 keys: MeasureKeys | None = None) -> dict[str, int]:
    """Compute (or load) every measure (or those named); returns rows per table.

    ``on_error(name, exc)``, when given, receives a measure that cannot be
    computed (e.g. topics on a two-paragraph corpus) and the rest go on.
    ``keys``: the run's :class:`MeasureKeys` (default: built here, each key once).
    """
    from ..errors import AnalysisError
    from ..progress import tqdm

    settings = settings or Settings()
    keys = keys if keys is not None else MeasureKeys(corpus, settings)
    if names is None:     # the classifier runs when it is the study's method; report 05 asks for it by name
        names = [n for n in MEASURES if n != "frame_predictions" or settings.compare.frames_method == "classifier"]
    if settings.engine.name != "local":        # the per-article measures partition by partition on the cluster
        from .partitioned import precompute
        precompute(corpus, settings, names, keys=keys)
    out = {}
    for name in tqdm(list(names), desc="measures", unit="measure", disable=not progress):
        measure = MEASURES[name]
        try:
            for table in measure.outputs:
                out[table] = len(load_measure(corpus, table, settings, progress, keys))
        except (ValueError, AnalysisError) as exc:
            if on_error is None:
                raise
            on_error(name, exc)
    return out
