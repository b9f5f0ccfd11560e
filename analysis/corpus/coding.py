"""Hand-coding sheets: a stratified sample of sentences out, coded sheets back in, validated.

>>> sample = coding_sample(study.sentences, study.counted, n=200, seed=1)          # doctest: +SKIP
>>> write_sheet(sample, frames, "sheet.xlsx", codebook=study.frames)                 # doctest: +SKIP
>>> coded = read_sheet("sheet.xlsx", frames, sample)                                # doctest: +SKIP

A sheet has one row per sentence (``unit_id`` = ``article_id:sentence_id``,
the article, its group, its ``part``, the position, the sentence before it
for context, the sentence) and one column per frame for the coder to fill with 1 (the
sentence presents the frame) or 0; a blank cell counts as 0.  Excel sheets
get a second sheet with the codebook.  Every cell a spreadsheet would run
as a formula is neutralised.

:func:`read_sheet` refuses, with a :class:`~analysis.errors.CodingSheetError`
naming the rows: unknown frame columns (with the nearest frame id), missing
or duplicate ids, ids that are not in the sample, values other than 0 and 1,
and sentences whose text no longer matches the corpus.  Two coders' sheets
of one sample are read separately and compared (:mod:`analysis.compare.agreement`).
The sheets belong to the corpus layer: the measures layer trains the frame
classifier on them.

Every sheet is split by article into a ``development`` part (what lexicon
revision, term pruning and model fitting may see) and a frozen ``test`` part
(what validity is measured on): :func:`heldout_articles` draws the split from
each article's text (:func:`content_keys`: not its id, which is made from the
file's path, so a corpus copied, moved or reorganised into other folders keeps
its split), a share and a seed; :func:`coding_sample` writes it in the
``part`` column, and the readers return it (computing it, with the study's
share and seed and the texts of the sentences given, for a sheet that has no
``part`` column; a sheet's written parts are never redrawn).
"""
from __future__ import annotations

import hashlib
import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .. import lexicons
from ..errors import CodingSheetError, did_you_mean
from ..io import excel_safe, write_csv
from ..schema import DEFAULT_GROUP

SHEET_COLUMNS = ["unit_id", "article_id", "sentence_id", "group", "part", "position", "context", "text"]
EXTRA_COLUMNS = ["coder", "notes", "sample"]
MAX_ROWS_NAMED = 12


TEST_SHARE = 0.4
SPLIT_SEED = 0
PARTS = ("development", "test")


def content_keys(sentences: pd.DataFrame) -> dict[str, str]:
    """``article_id`` -> a key made from the article's text alone: the sha256 of its sentences in order, white
    space collapsed.  The same text gives the same key wherever the file lies and whatever it is called."""
    ordered = sentences.sort_values(["article_id", "sentence_id"])
    return {str(a): hashlib.sha256(" ".join(" ".join(texts.astype(str)).split()).encode()).hexdigest()
            for a, texts in ordered.groupby("article_id", sort=False)["text"]}


def heldout_articles(article_ids, share: float = TEST_SHARE, seed: int = SPLIT_SEED,
                     keys: dict[str, str] | None = None) -> set[str]:
    """The articles of a coded sheet set aside as its frozen test part.

    Articles are ordered by ``sha256(f"{seed}:{key}")``, ``key`` being the
    article's :func:`content_keys` entry in ``keys`` (its id when ``keys`` is
    None or lacks it), and the first ``ceil(share * n)`` are the test part
    (none when there are fewer than two articles, never all of them), so with
    ``keys`` the split depends only on the texts, the share and the seed: the
    same articles are held out on every machine, wherever the corpus lies, and
    whenever rows are added to an article already coded.
    """
    ids = sorted({str(a) for a in article_ids})
    if len(ids) < 2:
        return set()
    n_test = min(len(ids) - 1, max(1, math.ceil(share * len(ids))))
    keys = keys or {}
    ranked = sorted(ids, key=lambda a: hashlib.sha256(f"{seed}:{keys.get(a, a)}".encode()).hexdigest())
    return set(ranked[:n_test])


def assign_parts(article_ids, share: float = TEST_SHARE, seed: int = SPLIT_SEED, among=None,
                 keys: dict[str, str] | None = None) -> pd.Series:
    """``"test"`` or ``"development"`` for each value of ``article_ids``, the test articles drawn by
    :func:`heldout_articles` (with ``keys``) from ``among`` (default: the ids themselves)."""
    ids = pd.Series(article_ids).astype(str)
    test = heldout_articles(ids if among is None else among, share, seed, keys)
    return ids.map(lambda a: PARTS[1] if a in test else PARTS[0])


