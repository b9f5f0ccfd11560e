"""Column names and vocabularies of the tables, in one place.

The names marked *contract* are fixed by the design notes (other notebooks,
tests and benchmarks rely on them); more columns may be added freely.
"""
from __future__ import annotations

UNKNOWN = "unknown"

# articles (contract first, then provenance of every inferred value)
ARTICLE_COLUMNS = [
    "article_id", "outlet", "source_label", "relayed_source", "title", "subtitle", "dateline", "published", "url",
    "text", "n_words", "n_sentences", "source_path", "sha256", "dup_group", "is_primary",
    "outlet_source", "outlet_evidence", "relayed_source_evidence", "published_evidence", "dup_similarity", "dup_kind",
    "locator", "format", "encoding", "n_removed",
]
# sentences: the voice of each sentence as shares of its letters
VOICE_SHARES = ["own_share", "direct_share", "reported_share"]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "position", "text", "in_quote", *VOICE_SHARES,
                    "quote_share", "line_no"]
# attributions: each direct quotation or reported statement found at ingestion; offsets are into the paragraph's
# text (its sentences joined by one space): the content, and the speaker as written (-1 when none is named)
ATTRIBUTION_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "kind", "cue", "speaker", "speaker_start",
                       "speaker_end", "start", "end"]
REMOVED_COLUMNS = ["article_id", "line_no", "text", "rule"]
REPORT_COLUMNS = ["path", "status", "reason", "article_id"]
REPORT_STATUSES = ("ok", "duplicate", "skipped", "error", "warning", "info")
# warning: read, but a value was refused or repaired (the reason says which); info: not input, nothing lost
PROBLEM_STATUSES = ("skipped", "error", "warning")

# positions of a sentence in its article
POSITIONS = ("headline", "subtitle", "heading", "lead", "body")
PROSE = ("lead", "body")                      # the sentences shares and means are taken over
TEXT_POSITIONS = ("lead", "body", "heading")  # where n_words is counted

# voices: whose words a sentence carries
VOICES = ("own", "direct", "reported")
VOICE_LABELS = {"own": "the outlet's own prose", "direct": "direct quotation", "reported": "reported speech"}

# measures (contract columns first)
SENTIMENT_COLUMNS = ["article_id", "sentence_id", "neg", "neu", "pos", "compound", "compound_plain"]
MENTION_COLUMNS = ["article_id", "sentence_id", "actor", "mention", "score", "start", "end", "role", "negated",
                   "stance", "voice", "score_model", "score_general", "stance_general", "stance_method"]
MATCH_COLUMNS = ["article_id", "sentence_id", "frame", "term", "lexicon", "matched", "start", "end", "kind"]
SALIENCE_COLUMNS = ["article_id", "frame", "lexicon", "matches", "per_1k_words", "sentence_share",
                    "weighted_share", "own_share", "direct_share", "reported_share", "method"]
QUOTE_COLUMNS = ["article_id", "sentence_id", "speaker", "actor", "verb", "text", "direct", "speaker_raw", "cue"]
TERMS_COLUMNS = ["topic", "term", "weight"]
UNITS_COLUMNS = ["unit_id", "article_id", "topic", "weight"]
KEYNESS_COLUMNS = ["group", "term", "count", "count_rest", "delta", "z"]

# statistics
CI_COLUMNS = ["mean", "ci_low", "ci_high", "n", "n_articles", "ci_unit", "flag"]

# the column comparisons group by unless told otherwise
DEFAULT_GROUP = "source_label"

# the columns of their own that the measure tables (and the sentence context and intervals the comparisons add to
# them) carry: an article metadata column of one of these names cannot be a grouping column, since joining it to
# the table would meet the table's own column (a corpus's `stance` left/center/right against each mention's
# negative/neutral/positive)
MEASURE_TABLES = {
    "sentences": SENTENCE_COLUMNS, "sentence sentiment": SENTIMENT_COLUMNS, "actor mentions": MENTION_COLUMNS,
    "frame matches": MATCH_COLUMNS, "frame salience": SALIENCE_COLUMNS, "quotes": QUOTE_COLUMNS,
    "topic units": UNITS_COLUMNS, "keyness": KEYNESS_COLUMNS, "intervals": CI_COLUMNS,
    "sentence context": ["voice", "sentence_voice", "actor_label", "label"],
}


def measure_tables_with(column: str) -> list[str]:
    """The measure tables (names of :data:`MEASURE_TABLES`) that have a column ``column`` of their own; empty for
    the article table's columns (``article_id``, ``text``...), which the measure tables may share."""
    if column in ARTICLE_COLUMNS:
        return []
    return [name for name, cols in MEASURE_TABLES.items() if column in cols]

# a fresh hand-coding sheet: sentences and seed of the draw (`coding sample`'s defaults, report 05's sheet)
SAMPLE_SIZE = 200
SAMPLE_SEED = 1
