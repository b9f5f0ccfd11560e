"""From a folder of input files to the corpus tables.

:func:`build_corpus` is the whole job; :func:`process_records` is its
per-article part, a pure function from a DataFrame of raw records to the
``articles``, ``sentences``, ``removed`` and ``attributions`` tables (the
speech attributions are found here, once, and read by the measures), so that a distributed
engine can run it partition by partition (:func:`process_partition`, which also
hashes each article's 5-grams for duplicate grouping).  Grouping the duplicates
is the one step that needs the whole corpus.

Every field the input supplies survives: the known ones (``title``,
``outlet``, ``url``, ``published``, ``relayed_source``) fill their columns,
the user's ``id`` is kept as a column, and any other field of a CSV or JSON
Lines export or of ``manifest.csv`` (``event``, ``leaning``, ...) becomes a
column of ``articles`` (prefixed ``input_`` if it would clash with one of
ours).
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine import concat_parts, get_engine
from ..lexicons.patterns import disabled_notes, without_runaways
from ..progress import tqdm
from ..schema import ARTICLE_COLUMNS, REMOVED_COLUMNS, REPORT_COLUMNS, SENTENCE_COLUMNS, UNKNOWN, VOICE_SHARES
from ..settings import Settings
from ..version import __version__, code_hash
from . import clean, metadata, readers, sentences, voices
from .debris import find_debris
from .duplicates import article_shingles, find_duplicates
from .labels import source_labels
from .tables import Corpus

log = logging.getLogger(__name__)

_DERIVED = ("source_label", "dup_group", "is_primary", "dup_similarity", "dup_kind")
_MAPPED = set(readers.META_FIELDS) - {"id"} | set(readers.MANIFEST_COLUMNS) | set(readers.DATE_NOTES)


def make_article_id(source_path: str, key: str) -> str:
    """Stable id: the same file (and row) gives the same id on every run and machine."""
    return hashlib.sha1(f"{source_path}#{key}".encode()).hexdigest()[:12]


_LOCATOR = re.compile(r"(?:row|line) \d+|id .*", re.S)


def record_key(user_id: str | None, locator: str) -> str:
    """What a record's id is made from: the user's ``id``, else its locator ("row 3").

    The two never collide: a user id that reads like a locator (or starts with
    ``"id "``) is prefixed with ``"id "``, so an ``id`` of "row 1" is not the
    first row's key.  Every other id is used as it is (ids stay what they were).
    """
    if not user_id:
        return locator
    return f"id {user_id}" if _LOCATOR.fullmatch(user_id) else user_id


def _first(*pairs, silent: str):
    """The first (value, provenance, evidence) whose value is set; else "unknown" with ``silent`` as evidence."""
    for value, source, evidence in pairs:
        if value:
            return value, source, evidence
    return UNKNOWN, "unknown", silent


class _SentenceRows(Sequence):
    """An article's sentence columns (:func:`analysis.corpus.sentences.sentence_columns`) read as row mappings,
    made one at a time as they are read (what :func:`~analysis.corpus.debris.find_debris` reads)."""

    def __init__(self, cols: dict):
        self.cols = cols

    def __len__(self) -> int:
        return len(self.cols["text"])

    def __getitem__(self, i: int) -> _SentenceRow:
        if not 0 <= i < len(self):
            raise IndexError(i)
        return _SentenceRow(self.cols, i)


class _SentenceRow(Mapping):
    __slots__ = ("cols", "i")

    def __init__(self, cols: dict, i: int):
        self.cols, self.i = cols, i

    def __getitem__(self, key: str):
        return self.cols[key][self.i]

    def __iter__(self):
        return iter(self.cols)

    def __len__(self) -> int:
        return len(self.cols)


def _without_debris(blocks: list, rows) -> list:
    """``blocks`` with the text of debris sentences cut out (blocks left empty are dropped)."""
    blocks = list(blocks)
    for row in rows:
        block = blocks[row["paragraph_id"]]
        if block is None:
            continue
        rest = block.text.replace(row["text"], "", 1).strip()
        blocks[row["paragraph_id"]] = sentences.Block(block.kind, rest, block.line_no) if rest else None
    return [b for b in blocks if b is not None]


def process_record(rec: dict, rules, sources, first_rule: dict | None = None, split_memo: dict | None = None
                   ) -> tuple[dict | None, dict, list[dict], str | None]:
    """Clean one raw record and read its structure and metadata.

    Returns ``(article row or None, sentence columns, removed rows, reason it was skipped)``; the sentence
    columns are :func:`analysis.corpus.sentences.sentence_columns`.  ``first_rule``: the line rules' memo
    shared by the records of one batch (:func:`analysis.corpus.clean.clean_lines`); ``split_memo``: the
    paragraphs' sentence splits, likewise (:func:`analysis.corpus.sentences.sentence_columns`).
    """
    aid = rec["article_id"]
    given, manifest = rec.get("given") or {}, rec.get("manifest") or {}
    lines = rec["raw_text"].split("\n")
    result = clean.clean_lines(lines, rules, first_rule)
    removed = [{"article_id": aid, "line_no": n, "text": t.strip(), "rule": r} for n, t, r in result.removed]
    title = manifest.get("title") or given.get("title")      # manifest values win over the input's own
    blocks = sentences.structure(result.kept, known_title=title)
    cols = sentences.sentence_columns(aid, blocks, split_memo)
    rows = _SentenceRows(cols)
    # debris shows only against another paragraph: an article of one paragraph has none
    debris = find_debris(rows) if sum(b.kind == "paragraph" for b in blocks) > 1 else {}
    final = blocks                       # the sentences are read again only if the blocks change
    if debris:
        removed += [{"article_id": aid, "line_no": int(rows[i]["line_no"]), "text": rows[i]["text"], "rule": rule}
                    for i, rule in sorted(debris.items())]
        blocks = _without_debris(blocks, [rows[i] for i in debris])
    del rows
    body_blocks = [b for b in blocks if b.kind in ("paragraph", "heading")]
    if not any(b.kind == "paragraph" for b in blocks):
        return None, {}, removed, f"no article text left after removing {len(removed)} boilerplate lines"

    headline = next((b.text for b in blocks if b.kind == "headline"), None)
    subtitle = next((b.text for b in blocks if b.kind == "subtitle"), None)
    first_para = next(b.text for b in blocks if b.kind == "paragraph")
    place, _, prose_start = metadata.split_dateline(first_para)
    if prose_start:
        # the dateline is metadata, not the lead's prose ("BAGHDAD:" is no mention of the Iraqi government)
        blocks = [sentences.Block(b.kind, b.text[prose_start:], b.line_no) if b.text is first_para else b
                  for b in blocks]
        body_blocks = [b for b in blocks if b.kind in ("paragraph", "heading")]

    kept_text = [t for _, t in result.kept if t.strip()]
    head = [t.strip() for t in lines[:8] if t.strip()]  # where a masthead sits
    removed_text = [t for _, t, _ in result.removed]
    page = metadata.find_outlet(head, removed_text, sources)
    relay = metadata.read_relay(kept_text, sources, [(t, r) for _, t, r in result.removed])
    url = manifest.get("url") or given.get("url")
    url_outlet, url_evidence = metadata.outlet_from_url(url, sources)

    outlet, outlet_source, outlet_evidence = _first(
        (manifest.get("outlet"), "manifest", manifest.get("outlet_evidence") or "manifest.csv"),
        (given.get("outlet"), "input", f"'outlet' given by the {rec['format']} input"),
        (page.outlet, "text", page.outlet_evidence),
        (url_outlet, "url", url_evidence),
        silent="the text names no outlet" + (f" and the url {url} no web domain" if url else ""),
    )
    copy = relay if relay.carries_copy else metadata.Relay()
    statement = relay if not relay.carries_copy else metadata.Relay()
    relayed, relayed_from, relayed_evidence = _first(
        (manifest.get("relayed_source"), "manifest",
         manifest.get("relayed_source_evidence") or manifest.get("outlet_evidence") or "manifest.csv"),
        (given.get("relayed_source"), "input", f"'relayed_source' given by the {rec['format']} input"),
        (copy.source, "text", copy.evidence),
        (page.original, "text", page.original_evidence),
        (statement.source, "text", statement.evidence),
        silent=metadata.no_relay_evidence(kept_text, sources),
    )
    if relayed_from == "text" and relayed == outlet:
        # an agency's own page ("apnews.com", "WASHINGTON (AP) —") carries its own copy, not another's
        relayed, relayed_evidence = UNKNOWN, f"the page is {outlet}'s own copy ({relayed_evidence})"
    date_lines = [(n, t) for n, t, r in result.removed if r in metadata.DATE_RULES]
    body_end = max((n for n, t in result.kept if t.strip()), default=0)
    found_date, date_evidence = metadata.find_published([x for x in date_lines if x[0] <= body_end])
    if date_evidence is None:   # no date line before the story's end: some pages print it at the foot
        found_date, date_evidence = metadata.find_published([x for x in date_lines if x[0] > body_end])
    published, _, published_evidence = _first(
        (manifest.get("published"), "manifest", "manifest.csv"),
        (given.get("published"), "input",
         given.get(readers.DATE_FROM) or f"'published' given by the {rec['format']} input"),
        (found_date, "text", date_evidence),
        silent=given.get(readers.UNREAD_DATE) or date_evidence or "the page shows no date",
    )
    if published == UNKNOWN:
        published = None
    body_text = "\n\n".join(b.text for b in body_blocks)
    if blocks is not final:
        del cols
        cols = sentences.sentence_columns(aid, blocks, split_memo)
    n_sent = sum(1 for p in cols["position"] if p in ("lead", "body"))
    if title and headline is None:
        # the title comes from the manifest or the input's metadata: give it a headline sentence too (paragraph 0)
        cols = _after_title(sentences.sentence_columns(aid, [sentences.Block("headline", title, 0)]), cols)
    article = {
        "article_id": aid,
        "outlet": outlet,
        "relayed_source": relayed,
        "title": title or headline,
        "subtitle": subtitle,
        "dateline": place,
        "published": published,
        "url": url,
        "text": body_text,
        "n_words": clean.n_words(body_text),
        "n_sentences": n_sent,
        "source_path": rec["source_path"],
        "sha256": hashlib.sha256(rec["raw_text"].encode()).hexdigest(),
        "outlet_source": outlet_source,
        "outlet_evidence": outlet_evidence,
        "relayed_source_evidence": relayed_evidence,
        "published_evidence": published_evidence,
        "locator": rec.get("locator", ""),
        "format": rec["format"],
        "encoding": rec["encoding"],
        "n_removed": len(removed),
        **_user_columns(given, manifest),
    }
    return article, cols, removed, None


def _after_title(title: dict, cols: dict) -> dict:
    """An article's sentence columns with its title's (one paragraph) before them: what
    :func:`~analysis.corpus.sentences.sentence_columns` gives for the title block and the blocks together."""
    out = {}
    for name, values in cols.items():
        if name == "paragraph_id":
            values = values + 1
        out[name] = np.concatenate([title[name], values]) if isinstance(values, np.ndarray) else title[name] + values
    out["sentence_id"] = np.arange(len(out["text"]), dtype=np.int64)
    return out


def _user_columns(given: dict, manifest: dict) -> dict:
    """The input's own fields that have no column of ours, named safely (``event``, ``leaning``, ``id``)."""
    out = {}
    for source in (given, manifest):                     # manifest values win
        for key, value in source.items():
            if key in _MAPPED:
                continue
            name = re.sub(r"\W+", "_", key).strip("_") or "field"
            if name in ARTICLE_COLUMNS or name in _DERIVED:
                name = f"input_{name}"
            out[name] = value
    return out