def _parts(sheet: pd.DataFrame, articles: pd.Series, where: str, share: float, seed: int,
           sample: pd.DataFrame | None = None, split_by: str = "text") -> pd.Series:
    """The ``part`` of every row of a sheet (indexed by spreadsheet row): as written, one per article, or drawn
    with ``share`` and ``seed`` (with ``split_by="text"``, from the articles' texts in ``sample`` when it has
    them) when the column is absent or blank throughout."""
    if "part" not in sheet or (sheet["part"].astype(str).str.strip() == "").all():
        texts = split_by == "text" and sample is not None and {"text", "sentence_id"} <= set(sample)
        keys = content_keys(sample) if texts else None
        return assign_parts(articles, share, seed, keys=keys).set_axis(sheet.index)
    part = sheet["part"].astype(str).str.strip().str.lstrip("'").str.lower()
    wrong = part[~part.isin(PARTS)]
    if len(wrong):
        raise CodingSheetError(f"{where}: the part of rows {_names(wrong.index)} is "
                               f"{_names(sorted(set(wrong)))}; use 'development' or 'test' (the split is by "
                               "article: every row of an article has the same part)")
    mixed = [a for a, p in part.groupby(articles.to_numpy()) if p.nunique() > 1]
    if mixed:
        raise CodingSheetError(f"{where}: article(s) {_names(mixed)} have rows in both parts; the split is by "
                               "article, so every row of an article must have the same part")
    return part


def unit_ids(frame: pd.DataFrame) -> pd.Series:
    return frame["article_id"].astype(str) + ":" + frame["sentence_id"].astype(int).astype(str)


def coding_sample(sentences: pd.DataFrame, articles: pd.DataFrame, n: int | None = None, *, by="source_label",
                  positions=None, seed: int = 0, test_share: float = TEST_SHARE,
                  split_seed: int = SPLIT_SEED, split_by: str = "text") -> pd.DataFrame:
    """Sentences to code: all of them (``n=None``) or ``n`` drawn at random within each group in proportion to
    its size (at least one per group), with a fixed ``seed`` so the sample can be drawn again.

    ``part`` says whether a sentence's article belongs to the development or the frozen test part: the test
    articles are drawn from every article of ``articles`` (:func:`heldout_articles` with ``test_share``,
    ``split_seed`` and, with ``split_by="text"``, the articles' texts, :func:`content_keys`; ``"id"``: their
    ids), so a larger sample of the same corpus, or the same corpus copied to another folder, keeps the same
    split."""
    keys = content_keys(sentences) if split_by == "text" else None
    cols = [DEFAULT_GROUP if c == "outlet" else c for c in ([by] if isinstance(by, str) else list(by))]
    s = sentences if positions is None else sentences[sentences["position"].isin(positions)]
    s = s[["article_id", "sentence_id", "paragraph_id", "position", "text"]].merge(
        articles[["article_id", *cols]], on="article_id", how="inner")
    s = s.sort_values(["article_id", "sentence_id"]).reset_index(drop=True)
    s["context"] = s.groupby("article_id")["text"].shift(1).fillna("")
    s["group"] = s[cols].astype(str).agg(" · ".join, axis=1)
    if n is not None and n < len(s):
        rng = np.random.default_rng(seed)
        sizes = s.groupby("group").size()
        alloc = np.maximum(1, np.floor(sizes / sizes.sum() * n)).astype(int)
        while alloc.sum() < n and (alloc < sizes).any():        # hand out what rounding left, largest groups first
            for g in (sizes - alloc).sort_values(ascending=False).index:
                if alloc.sum() >= n:
                    break
                if alloc[g] < sizes[g]:
                    alloc[g] += 1
        picked = [part.iloc[np.sort(rng.choice(len(part), min(alloc[g], len(part)), replace=False))]
                  for g, part in s.groupby("group", sort=True)]
        s = pd.concat(picked).sort_values(["article_id", "sentence_id"]).reset_index(drop=True)
    s["unit_id"] = unit_ids(s)
    s["part"] = assign_parts(s["article_id"], test_share, split_seed, among=articles["article_id"],
                             keys=keys).to_numpy()
    return s[SHEET_COLUMNS]


