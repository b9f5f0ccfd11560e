"""Outlet, date and agency of real-looking pages whose manifest gives only ``file`` and ``url``.

The pages below are written for this test in the shapes news sites print
(their text invented): a credit line "AFP , Friday 5 Jan 2024", "Published"
and "Updated" lines, bylines, datelines, sign-offs and photo credits.  The
manifest names no outlet and no date: the outlet must come from the page's
address, the date from the page's own date lines (which stay out of the
text), and an agency only from a page that carries its copy.
"""
import os
import subprocess
import sys
import textwrap

import pytest

from analysis.corpus import build_corpus

BODY = ("Iraq's prime minister said on Friday that the US-led coalition's mission in the country had ended "
        "and that his government would set a date for its departure.\n\n"
        "The remarks came a day after a drone strike in Baghdad killed a militia commander, an attack the "
        "government called a violation of the country's sovereignty.\n\n"
        "Officials in Washington said there were no plans to withdraw the roughly 2,500 American troops "
        "stationed in Iraq.\n")

PAGES = {
    # a national broadcaster's page: outlet from the domains table; cites AFP once, carries no agency's copy
    "fox.txt": ("https://www.foxnews.com/world/iraq-pm-coalition-exit", f"""World
Iraq's prime minister says US-led coalition must leave

Published January 5, 2024 10:32am EST
By Jane Doe | Fox News

Iraqi Prime Minister Mohammed Shia al-Sudani speaks in Baghdad. (AP Photo/Hadi Mizban)

{BODY}
The strike killed two members of the group, according to AFP.

Photo by AHMAD AL-RUBAYE/AFP via Getty Images
"""),
    # a credit line: the agency's copy, and the page's date
    "ahram.txt": ("https://english.ahram.org.eg/NewsContent/2/8/512345/World/Region/Iraq-coalition.aspx",
                  f"""Iraq PM wants US-led coalition out

AFP , Friday 5 Jan 2024

{BODY}"""),
    # an unknown site, a dateline credit and a sign-off; an update date before the publication date
    "example-news.txt": ("https://news.example-news.com/2024/01/05/iraq-coalition", f"""Iraq moves to end coalition mission

Updated 19 January 2024
January 5, 2024

BAGHDAD (AP) — {BODY}
— AP
"""),
    # a Reuters rewrite on a site under a two-part public suffix; the photo credit is the agency's too
    "example-daily.txt": ("http://www.example-daily.co.uk/world/iraq", f"""Iraq tells coalition its job is done

Jan. 5, 2024 10:32 a.m. ET

(Reuters) - {BODY}
Photo: Reuters
"""),
    # day and month cannot be told apart: no date, and the evidence says why; a citation and photo credits only
    "ambiguous.txt": ("https://localnews.example.org/story/88", f"""Iraq and the coalition

Published: 05/01/2024

{BODY}
Iraq has asked the coalition to leave, Reuters reported.

Protesters gather in Baghdad. REUTERS/Thaier Al-Sudani
"""),
    # a relative date is never guessed; the byline credits an agency
    "relative.txt": ("https://www.example-wire.net/a/1", f"""Iraq sets out coalition exit

2 hours ago
By Sam Roe, Associated Press

{BODY}"""),
    # the agency's own site: its own copy, not a relay; an ISO date line
    "apnews.txt": ("https://apnews.com/article/iraq-coalition-123", f"""Iraq's leader says coalition should go

2024-01-05

BAGHDAD (AP) — {BODY}"""),
    # a wire credit in parentheses; dates in day/month order that cannot be told from month/day
    "france24.txt": ("https://www.france24.com/en/middle-east/20240105-iraq-coalition", f"""Iraq PM calls for coalition exit

Issued on: 05/01/2024 - 10:12
Modified: 05/01/2024 - 14:40

(FRANCE 24 with AFP)

{BODY}"""),
    # only an update time, its label on the line above
    "cnn.txt": ("https://edition.cnn.com/2024/01/05/middleeast/iraq-coalition/index.html", f"""Iraq wants the coalition gone

Updated
3:45 PM EST, Fri January 5, 2024

{BODY}"""),
    # the page's own words name its outlet (a masthead): they win over the address
    "the-hill.txt": ("https://syndication.example.com/feed/9", f"""The Hill
Iraq's PM calls time on coalition

{BODY}"""),
}

