"""Reports never fail on a real corpus: every report renders on corpora built to hit the awkward paths, and says
in words what could not be computed (a corpus where every file is refused; many events with one article per
outlet, frames never matched, groups with no evidence)."""
import csv

from analysis.reporting.render import render


def _pages(out):
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}


def test_every_report_renders_when_every_file_is_refused(tmp_path):
    corpus = tmp_path / "refused"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04")
    result = render(None, tmp_path / "reports", overrides={"corpus": str(corpus)}, figures_dir=tmp_path / "fig")
    pages = _pages(tmp_path / "reports")
    assert len(result.rendered) == 6 and not getattr(result, "failed", [])
    assert all("not produced" not in text for text in pages.values())
    assert "No article could be ingested" in pages["00-summary.html"]


def test_every_report_renders_on_many_events_with_one_article_per_outlet(tmp_path):
    corpus = tmp_path / "events"
    corpus.mkdir()
    outlets = ["Daily One", "Weekly Two", "Wire Three"]
    with open(corpus / "articles.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "outlet", "event", "published", "text"])
        for e in range(12):
            for o, outlet in enumerate(outlets[: 1 + e % 3]):      # some events told by one outlet only
                text = (f"The city council of town {e} met on Monday. Officials said the budget for item {e} would "
                        f"rise by {e + o} percent. Residents asked questions about the bridge and the school. "
                        f"The mayor said talks would continue next week.")
                w.writerow([f"e{e}o{o}", f"Council {e} meets", outlet, f"event {e}", f"2024-01-{1 + e:02d}", text])
    result = render(None, tmp_path / "reports", overrides={"corpus": str(corpus), "event": "event"},
                    figures_dir=tmp_path / "fig")
    pages = _pages(tmp_path / "reports")
    assert len(result.rendered) == 6
    assert all("not produced" not in text for text in pages.values())