def write_sheet(sample: pd.DataFrame, frames: list[str], path: str | Path, codebook: pd.DataFrame | None = None,
                coder: str = "") -> Path:
    """Write a coding sheet (``.csv`` or ``.xlsx``) with an empty column per frame."""
    sheet = sample[SHEET_COLUMNS].copy()
    for f in frames:
        sheet[f] = ""
    sheet["coder"] = coder
    sheet["notes"] = ""
    sheet["sample"] = sample_stamp(sheet["unit_id"])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as xl:
            excel_safe(sheet).to_excel(xl, sheet_name="coding", index=False)
            if codebook is not None:
                book = codebook[codebook["frame"].isin(frames)].copy()
                for col in ("include", "exclude", "examples"):
                    if col in book:
                        book[col] = book[col].map(lambda v: "\n".join(v) if isinstance(v, (list, tuple, np.ndarray)) else v)
                excel_safe(book).to_excel(xl, sheet_name="codebook", index=False)
    else:
        write_csv(sheet, path)
    return path


def sample_stamp(ids) -> str:
    """What a sheet was written with, on every row: the number of sentences and a digest of their ids
    (``"120 sentences · 3f9a0c21d4"``), so that :func:`read_sheet` can tell rows deleted from a returned sheet."""
    ids = sorted(str(i) for i in ids)
    return f"{len(ids)} sentences · {hashlib.sha1(chr(10).join(ids).encode()).hexdigest()[:10]}"


def _check_complete(stamps: pd.Series, ids: pd.Series, where: str) -> None:
    """Every row of a returned sheet carries the stamp it was written with, and the sheet still holds every
    sentence it was written with: a deleted row would otherwise pass unnoticed (a blank code already means 0,
    so no sentence needs deleting)."""
    stamps = stamps.astype(str).str.strip()
    written = stamps[stamps != ""]
    if written.empty:
        return
    if len(set(written)) > 1 or len(written) < len(stamps):
        raise CodingSheetError(f"{where}: the 'sample' column differs between rows; the rows come from different "
                               "sheets (or were pasted in): code the sheet as it was written")
    stamp = written.iloc[0]
    try:
        n = int(stamp.split(" ", 1)[0])
    except ValueError:
        raise CodingSheetError(f"{where}: the 'sample' column holds {stamp!r}, not what the sheet was written "
                               "with; do not edit that column") from None
    if sample_stamp(ids) == stamp:
        return
    if len(ids) < n:
        raise CodingSheetError(f"{where}: {n - len(ids)} of the {n} sentences the sheet was written with are "
                               "missing (rows deleted); restore them: leave the codes of a sentence blank "
                               "rather than delete its row")
    raise CodingSheetError(f"{where}: the sheet holds {len(ids)} sentences but was written with {n}, or its "
                           "unit_id cells were edited; code the sheet as it was written")


def _names(rows) -> str:
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_NAMED])
    return shown + (f" and {len(rows) - MAX_ROWS_NAMED} more" if len(rows) > MAX_ROWS_NAMED else "")


def _check_units(ids: pd.Series, texts: pd.Series | None, sample: pd.DataFrame, where: str) -> None:
    """Every id (indexed by spreadsheet row) must name a sentence of ``sample``, with the same text when given."""
    ref = sample.assign(unit_id=unit_ids(sample)).set_index("unit_id")["text"]
    absent = ids[~ids.isin(ref.index)]
    if len(absent):
        raise CodingSheetError(f"{where}: rows {_names(absent.index)} name sentences that are not in the sample "
                               f"(or no longer in the corpus): {_names(absent)}")
    if texts is not None:
        # a sentence that began with = + - @ was written with a ' in front (so no spreadsheet runs it); a sentence
        # that begins with ' itself keeps it
        changed = [r for r, uid, t in zip(ids.index, ids, texts)
                   if t and ref.get(uid, t).strip() not in (t, t[1:] if t.startswith("'") else t)]
        if changed:
            raise CodingSheetError(f"{where}: the text of rows {_names(changed)} differs from the corpus: the "
                                   "sentences were split or cleaned differently since the sheet was made")


MAX_WORKBOOK_BYTES = 200 * 1024 * 1024     # what a coding workbook may unpack to (a sheet of sentences is a few MB)


