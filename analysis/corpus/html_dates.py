"""The publication date an HTML page states in its markup, and the element that states it.

Only markup meant to carry the date is read: a publication-time ``<meta>``
tag (``article:published_time``, ``date``, ``dc.date`` ...), a ``<time>``
element marked as the publication date (``itemprop="datePublished"`` or
``pubdate``) and JSON-LD ``datePublished``.  No date is inferred from the
page's look or its address (as trafilatura's date finder does): the value is
read by the same rules as a date line (:func:`analysis.corpus.metadata.read_dates`),
so "05/01/2024" stays ambiguous.  A visible date line ("Published: ...") is
left in the text, where the cleaner removes it and ingestion reads it.
"""
from __future__ import annotations

import json
from html import escape

# meta names and properties that hold a page's publication time, lower case
META_NAMES = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.issued",
              "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "article.published",
              "original-publish-date", "citation_publication_date")
MAX_SCRIPT = 100_000        # characters of one JSON-LD block read


def _attrs(el, keys) -> str:
    return " ".join(f'{k}="{escape(el.get(k), quote=True)}"' for k in keys if el.get(k) is not None)


def _json_dates(data, depth: int = 0):
    """Every ``datePublished`` value of a JSON-LD object, depth first (a graph nests its article)."""
    if depth > 8:
        return
    if isinstance(data, dict):
        value = data.get("datePublished")
        if isinstance(value, str):
            yield value
        for v in data.values():
            yield from _json_dates(v, depth + 1)
    elif isinstance(data, list):
        for v in data:
            yield from _json_dates(v, depth + 1)


def find_markup_date(tree) -> tuple[str | None, str | None]:
    """``(date text as the page gives it, the element quoted)`` from a parsed page (lxml), or ``(None, None)``.

    The first of: a publication-time meta tag, a ``<time>`` marked as the publication date, JSON-LD
    ``datePublished``.  The text is not read here; the caller reads it by the date-line rules.
    """
    if tree is None:
        return None, None
    for el in tree.iter("meta"):
        key = next((el.get(k) for k in ("property", "name", "itemprop") if el.get(k)), "")
        content = (el.get("content") or "").strip()
        if key.strip().lower() in META_NAMES and content:
            return content, f"<meta {_attrs(el, ('property', 'name', 'itemprop', 'content'))}>"
    for el in tree.iter("time"):
        if (el.get("itemprop") or "").lower() == "datepublished" or el.get("pubdate") is not None:
            value = (el.get("datetime") or el.text_content() or "").strip()
            if value:
                return value, f"<time {_attrs(el, ('itemprop', 'pubdate', 'datetime'))}>"
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text[:MAX_SCRIPT])
        except ValueError:
            continue
        value = next((v.strip() for v in _json_dates(data) if v.strip()), None)
        if value:
            return value, f"JSON-LD \"datePublished\": \"{value}\""
    return None, None