def process_records(records: pd.DataFrame, rules, sources, speech) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame,
                                                                           pd.DataFrame, pd.DataFrame]:
    """The per-article work for a DataFrame of raw records (one partition of a corpus).

    Input columns: ``article_id``, ``source_path``, ``locator``, ``format``,
    ``encoding``, ``raw_text``, ``given`` (dict of input metadata) and
    ``manifest`` (dict of manifest values).  Returns ``articles`` (before
    duplicate grouping), ``sentences`` (with each sentence's voices, read
    with the ``speech`` lexicon), ``removed``, the records that were
    skipped (``article_id``, ``reason``) and ``attributions`` (the speech
    attributions behind the voices, :func:`analysis.corpus.voices.read_voices`).
    """
    arts, rems, skipped = [], [], []
    parts: dict[str, list] = {name: [] for name in sentences.SENTENCE_FIELDS}
    first_rule: dict = {}
    split_memo: dict = {}
    for rec in records.to_dict("records"):
        art, cols, r, why = process_record(rec, rules, sources, first_rule, split_memo)
        rems.extend(r)
        if art is None:
            skipped.append({"article_id": rec["article_id"], "reason": why})
        else:
            arts.append(art)
            for name, values in cols.items():
                parts[name].append(values)
        del rec, cols
    base = [c for c in ARTICLE_COLUMNS if c not in _DERIVED]
    extra = sorted({k for a in arts for k in a} - set(base))
    sentence_table = _sentence_table(parts)
    del parts, first_rule, split_memo
    shares, found = voices.read_voices(sentence_table, speech)
    sentence_table[VOICE_SHARES] = shares
    return (
        pd.DataFrame(arts, columns=base + extra),
        sentence_table[SENTENCE_COLUMNS],
        pd.DataFrame(rems, columns=REMOVED_COLUMNS),
        pd.DataFrame(skipped, columns=["article_id", "reason"]),
        found,
    )