def _check_workbook(path: Path, raw: bytes) -> None:
    """Refuse a workbook that is no zip, or whose parts unpack to more than ``MAX_WORKBOOK_BYTES`` (a 1 MB
    file can unpack to gigabytes), before any XML is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            size = sum(i.file_size for i in book.infolist())
    except zipfile.BadZipFile:
        raise CodingSheetError(f"{path}: not an Excel workbook (.xlsx is a zip file; this is not one)") from None
    if size > MAX_WORKBOOK_BYTES:
        raise CodingSheetError(f"{path}: the workbook unpacks to {size / 1024 ** 2:,.0f} MB, more than "
                               f"{MAX_WORKBOOK_BYTES // 1024 ** 2} MB, so it is not read (save it as CSV)")


def _check_formulas(path: Path, raw: bytes) -> None:
    """Refuse a workbook whose coding sheet holds formulas: a formula saved without its computed value (as many
    programs write them) would be read as blank, that is 0, and the sheet would look fully valid."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        rows = [cell.row for row in book.worksheets[0].iter_rows() for cell in row
                if getattr(cell, "data_type", None) == "f"]
    finally:
        book.close()
    if rows:
        raise CodingSheetError(f"{path}: rows {_names(pd.Series(sorted(set(rows))))} hold formulas; type the codes "
                               "(0 or 1) as values, so that what is read is what the coder meant")


def read_sheet(path: str | Path, frames: list[str], sample: pd.DataFrame | None = None, *,
               test_share: float = TEST_SHARE, split_seed: int = SPLIT_SEED,
               split_by: str = "text") -> pd.DataFrame:
    """A coded sheet as ``unit_id``, ``article_id``, ``sentence_id``, one 0/1 column per frame, ``coder`` and
    ``part`` (``development`` or ``test``: as written in the sheet, else drawn with ``test_share``,
    ``split_seed`` and ``split_by`` from the sheet's articles).

    Rows are named as in the spreadsheet (row 2 is the first row of data).
    When ``sample`` (the sentences the sheet was made from, or the corpus's
    sentences) is given, every id must be in it and its text must match.
    """
    path = Path(path)
    raw = lexicons.read_limited(path, "coding sheet", CodingSheetError)
    try:
        if path.suffix.lower() == ".xlsx":
            _check_workbook(path, raw)
            sheet = pd.read_excel(io.BytesIO(raw), sheet_name=0, dtype=str, keep_default_na=False)
            _check_formulas(path, raw)
        else:
            sheet = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    except CodingSheetError:
        raise
    except FileNotFoundError:
        raise CodingSheetError(f"{path}: coding sheet not found") from None
    except Exception as exc:          # a damaged workbook, a CSV pandas cannot parse
        raise CodingSheetError(f"{path}: not a readable coding sheet ({exc})") from None
    sheet.columns = [str(c).strip().lstrip("'") for c in sheet.columns]
    where = f"{path}"
    if "unit_id" not in sheet.columns:
        raise CodingSheetError(f"{where}: no 'unit_id' column; a sheet must keep the columns it was written with")
    known = set(SHEET_COLUMNS) | set(EXTRA_COLUMNS) | set(frames) | {"source_label"}
    unknown = [c for c in sheet.columns if c not in known and not c.startswith("Unnamed")]
    if unknown:
        hints = [f"'{c}'{did_you_mean(c, frames)}" for c in unknown]
        raise CodingSheetError(f"{where}: unknown frame column(s) {', '.join(hints)}; the frames are "
                               f"{', '.join(frames)}")
    missing_frames = [f for f in frames if f not in sheet.columns]
    if missing_frames:
        raise CodingSheetError(f"{where}: no column for frame(s) {', '.join(missing_frames)}")
    sheet.index = range(2, len(sheet) + 2)             # spreadsheet row numbers
    ids = sheet["unit_id"].str.strip().str.lstrip("'")
    blank = ids[ids == ""].index
    if len(blank):
        raise CodingSheetError(f"{where}: rows {_names(blank)} have no unit_id")
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        raise CodingSheetError(f"{where}: unit_id repeated in rows {_names(dup.index)} "
                               f"({_names(sorted(set(dup)))})")
    filled = sum(int((sheet[f].astype(str).str.strip() != "").sum()) for f in frames)
    if filled == 0:
        raise CodingSheetError(f"{where}: no frame cell is filled in: code 1 where a sentence presents a frame "
                               "(and 0, or leave blank, where not)")
    bad = []
    values = {}
    for f in frames:
        col = sheet[f].astype(str).str.strip().str.lstrip("'")
        col = col.replace({"": "0", "0.0": "0", "1.0": "1"})
        wrong = col[~col.isin(["0", "1"])]
        bad += [f"row {r} ({f} = {v!r})" for r, v in wrong.items()]
        values[f] = col.where(col.isin(["0", "1"]), "0").astype(int)
    if bad:
        raise CodingSheetError(f"{where}: values other than 0 and 1 in {_names(bad)}; code 1 when the sentence "
                               "presents the frame, 0 (or leave blank) when not")
    parts = ids.str.rsplit(":", n=1)
    out = pd.DataFrame({"unit_id": ids, "article_id": parts.str[0],
                        "sentence_id": pd.to_numeric(parts.str[1], errors="coerce")}, index=sheet.index)
    malformed = out[out["sentence_id"].isna()].index
    if len(malformed):
        raise CodingSheetError(f"{where}: rows {_names(malformed)} have a unit_id that is not article_id:sentence_id")
    out["sentence_id"] = out["sentence_id"].astype(int)
    for f in frames:
        out[f] = values[f]
    out["coder"] = sheet["coder"].str.strip() if "coder" in sheet else path.stem
    out.loc[out["coder"] == "", "coder"] = path.stem
    out["part"] = _parts(sheet, out["article_id"], where, test_share, split_seed, sample, split_by)
    if sample is not None:
        _check_units(out["unit_id"], sheet["text"].str.strip() if "text" in sheet else None,
                     sample, where)
    if "sample" in sheet:
        _check_complete(sheet["sample"], ids, where)
    return out.reset_index(drop=True)


