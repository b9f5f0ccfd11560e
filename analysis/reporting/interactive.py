"""The one script a report carries: sortable, filterable tables, and a policy that lets nothing else run.

A report page may run exactly one script, ``style/tables.js``: ours, fixed,
shipped with the package, never built from data.  :func:`add` puts it (and its
few style rules) into a page rendered by nbconvert, and puts a Content
Security Policy at the top of the page that allows only that script, by its
hash, and loads nothing from anywhere (images and fonts only from ``data:``
URLs).  A browser therefore refuses any other script, event handler or
``javascript:`` link even if one slipped past the escaping of
:mod:`analysis.reporting.safe`; and :func:`add` removes any other inline
script before adding ours (a report has no use for one).  :func:`foreign_scripts`
is the check :func:`analysis.reporting.render.scan` runs: every ``<script>``
element whose text is not exactly ours is reported.

The tables read as plain tables without the script (it only adds the sort
on the column headings and the filter box above tables of 8 rows or more).

>>> page = add("<html><head></head><body><table></table></body></html>")
>>> page.count("<script>"), foreign_scripts(page)
(1, [])
"""
from __future__ import annotations

import base64
import hashlib
import logging
import re
from importlib import resources

log = logging.getLogger(__name__)

SCRIPT = resources.files(__package__).joinpath("style", "tables.js").read_text(encoding="utf-8")
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")

POLICY = (f"default-src 'none'; script-src '{SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; "
          "font-src data:; base-uri 'none'; form-action 'none'")
_POLICY_META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
_STYLE = """<style>
th.nf-sortable { cursor: pointer; }
th.nf-sortable:hover { text-decoration: underline dotted; }
th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: 0.8em; }
th[aria-sort="descending"]::after { content: " \\25BC"; font-size: 0.8em; }
.nf-filterbar { margin: 0.4em 0; font-size: 0.85em; }
.nf-filterbar input { margin-right: 0.6em; padding: 0.15em 0.4em; min-width: 16em; }
@media print { .nf-filterbar { display: none; } }
</style>
"""
_SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
_SCRIPT_OPEN = re.compile(r"<script\b", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset\s*=[^>]*>", re.I)


def _is_ours(body: str) -> bool:
    return body == SCRIPT


def add(page: str) -> str:
    """``page`` with any inline script removed, then our policy (in ``<head>``) and our table script added.

    A page without ``<head>`` or ``</body>`` is returned without the script
    (and without a policy that would name a script it does not carry).
    """
    removed = []

    def drop(m: re.Match) -> str:
        removed.append(m.group(0)[:60])
        return ""

    page = _SCRIPT_ELEMENT.sub(lambda m: m.group(0) if _is_ours(m.group(1)) else drop(m), page)
    if removed:
        log.warning("removed %d inline script(s) from a report page (a report runs only its table script): %s",
                    len(removed), "; ".join(removed))
    if SCRIPT in page:                      # already added
        return page
    head = _CHARSET.search(page) or _HEAD.search(page)
    if head is None or "</body>" not in page:
        return page
    page = page[:head.end()] + _POLICY_META + page[head.end():]
    return page.replace("</head>", _STYLE + "</head>", 1).replace("</body>", f"<script>{SCRIPT}</script>\n</body>", 1)


def foreign_scripts(page: str) -> list[str]:
    """One problem per ``<script>`` element of ``page`` that is not exactly our table script."""
    problems = []
    whole = list(_SCRIPT_ELEMENT.finditer(page))
    for m in whole:
        if not _is_ours(m.group(1)):
            problems.append(f"an inline script that is not the report's table script: {m.group(0)[:60]!r}")
    unclosed = len(_SCRIPT_OPEN.findall(page)) - len(whole)
    if unclosed > 0:
        from .findings import plural
        problems.append(f"{plural(unclosed, '<script> element')} without an end tag")
    return problems