def process_partition(records: pd.DataFrame, rules, sources, speech) -> tuple[pd.DataFrame, ...]:
    """:func:`process_records` and, for its articles, the 5-gram hashes duplicate grouping reads
    (:func:`~analysis.corpus.duplicates.article_shingles`): what an engine maps over the partitions of the
    records, so that each article's text is hashed where it was made (on a Dask worker, not sent there again).

    Returns ``process_records``' five tables and the hashes (``article_id``, ``shingles``, ``fingerprint``).
    """
    out = process_records(records, rules, sources, speech)
    return (*out, article_shingles(out[0][["article_id", "text"]]))


def _sentence_table(parts: dict[str, list]) -> pd.DataFrame:
    """The ``sentences`` table (without the voice shares) from the articles' sentence columns."""
    names = [c for c in SENTENCE_COLUMNS if c not in VOICE_SHARES]
    if not any(len(p) for p in parts["text"]):
        return pd.DataFrame([], columns=names)
    return pd.DataFrame({name: (np.concatenate(parts[name]) if isinstance(parts[name][0], np.ndarray)
                                else list(itertools.chain.from_iterable(parts[name]))) for name in names})


def read_records(folder: Path, max_bytes: int, progress: bool = False,
                 found: readers.Found | None = None) -> tuple[pd.DataFrame, list[readers.Problem]]:
    """Every record of every input file below ``folder``, with manifest values attached (``found``: the
    folder's :func:`~analysis.corpus.readers.discover` result when the caller walked it already)."""
    found, walk_problems = found if found is not None else readers.discover(folder)
    manifest, problems = readers.read_manifest(folder, found)
    problems.extend(walk_problems)
    rows = []
    files = [p for p in found if p != folder / readers.MANIFEST]
    for path in tqdm(files, desc="reading", unit="file", disable=not progress):
        records, file_problems = readers.read_file(path, folder, max_bytes)
        problems.extend(file_problems)
        for rec in records:
            key = record_key(rec.meta.get("id"), rec.locator)
            rows.append({
                "article_id": make_article_id(rec.source_path, key),
                "source_path": rec.source_path,
                "locator": rec.locator,
                "format": rec.format,
                "encoding": rec.encoding,
                "raw_text": rec.text,
                "given": {**rec.meta, **rec.unread},
                "manifest": manifest.get(rec.source_path, {}),
            })
    problems.extend(unlisted_files(manifest, [r["source_path"] for r in rows]))
    frame = pd.DataFrame(rows, columns=["article_id", "source_path", "locator", "format", "encoding",
                                        "raw_text", "given", "manifest"])
    clash = frame["article_id"].duplicated(keep="first")
    first = {}
    for row in frame.itertuples():
        where = f"{row.source_path}:{row.locator}" if row.locator else row.source_path
        if row.article_id not in first:
            first[row.article_id] = where
            continue
        given = row.given.get("id")
        what = f"its id '{readers.display_name(given)}'" if given else "its id"
        problems.append(readers.Problem(where, "error", f"{what} repeats the id of {first[row.article_id]} "
                                                        f"({row.article_id}); ids must be unique within a file: "
                                                        "not ingested"))
    return frame[~clash], problems


