"""Sentence sentiment (VADER) and actor-directed scores: the ``sentiment`` and ``actor_mentions`` tables.

Pure functions, DataFrames in and out:

* :func:`score_sentences` — VADER per sentence (``neg``, ``neu``, ``pos``, ``compound``), in the news
  register when one is given (``compound_plain`` keeps plain VADER).
* :func:`score_mentions` — one row per actor mention with its actor-directed
  score, from :mod:`analysis.measures.stance`.

Comparisons between groups are in :mod:`analysis.compare.sentiment`.
"""
from __future__ import annotations

import pandas as pd

from ..corpus.tokens import ASCII_WORD
from ..progress import tqdm
from ..schema import MENTION_COLUMNS, SENTIMENT_COLUMNS
from .actors import ActorLexicon, find_mentions
from .register import NewsRegister
from .vader import cached_polarity



def score_sentences(sentences: pd.DataFrame, register: NewsRegister | None = None,
                    progress: bool = False) -> pd.DataFrame:
    """VADER's ``neg``, ``neu``, ``pos``, ``compound`` for every sentence, and ``compound_plain``.

    With a ``register`` (:mod:`analysis.measures.register`) the four scores are
    in the news register and ``compound_plain`` is plain VADER's compound;
    without, both compounds are plain VADER.  Plain VADER is run again only on
    sentences the register changes.  Plain scores are memoised per text
    (:func:`analysis.measures.vader.cached_polarity`), so the actor mentions'
    context features do not score these sentences again.
    """
    plain = cached_polarity
    texts = sentences["text"].tolist()
    rows, plain_compound = [], []
    seen: dict[str, tuple[dict, float]] = {}    # a sentence repeated in many articles is scored once
    for t in tqdm(texts, desc="sentiment", unit="sentence", disable=not progress):
        found = seen.get(t)
        if found is None:
            if register is not None and register.touches(t):
                found = seen[t] = (register.polarity_scores(t), plain(t)["compound"])
            else:
                scores = plain(t)
                found = seen[t] = (scores, scores["compound"])
        rows.append(found[0])
        plain_compound.append(found[1])
    out = pd.DataFrame(rows, columns=["neg", "neu", "pos", "compound"], index=sentences.index)
    out["compound_plain"] = plain_compound
    table = pd.concat([sentences[["article_id", "sentence_id"]], out], axis=1).reset_index(drop=True)
    return table[SENTIMENT_COLUMNS]


def _sentence_attributions(sentences: pd.DataFrame, speech, table: pd.DataFrame | None = None) -> dict:
    """Per sentence index label: its statements as ``(kind, content_start, content_end, speaker_start, speaker_end)``
    in sentence offsets (clipped to the sentence); from the corpus's attributions ``table`` when given."""
    from ..corpus.voices import paragraph_attributions

    out: dict = {}
    for _, _, text, spans, found in paragraph_attributions(sentences, speech, table):
        for label, a, b in spans:
            rows = []
            for att in found:
                c0, c1 = max(att.start, a), min(att.end, b)
                s0, s1 = att.speaker_start, att.speaker_end
                speaker_here = s0 >= a and s1 <= b
                if c1 > c0 or speaker_here:
                    rows.append((att.kind, c0 - a, c1 - a, (s0 - a) if speaker_here else -1,
                                 (s1 - a) if speaker_here else -1))
            if rows:
                out[label] = rows
    return out


def _without_content(text: str, start: int, end: int, rows, verbs=frozenset()) -> tuple[str, int, int]:
    """The sentence without the words attributed to the speaker at ``text[start:end]``, and the speaker's new span.

    Verbs of saying (``verbs``, word forms) become "said": "argued" or
    "condemned" says how the speaker spoke, not how the text treats it.
    """
    cut = sorted((c0, c1) for _, c0, c1, s0, s1 in rows if s0 >= 0 and s0 < end and start < s1 and c1 > c0
                 and (c1 <= start or c0 >= end))
    out, shift, pos = [], 0, 0
    for c0, c1 in cut:
        if c0 < pos:
            continue
        out.append(text[pos:c0])
        if c1 <= start:
            shift += c1 - c0
        pos = c1
    out.append(text[pos:])
    rest = "".join(out)
    start, end = start - shift, end - shift
    if verbs:                            # only what follows the speaker is rewritten
        rest = rest[:end] + ASCII_WORD.sub(lambda m: "said" if m.group(0).lower() in verbs else m.group(0),
                                           rest[end:])
    return rest, start, end