def read_sheets(paths, frames: list[str], sample: pd.DataFrame | None = None, **split) -> pd.DataFrame:
    """Several coders' sheets of one sample, stacked (one ``coder`` value per sheet); ``split``: the
    ``test_share``, ``split_seed`` and ``split_by`` of :func:`read_sheet`."""
    parts = [read_sheet(p, frames, sample, **split) for p in paths]
    coders = [p["coder"].iloc[0] if len(p) else Path(path).stem for p, path in zip(parts, paths)]
    for part, name in zip(parts, coders):
        part["coder"] = name
    if len(set(coders)) < len(coders):
        parts = [p.assign(coder=f"{c} ({Path(path).name})") for p, c, path in zip(parts, coders, paths)]
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    mixed = sorted(a for a, p in out.groupby("article_id")["part"] if p.nunique() > 1)
    if mixed:
        raise CodingSheetError(f"{', '.join(str(p) for p in paths)}: the sheets put article(s) {_names(mixed)} in "
                               "different parts; coders' sheets of one sample must share its split")
    return out


def read_long_sheet(path: str | Path, columns: list[str], allowed: dict[str, set[str]],
                    sample: pd.DataFrame | None = None, *, test_share: float = TEST_SHARE,
                    split_seed: int = SPLIT_SEED, split_by: str = "text") -> pd.DataFrame:
    """A coded sheet with one row per coded *unit within a sentence* (a quote, an actor mention), with its
    ``part`` (as :func:`read_sheet`).

    ``columns`` must all be present; ``allowed`` names, per column, the values
    it may hold.  Rows are checked like :func:`read_sheet`'s: ids of the form
    ``article_id:sentence_id``, known to ``sample`` with the same text when
    it is given; every problem is named by spreadsheet row.
    """
    path = Path(path)
    raw = lexicons.read_limited(path, "coding sheet", CodingSheetError)
    try:
        sheet = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise CodingSheetError(f"{path}: coding sheet not found") from None
    except Exception as exc:
        raise CodingSheetError(f"{path}: not a readable coding sheet ({exc})") from None
    missing = [c for c in ["unit_id", *columns] if c not in sheet.columns]
    if missing:
        raise CodingSheetError(f"{path}: no column {', '.join(repr(c) for c in missing)}")
    sheet.index = range(2, len(sheet) + 2)
    sheet = sheet.apply(lambda c: c.str.strip())
    bad = [f"row {r} ({col} = {v!r})" for col, ok in allowed.items() for r, v in sheet[col].items() if v not in ok]
    if bad:
        raise CodingSheetError(f"{path}: unexpected values in {_names(bad)}; allowed: "
                               + "; ".join(f"{c}: {', '.join(sorted(v))}" for c, v in allowed.items()))
    parts = sheet["unit_id"].str.rsplit(":", n=1)
    sheet["article_id"] = parts.str[0]
    sheet["sentence_id"] = pd.to_numeric(parts.str[1], errors="coerce")
    malformed = sheet[sheet["sentence_id"].isna()].index
    if len(malformed):
        raise CodingSheetError(f"{path}: rows {_names(malformed)} have a unit_id that is not article_id:sentence_id")
    sheet["sentence_id"] = sheet["sentence_id"].astype(int)
    if "coder" not in sheet:
        sheet["coder"] = path.stem
    sheet["part"] = _parts(sheet, sheet["article_id"], str(path), test_share, split_seed, sample, split_by)
    if sample is not None:
        _check_units(sheet["unit_id"], sheet["text"] if "text" in sheet else None, sample, str(path))
    return sheet.reset_index(drop=True)