def unlisted_files(manifest: dict[str, dict], source_paths: list[str], shown: int = 10) -> list[readers.Problem]:
    """One warning naming the files a manifest has no row for (at most ``shown`` of them, then how many more):
    their outlet and date come from the pages alone, which is seldom what a manifest's author meant.  None
    when there is no manifest (or it was refused whole: its own error says so)."""
    if not manifest:
        return []
    missing = sorted({p for p in source_paths if p not in manifest})
    if not missing:
        return []
    more = f" and {len(missing) - shown} more" if len(missing) > shown else ""
    return [readers.Problem(readers.MANIFEST, "warning",
                            f"no row for {len(missing)} file(s): {', '.join(missing[:shown])}{more}; their outlet, "
                            "title and date come from the pages alone (add a row per file to give them)")]


def build_corpus(folder: str | Path, settings: Settings | None = None, *, progress: bool = False,
                 found: readers.Found | None = None, **overrides) -> Corpus:
    """Ingest every file below ``folder`` into a :class:`Corpus`.

    ``settings`` (default: the package defaults) give the rules and sources
    files and the ingest options; ``overrides`` are settings shorthands
    (``max_mb=1``, ``rules=["default", "mine.toml"]``).  Bad input never
    raises: each problem is a row of ``corpus.report``.  Raises
    :class:`CorpusError` for a folder that does not exist and
    :class:`~analysis.errors.LexiconError` for a malformed rules or sources file.  ``found``: the folder's
    :func:`~analysis.corpus.readers.discover` result when the caller walked it already (to key the cache).
    """
    settings = (settings or Settings()).with_overrides(overrides)
    named_by = settings.corpus_named_by if Path(folder) == Path(settings.corpus) else None
    folder = readers.check_corpus_folder(Path(folder), named_by)
    rules = clean.load_rules(settings.lexicons.rules, settings.base)
    sources = metadata.load_sources(settings.lexicons.sources, settings.base)
    speech = voices.load_speech(settings.lexicons.speech, settings.base)
    max_bytes = int(settings.ingest.max_mb * 1024 * 1024)
    records, problems = read_records(folder, max_bytes, progress, found)
    log.info("read %d records from %s (%d problems)", len(records), folder, len(problems))
    engine = get_engine(settings)            # local: one partition in this process; dask: partitions on a cluster
    # a rules pattern of the researcher's that runs away is disabled, and every record is cleaned again without it
    parts = without_runaways(lambda: engine.map(process_partition, engine.split(records), rules, sources, speech),
                             "every article cleaned")
    articles, sents, removed, skipped, found, hashed = (concat_parts([p[i] for p in parts]) for i in range(6))
    del parts
    base = [c for c in ARTICLE_COLUMNS if c not in _DERIVED]    # the input's own columns after ours, sorted
    articles = articles[base + sorted(set(articles.columns) - set(base))]
    dups = find_duplicates(articles, settings.ingest.near_duplicate_threshold, settings.engine.duplicates,
                           hashed=hashed)
    del hashed
    articles = articles.merge(dups, on="article_id", how="left")
    articles["source_label"] = source_labels(articles)
    articles = articles[ARTICLE_COLUMNS + [c for c in articles.columns if c not in ARTICLE_COLUMNS]]

    where = {r.article_id: (f"{r.source_path}:{r.locator}" if r.locator else r.source_path)
             for r in records.itertuples()}
    report = []
    for row in articles.itertuples():
        if row.is_primary:
            report.append((where[row.article_id], "ok", "", row.article_id))
        else:
            how = "exact copy" if row.dup_kind == "exact" else f"near-duplicate ({row.dup_similarity:.0%} of its 5-word phrases shared)"
            report.append((where[row.article_id], "duplicate", f"{how} of {row.dup_group}; counted once", row.article_id))
    for row in skipped.itertuples():
        report.append((where[row.article_id], "skipped", row.reason, row.article_id))
    for p in problems:
        report.append((p.path, p.status, p.reason, ""))
    report_df = pd.DataFrame(report, columns=REPORT_COLUMNS).sort_values("path", kind="stable").reset_index(drop=True)
    provenance = {"package_version": __version__, "code_hash": code_hash(), "corpus_folder": str(folder),
                  "settings": {k: v for k, v in settings.as_dict().items() if k in ("ingest",)},
                  "resources": [r.describe() for kind in ("rules", "sources", "speech")
                                for r in settings.resources()[kind]],
                  "corpus_hash": corpus_hash(articles, sents),
                  "attributions_speech": speech.resource.sha256 if speech.resource is not None else None,
                  "disabled_patterns": disabled_notes(p for r in rules for p in (r.pattern, r.block_pattern)
                                                      if p is not None)}
    return Corpus(articles.reset_index(drop=True), sents, removed, report_df, provenance=provenance,
                  attributions=found)


def corpus_hash(articles: pd.DataFrame, sentences_table: pd.DataFrame) -> str:
    """Hash of what the measures read: article ids, sources, text of every sentence."""
    h = hashlib.sha256()
    cols_a = [c for c in ("article_id", "source_label", "is_primary", "n_words") if c in articles]
    cols_s = [c for c in ("article_id", "sentence_id", "paragraph_id", "position", "text") if c in sentences_table]
    for frame, cols in ((articles, cols_a), (sentences_table, cols_s)):
        if len(frame):
            h.update(pd.util.hash_pandas_object(frame[cols], index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]
