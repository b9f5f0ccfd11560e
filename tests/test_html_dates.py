"""The date of an HTML page follows the rules of a text page: read from the page's markup
(a publication-time meta tag, a ``<time>`` element, JSON-LD ``datePublished``) or its date lines, never
guessed (an ambiguous "05/01/2024" is left empty), and the evidence names the element or line it came from."""
import pytest

from analysis.corpus import build_corpus

BODY = ("<p>The Iraqi premier told reporters on Friday that the coalition's mission in the country had ended "
        "and that his government would set a date for its departure.</p>\n"
        "<p>The remarks came a day after a drone strike in Baghdad killed a militia commander, an attack the "
        "government called a violation of sovereignty.</p>\n"
        "<p>Diplomats in Washington said there were no plans to withdraw the roughly 2,500 American troops "
        "stationed in Iraq.</p>\n")


def _page(head: str, lead: str, n: int) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Iraq and the coalition talks {n}</title>"
            f"{head}</head><body><article><h1>Iraq and the coalition talks {n}</h1>{lead}\n"
            + BODY.replace("Friday", f"Friday ({n})") + "</article></body></html>")


PAGES = {
    "ambig.html": _page("", "<p>Published: 05/01/2024</p>", 1),
    "line.html": _page("", "<p>Published: January 5, 2024</p>", 2),
    "meta.html": _page('<meta property="article:published_time" content="2024-01-05T08:00:00Z">', "", 3),
    "meta-ambig.html": _page('<meta name="date" content="05/01/2024">', "", 4),
    "time.html": _page("", '<p><time itemprop="datePublished" datetime="2024-01-19">19 Jan</time></p>', 5),
    "jsonld.html": _page('<script type="application/ld+json">{"@type": "NewsArticle", '
                         '"datePublished": "2024-01-06"}</script>', "", 6),
}


@pytest.fixture(scope="module")
def arts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html_dates")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    corpus = build_corpus(folder)
    assert set(corpus.articles.source_path) == set(PAGES), corpus.report
    return corpus.articles.set_index("source_path")


def test_an_ambiguous_date_line_is_not_guessed_and_the_evidence_quotes_it(arts):
    a = arts.loc["ambig.html"]
    assert not isinstance(a.published, str) or not a.published
    assert "05/01/2024" in a.published_evidence and "ambiguous" in a.published_evidence


def test_a_full_date_line_gives_the_date_and_names_the_line(arts):
    a = arts.loc["line.html"]
    assert a.published == "2024-01-05"
    assert "'Published: January 5, 2024'" in a.published_evidence and a.published_evidence.startswith("line ")


@pytest.mark.parametrize("name, date, element", [
    ("meta.html", "2024-01-05", "article:published_time"),
    ("time.html", "2024-01-19", "<time"),
    ("jsonld.html", "2024-01-06", "datePublished"),
])
def test_a_date_in_the_markup_names_its_element(arts, name, date, element):
    a = arts.loc[name]
    assert a.published == date
    assert element in a.published_evidence


def test_an_ambiguous_date_in_the_markup_is_not_guessed(arts):
    a = arts.loc["meta-ambig.html"]
    assert not isinstance(a.published, str) or not a.published
    assert "ambiguous" in a.published_evidence and 'name="date"' in a.published_evidence