STANCE_SHEET_COLUMNS = ["id", "sentence_id", "text", "actor", "mention", "stance"]     # and an optional "notes"
STANCE_LABELS = ("negative", "neutral", "positive")


def read_stance_sheet(path: str | Path, actor_ids) -> pd.DataFrame:
    """A sheet of coded actor mentions in written sentences (one row per mention: :data:`STANCE_SHEET_COLUMNS`,
    optionally ``notes``), checked, with each mention's ``start`` and ``end`` in its sentence.

    This is the format of the blind stance sheets (``data/coding/blind/stance_written_*.csv``) and of the stance
    training sheets a study names in ``[coding] stance_train``.  Raises
    :class:`~analysis.errors.CodingSheetError` naming the file and the rows (as in a spreadsheet: row 2 is the
    first row of data) when the file cannot be read or is too large, a column is missing, there is no row, a
    stance is not negative / neutral / positive, an actor is not one of ``actor_ids`` (the actor lexicon's ids),
    one ``sentence_id`` holds two texts, or a mention is not found in its text.  The k-th row naming the same
    words in one sentence is the k-th occurrence of them.
    """
    path = Path(path)
    raw = lexicons.read_limited(path, "stance sheet", CodingSheetError)
    try:
        d = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:          # a CSV pandas cannot parse, an empty file, bytes that are not UTF-8
        raise CodingSheetError(f"{path}: not a readable stance sheet ({exc})") from None
    d.columns = [str(c).strip() for c in d.columns]
    missing = [c for c in STANCE_SHEET_COLUMNS if c not in d.columns]
    if missing:
        raise CodingSheetError(f"{path}: no column {', '.join(repr(c) for c in missing)} (a stance sheet has the "
                               f"columns {', '.join(STANCE_SHEET_COLUMNS)}, notes)")
    if d.empty:
        raise CodingSheetError(f"{path}: no coded rows")
    d.index = range(2, len(d) + 2)          # spreadsheet rows (the header is row 1)
    d[["sentence_id", "actor", "mention", "stance"]] = d[["sentence_id", "actor", "mention", "stance"]].apply(
        lambda c: c.str.strip())
    d["stance"] = d["stance"].str.lower()
    problems = [f"row {r}: no sentence_id" for r, v in d["sentence_id"].items() if not v]
    problems += [f"row {r}: stance {v!r} is not negative, neutral or positive"
                 for r, v in d["stance"].items() if v not in STANCE_LABELS]
    problems += [f"row {r}: actor {v!r} is not in the actor lexicon" for r, v in d["actor"].items()
                 if v not in actor_ids]
    texts = d.groupby("sentence_id")["text"].nunique()
    problems += [f"sentence_id {s!r} has {n} different texts" for s, n in texts.items() if n > 1]
    starts, seen = [], {}
    for r, sid, text, mention in zip(d.index, d["sentence_id"], d["text"], d["mention"]):
        k = seen[(sid, mention)] = seen.get((sid, mention), -1) + 1
        at = -1
        for _ in range(k + 1):
            at = text.find(mention, at + 1) if mention else -1
            if at < 0:
                break
        if at < 0:
            problems.append(f"row {r}: mention {mention!r} is not in its text"
                            + (f" (occurrence {k + 1})" if k else ""))
        starts.append(at)
    if problems:
        raise CodingSheetError(f"{path}: " + "; ".join(problems[:10])
                               + (f"; and {len(problems) - 10} more" if len(problems) > 10 else ""))
    d["start"] = starts
    d["end"] = d["start"] + d["mention"].str.len()
    return d.reset_index(drop=True)
