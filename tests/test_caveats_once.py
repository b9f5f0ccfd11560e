"""A caveat shared by the items of a findings list is said once for the list, not after every item."""
from types import SimpleNamespace

import nbformat
import pandas as pd

from analysis import paths
from analysis.reporting import findings


class _Page:
    def __init__(self):
        self.said, self.tables = [], []

    def markdown(self, text):
        self.said.append(text)

    def table(self, frame, name, **kw):
        self.tables.append(name)


def _cell(notebook: str, marker: str) -> str:
    nb = nbformat.read(paths.ROOT / "notebooks" / notebook, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code" and marker in c.source)


def _run(source: str, **names) -> _Page:
    page = _Page()
    exec(source, {"page": page, "findings": findings, "pd": pd, **names})
    return page


def test_the_strongest_actor_cells_name_their_shared_caveat_once():
    actor_table = pd.DataFrame({
        "source_label": ["Harbour Herald", "Island Post", "Coast Times", "Bay News"],
        "actor": ["mayor", "mayor", "council", "council"],
        "actor_label": ["The mayor", "The mayor", "Council", "Council"],
        "mean": [-0.6, 0.5, -0.4, 0.1], "ci_low": [-0.8, 0.2, -0.7, -0.2], "ci_high": [-0.3, 0.7, -0.1, 0.3],
        "n": [6, 5, 4, 2], "n_articles": [3, 2, 2, 1], "flag": ["fewer than 5 articles"] * 4})
    study = SimpleNamespace(by=["source_label"], group_label="outlet", actor_labels={"mayor": "The mayor"},
                            gate=lambda name: SimpleNamespace(clears=True),
                            actor_evidence=lambda where, actor: pd.DataFrame({"text": ["x"]}))
    page = _run(_cell("02-sentiment.ipynb", "actor_evidence_"), study=study, actor_table=actor_table)
    text = "\n".join(page.said)
    assert text.count("fewer than 5 articles") == 1 and "For each of them" in text
    # the count is of the articles that mention the actor (a source may have many more), with the counts
    assert "For each of them (2 to 3 articles): fewer than 5 articles that mention the actor" in text
    assert len(page.tables) == 3                                    # the three strongest cells, each with evidence
    assert all("fewer than" not in line for line in page.said[1:])


def test_the_evidence_list_names_its_thin_items_once():
    top = pd.DataFrame({"source_label": ["Harbour Herald", "Island Post", "Coast Times"],
                        "frame": ["cost", "safety", "cost"], "evidence_sentences": [2, 1, 7]})
    sizes = {("cost", "Harbour Herald"): 2, ("safety", "Island Post"): 1, ("cost", "Coast Times"): 7}

    def evidence(frame, where):
        k = sizes[(frame, where["source_label"])]
        return pd.DataFrame({"article_id": ["a"] * k, "sentence_id": range(k), "term": "t", "left": "",
                             "matched": "t", "right": ""})

    study = SimpleNamespace(by=["source_label"], evidence=evidence)
    page = _run(_cell("04-framing.ipynb", "evidence_{row.name}"), study=study, top=top,
                labels={"cost": "Cost", "safety": "Safety"})
    text = "\n".join(page.said)
    assert text.count("Fewer than three") == 1 and "read the number with care" in text
    assert "**Harbour Herald — Cost**, **Island Post — Safety**" in page.said[0]
    assert "Coast Times" not in page.said[0]
    assert page.said[1:] == ["**Harbour Herald — Cost**: 2 evidence sentences",
                             "**Island Post — Safety**: 1 evidence sentence",
                             "**Coast Times — Cost**: 7 evidence sentences"]
