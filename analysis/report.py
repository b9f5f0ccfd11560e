"""Execute the notebooks with parameters and render stand-alone HTML reports.

Each report embeds its images, needs no network (no CDN scripts), and hides
code unless asked.  ``index.html`` lists the reports with the corpus, date,
package version and a hash of the input data.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import re
import tempfile
from pathlib import Path

import nbformat
from tqdm.auto import tqdm

from . import __version__, paths

log = logging.getLogger(__name__)


class ReportError(RuntimeError):
    """Some notebooks failed; their HTML shows where.  ``failures`` maps notebook name to the error."""

    def __init__(self, failures: dict[str, str]):
        self.failures = failures
        super().__init__("; ".join(f"{k}: {v}" for k, v in failures.items()))

_EXTERNAL = re.compile(r"""<(script|link)\b[^>]*\b(?:src|href)=["']https?://[^"']*["'][^>]*>(?:\s*</script>)?""", re.I)
# The lab template's MathJax configuration and its mermaid loader (which imports from a CDN).
_SCRIPTS = re.compile(r"<script\b[^>]*>(?:(?!</script>).)*?(?:mathjax|mermaid)(?:(?!</script>).)*</script>", re.I | re.S)


# Text columns read better left-aligned; long evidence sentences wrap.
_CSS = """<style>
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { text-align: left; vertical-align: top; max-width: 48em; }
.jp-RenderedHTMLCommon table { font-size: 0.85em; }
body { max-width: 1100px; margin: 0 auto; }
</style>
"""


def notebooks(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    """The report notebooks, ``NN-name.ipynb``, in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def execute(nb_path: Path, parameters: dict, out_path: Path) -> nbformat.NotebookNode:
    """Run one notebook with papermill, injecting ``parameters`` after its ``parameters`` cell."""
    import papermill

    return papermill.execute_notebook(str(nb_path), str(out_path), parameters=parameters,
                                      cwd=str(nb_path.parent), progress_bar=False, log_output=False,
                                      kernel_name="python3")


_WIDGET = "application/vnd.jupyter.widget-view+json"


def _is_progress(output) -> bool:
    return output.get("name") == "stderr" or _WIDGET in output.get("data", {})


def _prepare(nb: nbformat.NotebookNode) -> list[str]:
    """Drop progress output (it belongs to the person running, not the reader); return the alt text of each image."""
    alts = []
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if not _is_progress(o)]
            for o in cell["outputs"]:
                if "image/png" in o.get("data", {}):
                    alts.append(o.get("metadata", {}).get("alt") or "figure")
    return alts


_NBCONVERT_ALT = 'alt="No description has been provided for this image"'


class _AltSupplied(logging.Filter):
    # nbconvert warns that images lack alt text before _add_alt supplies it
    def filter(self, record):
        return "Alternative text is missing" not in record.getMessage()


def _add_alt(body: str, alts: list[str]) -> str:
    """Put each figure's own description where nbconvert left its placeholder (images come in output order)."""
    it = iter(alts)
    return re.sub(re.escape(_NBCONVERT_ALT), lambda _: f'alt="{html.escape(next(it, "figure"))}"', body)


def to_html(nb: nbformat.NotebookNode, with_code: bool = False) -> str:
    """A stand-alone HTML page for an executed notebook (no external scripts or styles)."""
    from nbconvert import HTMLExporter

    alts = _prepare(nb)
    exporter = HTMLExporter(template_name="lab", exclude_input=not with_code,
                            exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True)
    exporter.log.addFilter(_AltSupplied())
    body, _ = exporter.from_notebook_node(nb)
    # The lab template loads require.js, MathJax and mermaid from CDNs; the reports need none of them.
    body = _add_alt(_SCRIPTS.sub("", _EXTERNAL.sub("", body)), alts)
    return body.replace("</head>", _CSS + "</head>", 1)


def _index(entries: list[tuple[str, str, str]], corpus: Path, data_hash: str, n_articles: int, n_outlets: int) -> str:
    rows = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a> <small>{html.escape(note)}</small></li>'
                     for href, title, note in entries)
    today = dt.date.today().isoformat()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Framing reports: {html.escape(corpus.name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;line-height:1.5;color:#222}}
dt{{font-weight:600}}dd{{margin:0 0 .5rem 0}}li{{margin:.4rem 0}}small{{color:#666}}</style></head>
<body><h1>Framing reports</h1>
<dl><dt>Corpus</dt><dd>{html.escape(str(corpus))} — {n_articles} articles from {n_outlets} outlets</dd>
<dt>Rendered</dt><dd>{today}</dd><dt>Package version</dt><dd>{html.escape(__version__)}</dd>
<dt>Data hash</dt><dd><code>{html.escape(data_hash)}</code> (inputs, rules and package version)</dd></dl>
<h2>Reports</h2><ol>
{rows}
</ol></body></html>
"""


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def render_reports(corpus: Path, out: Path = paths.REPORTS, with_code: bool = False,
                   figures_dir: Path | None = None, progress: bool = False,
                   only: list[str] | None = None, count_copies: bool = False,
                   frames_file: Path | None = None) -> Path:
    """Execute every notebook on ``corpus`` and write ``out/NN-name.html`` and ``out/index.html``."""
    from .corpus import load_or_build
    from .corpus.cache import data_hash

    out.mkdir(parents=True, exist_ok=True)
    if figures_dir is None:
        figures_dir = paths.FIGURES if out.resolve() == paths.REPORTS.resolve() else out / "figures"
    built = load_or_build(corpus, progress=progress)  # once here, then every notebook hits the cache
    params = {"corpus_dir": str(corpus.resolve()), "figures_dir": str(Path(figures_dir).resolve()),
              "count_copies": count_copies}
    if frames_file:
        from .frames import load_lexicon
        load_lexicon(str(frames_file))         # a malformed file fails here, once, with its name
        params["frames_file"] = str(Path(frames_file).resolve())
    entries = []
    books = [p for p in notebooks() if not only or p.stem in only]
    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for nb_path in tqdm(books, desc="reports", unit="notebook", disable=not progress):
            executed_path = Path(tmp) / nb_path.name
            note = nb_path.name
            try:
                executed = execute(nb_path, params, executed_path)
            except Exception as exc:  # papermill's error names the cell; the rest of the reports still render
                failures[nb_path.stem] = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
                log.error("%s failed: %s", nb_path.name, failures[nb_path.stem])
                if not executed_path.exists():
                    continue
                executed = nbformat.read(executed_path, as_version=4)
                note += " — FAILED, see the error in the report"
            target = out / f"{nb_path.stem}.html"
            target.write_text(to_html(executed, with_code or nb_path.stem in failures), encoding="utf-8")
            entries.append((target.name, _title(executed, nb_path.stem), note))
            log.info("rendered %s", target)
    index = out / "index.html"
    index.write_text(_index(entries, corpus, data_hash(built), len(built.articles),
                            built.articles["outlet"].nunique()), encoding="utf-8")
    if failures:
        raise ReportError(failures)
    return index


def refresh(books: list[Path] | None = None) -> None:
    """Execute notebooks in place with their default parameters (to commit them with clean outputs)."""
    from nbclient import NotebookClient

    for nb_path in books or notebooks():
        nb = nbformat.read(nb_path, as_version=4)
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(nb_path.parent)}}).execute()
        nbformat.write(nb, nb_path)
        log.info("refreshed %s", nb_path)