EXPECTED = {   # file: (outlet, outlet_source, relayed_source, published)
    "fox.txt": ("Fox News", "url", "unknown", "2024-01-05"),
    "ahram.txt": ("Ahram Online", "url", "AFP", "2024-01-05"),
    "example-news.txt": ("example-news.com", "url", "AP", "2024-01-05"),
    "example-daily.txt": ("example-daily.co.uk", "url", "Reuters", "2024-01-05"),
    "ambiguous.txt": ("example.org", "url", "unknown", None),
    "relative.txt": ("example-wire.net", "url", "AP", None),
    "apnews.txt": ("AP", "url", "unknown", "2024-01-05"),
    "the-hill.txt": ("The Hill", "text", "unknown", None),
    "france24.txt": ("France 24", "url", "AFP", None),
    "cnn.txt": ("CNN", "url", "unknown", "2024-01-05"),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    for name, (_, text) in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text("file,url\n" + "".join(f"{n},{u}\n" for n, (u, _) in PAGES.items()),
                                         encoding="utf-8")
    corpus = build_corpus(folder)
    # the pages share their story text, so most are copies of one another: each is still an article
    assert sorted(corpus.report.path) == sorted(PAGES) and set(corpus.report.status) <= {"ok", "duplicate"}
    return corpus


def _row(corpus, name):
    return corpus.articles.set_index("source_path").loc[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outlet_relay_and_date_from_the_page_and_its_address(pages, name):
    a = _row(pages, name)
    outlet, outlet_source, relayed, published = EXPECTED[name]
    assert (a.outlet, a.outlet_source, a.relayed_source) == (outlet, outlet_source, relayed)
    assert (a.published if isinstance(a.published, str) else None) == published
    assert a.url == PAGES[name][0]
    if outlet_source == "url":
        assert a.outlet_evidence.startswith("url domain ")
    assert a.source_label == outlet


def test_date_evidence_names_the_line(pages):
    evidence = _row(pages, "ahram.txt").published_evidence
    assert evidence == "line 3: 'AFP , Friday 5 Jan 2024'"
    assert "January 5, 2024" in _row(pages, "example-news.txt").published_evidence        # not the update
    assert "05/01/2024" in _row(pages, "ambiguous.txt").published_evidence
    assert "ambiguous" in _row(pages, "ambiguous.txt").published_evidence
    assert "relative" in _row(pages, "relative.txt").published_evidence
    assert _row(pages, "the-hill.txt").published_evidence == "the page shows no date"
    assert "ambiguous" in _row(pages, "france24.txt").published_evidence
    assert _row(pages, "cnn.txt").published_evidence.startswith("lines 3-4: 'Updated' '3:45 PM EST, Fri January 5, 2024'")


def test_date_and_credit_lines_stay_out_of_the_text(pages):
    for name in PAGES:
        a = _row(pages, name)
        sents = set(pages.sentences.loc[pages.sentences.article_id == a.article_id, "text"])
        for furniture in ("AFP , Friday", "Published", "Updated 19", "January 5, 2024", "Jan. 5, 2024", "2 hours ago",
                          "2024-01-05", "— AP", "By Sam Roe", "Photo", "REUTERS/", "AP Photo", "Issued on",
                          "Modified", "FRANCE 24 with", "3:45 PM"):
            assert not any(furniture in s for s in sents), (name, furniture)
        assert "Iraq's prime minister said on Friday" in a.text or "prime minister said on Friday" in a.text
    removed = pages.removed.set_index("text")["rule"]
    assert removed["AFP , Friday 5 Jan 2024"] == "credit_line"
    assert removed["— AP"] == "signoff"


def test_a_single_citation_is_not_a_relay_and_the_evidence_says_so(pages):
    a = _row(pages, "fox.txt")
    assert a.relayed_source == "unknown"
    assert "cites AFP in passing" in a.relayed_source_evidence
    assert "according to AFP" in a.relayed_source_evidence
    b = _row(pages, "ambiguous.txt")
    assert b.relayed_source == "unknown" and "cites Reuters in passing" in b.relayed_source_evidence


def test_relay_evidence_quotes_the_credit(pages):
    assert _row(pages, "ahram.txt").relayed_source_evidence == "AFP , Friday 5 Jan 2024"
    assert _row(pages, "relative.txt").relayed_source_evidence == "By Sam Roe, Associated Press"
    assert _row(pages, "example-daily.txt").relayed_source_evidence.startswith("(Reuters) - Iraq's prime minister")
    assert "AP's own copy" in _row(pages, "apnews.txt").relayed_source_evidence


def test_manifest_and_input_values_still_win(tmp_path):
    for name in ("ahram.txt", "fox.txt"):
        (tmp_path / name).write_text(PAGES[name][1], encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,outlet,relayed_source,url,published\n"
        f"ahram.txt,Al-Ahram,Reuters,{PAGES['ahram.txt'][0]},2024-01-06\n"
        f"fox.txt,,,{PAGES['fox.txt'][0]},\n", encoding="utf-8")
    arts = build_corpus(tmp_path).articles.set_index("source_path")
    assert tuple(arts.loc["ahram.txt", ["outlet", "outlet_source", "relayed_source", "published"]]) == (
        "Al-Ahram", "manifest", "Reuters", "2024-01-06")
    assert arts.loc["ahram.txt", "published_evidence"] == "manifest.csv"
    assert tuple(arts.loc["fox.txt", ["outlet", "published"]]) == ("Fox News", "2024-01-05")


def test_the_domain_lookup_never_touches_the_network_or_writes_a_cache(tmp_path):
    # A fresh interpreter whose sockets refuse to connect, with its home and cache folders in tmp_path.
    code = textwrap.dedent("""
        import socket
        def refuse(*a, **k):
            raise AssertionError("network connection attempted")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from analysis.corpus.metadata import load_sources, outlet_from_url, registered_domain
        sources = load_sources()
        assert outlet_from_url("https://www.foxnews.com/a", sources)[0] == "Fox News"
        assert outlet_from_url("https://news.example-news.co.uk/a", sources)[0] == "example-news.co.uk"
        assert registered_domain("https://x.y.example.com.au/") == "example.com.au"
        print("ok")
    """)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("TLDEXTRACT_CACHE", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), NEWSFRAMES_CACHE=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
    assert list(home.rglob("*")) == []


@pytest.mark.parametrize("line, rule", [
    ("AFP , Friday 5 Jan 2024", "credit_line"),
    ("Ahram Online , Friday 5 Jan 2024", "credit_line"),
    ("Reuters | January 5, 2024", "credit_line"),
    ("Friday 5 Jan 2024", "timestamp"),
    ("Fri 5 Jan 2024 10.32 GMT", "timestamp"),
    ("10:32 AM, January 5, 2024", "timestamp"),
    ("Jan. 5, 2024 10:32 a.m. ET", "timestamp"),
    ("Updated 19 January 2024", "timestamp"),
    ("Friday, 05 January 2024 6:49 AM", "timestamp"),
    ("January 5, 20247:53 PM GMT+1Updated 2 days ago", "timestamp"),
    ("Issued on: 05/01/2024 - 10:12", "timestamp"),
    ("(FRANCE 24 with AFP)", "wire_credit"),
    ("— AP", "signoff"),
    ("-- Reuters", "signoff"),
    ("— The Associated Press", "signoff"),
    ("(AP Photo/Hadi Mizban)", "photo_credit"),
    ("Photo: Reuters", "photo_credit"),
])
def test_date_credit_and_signoff_lines_are_removed(line, rule):
    from analysis.corpus.clean import clean_lines
    result = clean_lines(["A headline long enough to be the title", "", line, "",
                          "A line of prose that is long enough to be the first paragraph of the story."])
    assert [(t, r) for _, t, r in result.removed] == [(line, rule)]


@pytest.mark.parametrize("line", [
    "Baghdad, January 5, 2024 — The prime minister said on Friday that the coalition must leave Iraq, officials said.",
    "Reuters, the news agency, said on January 5, 2024 that it had seen the letter sent to the coalition.",
    "— Mohammed Shia al-Sudani",            # a quotation's attribution, not a wire's sign-off
    "(The talks began with Iran and the US.)",
    "On 5 January 2024 the government announced that talks on the coalition's future would begin.",
])
def test_prose_and_attributions_with_dates_or_dashes_are_kept(line):
    from analysis.corpus.clean import clean_lines
    result = clean_lines(["A headline long enough to be the title", "", line, "",
                          "A line of prose that is long enough to be the first paragraph of the story."])
    assert result.removed == []


def test_the_readme_domains_example_is_a_working_sources_file(tmp_path):
    import re

    from analysis.corpus.metadata import load_sources, outlet_from_url
    from analysis.paths import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", readme, flags=re.S) if "[domains]" in b]
    (tmp_path / "mine.toml").write_text(block, encoding="utf-8")
    sources = load_sources(tmp_path / "mine.toml")
    assert outlet_from_url("https://www.example-news.com/x", sources)[0] == "Example News"
    assert outlet_from_url("https://news.example.org/x", sources)[0] == "Example Org News"
    assert outlet_from_url("https://other.example.org/x", sources)[0] == "example.org"
    assert outlet_from_url("https://www.foxnews.com/x", sources)[0] == "Fox News"