def _predict_once(model, targets: list[tuple[str, int, int]]):
    """``model.predict_proba(targets)``, each distinct ``(sentence, start, end)`` scored once (a sentence repeated
    in many articles has the same mentions): the model scores each target on its own, so the rows are the same."""
    from .estimators import distinct

    unique, rows = distinct(targets)
    if len(unique) == len(targets):
        return model.predict_proba(targets)
    return model.predict_proba(unique)[rows]


def score_mentions(sentences: pd.DataFrame, actors: ActorLexicon, model=None, speech=None,
                   neutral_band: float | None = None, attributions: pd.DataFrame | None = None,
                   study_model=None) -> pd.DataFrame:
    """Actor mentions with their stance (:data:`analysis.schema.MENTION_COLUMNS`).

    ``score_model`` is the classifier's P(positive) − P(negative) towards the
    mention (:mod:`analysis.measures.stance`); ``score`` is the same after the
    role rules of :mod:`analysis.measures.roles` (victims, aggressors, the
    criticised, event names, speakers, negated subjects): the tone of the words
    directed at the actor in that sentence, in [−1, 1].  ``stance`` labels
    ``score`` negative / neutral / positive outside / inside the neutral band
    (``neutral_band``; the model's own, chosen on hand-coded development
    mentions, when None); ``role``, ``negated`` and ``voice`` say why.
    ``speech``: the speech lexicon (bundled default when None);
    ``attributions``: the corpus's table of speech attributions found with it
    (the rules run now when None).  ``study_model``: the study's own fitted
    :class:`~analysis.measures.study_stance.StudyStance`, which then gives
    ``score`` and ``stance`` (the general pipeline's are kept as
    ``score_general`` and ``stance_general``; ``stance_method`` says which).
    """
    from ..corpus.voices import load_speech
    from .estimators import distinct
    from .roles import apply_roles, mention_roles, stance_labels
    from .stance import default_model

    speech = speech or load_speech()
    mentions = find_mentions(sentences, actors, frozenset(speech.forms))
    if mentions.empty:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    model = model or default_model()
    by_key = {(a, s): label for label, a, s in zip(sentences.index, sentences["article_id"], sentences["sentence_id"])}
    labels = [by_key[(a, s)] for a, s in zip(mentions["article_id"], mentions["sentence_id"])]
    texts = sentences.loc[labels, "text"].tolist()
    if "paragraph_id" not in sentences:
        sentences = sentences.assign(paragraph_id=range(len(sentences)))
    paras = pd.MultiIndex.from_frame(sentences[["article_id", "paragraph_id"]])
    wanted = set(paras[sentences.index.get_indexer(labels)])
    atts = _sentence_attributions(sentences[paras.isin(wanted)], speech, attributions)
    # each distinct (sentence, span, its statements) read once: a sentence repeated in many articles has the same
    # mentions, and the role rules read nothing else
    unique, codes = distinct((t, a, b, tuple(atts.get(label, ()))) for t, a, b, label
                             in zip(texts, mentions["start"].tolist(), mentions["end"].tolist(), labels))
    found = [mention_roles(*key) for key in unique]
    roles = [found[c] for c in codes.tolist()]
    triples = list(zip(texts, mentions["start"], mentions["end"]))
    proba = _predict_once(model, triples)
    speakers = [i for i, r in enumerate(roles) if r[0] == "speaker"]
    speaker_proba = proba.copy()
    if speakers:
        verbs = frozenset(speech.forms)
        alone = [_without_content(texts[i], triples[i][1], triples[i][2], atts.get(labels[i], ()), verbs)
                 for i in speakers]
        speaker_proba[speakers] = _predict_once(model, alone)
    final = apply_roles(proba, [r[0] for r in roles], [r[1] for r in roles], speaker_proba)
    mentions["score_model"] = proba[:, 2] - proba[:, 0]
    mentions["score"] = final[:, 2] - final[:, 0]
    band = model.neutral_band if neutral_band is None else neutral_band
    mentions["stance"] = pd.Series(stance_labels(mentions["score"], band)).map(
        {-1: "negative", 0: "neutral", 1: "positive"}).to_numpy()
    mentions["role"] = [r[0] for r in roles]
    mentions["negated"] = [r[1] for r in roles]
    mentions["voice"] = [r[2] for r in roles]
    mentions["score_general"], mentions["stance_general"] = mentions["score"], mentions["stance"]
    mentions["stance_method"] = "general model"
    if study_model is not None:
        from .study_stance import apply_study_stance
        mentions = apply_study_stance(mentions, texts, study_model)
    return mentions[MENTION_COLUMNS].reset_index(drop=True)
