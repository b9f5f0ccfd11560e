import json
import random
from pathlib import Path

import pytest

from analysis import paths

TESTS = Path(__file__).parent

# Names a scraped page or a user's export could carry: each must show as text and never act.
EVIL_TITLE = "<img src=x onerror=alert(1)>"
EVIL_OUTLET = "<b>Bold</b> News [x](javascript:alert(1))"
MATHS_OUTLET = "$5 Daily and $10 Weekly ![](https://evil.example/a.png)"
EVIL_SENTENCE = 'Officials wrote <script>alert("x")</script> in a statement on the fares.'

OWN_FRAMES = '''lexicon = "transit"
[frame.cost]
label = "Cost to riders"
definition = "The story told through fares, budgets and who pays."
terms = ["fare", "fares", "budget", "cost", "costs", "price", "tax", "deficit"]
[frame.safety]
label = "Safety"
definition = "The story told through danger, repairs and accidents."
terms = ["safety", "unsafe", "danger", "dangerous", "crash", "accident", "repairs", "cracks"]
[frame.environment]
label = "Environment"
definition = "The story told through emissions and pollution."
terms = ["emissions", "pollution", "climate", "traffic"]
'''
OWN_ACTORS = '''[actor.mayor]
label = "The mayor"
aliases = ["Mayor Jane Smith", "Jane Smith", "the mayor"]
[actor.council]
label = "City council"
aliases = ["city council", "councillors", "the council"]
[actor.riders]
label = "Riders"
aliases = ["commuters", "riders", "passengers"]
'''
OUTLETS = [("Alpha Times", "left"), (EVIL_OUTLET, "center"), (MATHS_OUTLET, "right")]
EVENTS = {
    "bridge": ["The council closed the North Bridge after inspectors found cracks and called it unsafe.",
               "Commuters face long detours while repairs go on, and the mayor promised a safer crossing.",
               "Repairs will cost the city a large share of its budget, councillors said.",
               "Traffic on the detour adds emissions and pollution in the old town, residents said.",
               "Jane Smith said the danger was real and the repairs could not wait.",
               "Riders said the crash last year showed how dangerous the old crossing had become."],
    "fares": ["The city council voted to raise bus fares by ten percent to close a budget deficit.",
              "Passengers said the higher price would hit the poorest riders hardest.",
              "Mayor Jane Smith said the fare rise was painful but the costs of running buses had grown.",
              "Critics said a tax on parking would raise more money with less pain for commuters.",
              "The council said safety checks on older buses would continue despite the budget.",
              "Environmental groups warned that dearer fares push people back into cars and raise emissions."],
}


def _article(rng, event, outlet_index):
    # each outlet leans on its own frame: Alpha on safety, the bold one on cost, the maths one on environment
    pool = EVENTS[event]
    lean = {0: ["unsafe", "danger", "repairs"], 1: ["cost", "budget", "fare"], 2: ["emissions", "pollution"]}[outlet_index]
    chosen = rng.sample(pool, 4) + [f"Our reporter found more {w} stories this week." for w in lean]
    rng.shuffle(chosen)
    return "\n\n".join(" ".join(chosen[i:i + 2]) for i in range(0, len(chosen), 2))


@pytest.fixture(scope="session")
def own_study(tmp_path_factory) -> Path:
    """A study file for a two-event, three-outlet corpus with a leaning column and its own lexicons."""
    root = tmp_path_factory.mktemp("own-study")
    corpus = root / "articles"
    corpus.mkdir()
    rng = random.Random(7)
    rows = []
    for e, event in enumerate(EVENTS):
        for o, (outlet, leaning) in enumerate(OUTLETS):
            for a in range(2):
                text = _article(rng, event, o)
                if (e, o, a) == (1, 1, 0):
                    text += "\n\n" + EVIL_SENTENCE
                title = EVIL_TITLE if (e, o, a) == (0, 0, 0) else f"{event.title()} story {a} from outlet {o}"
                rows.append({"id": f"{event}-{o}-{a}", "title": title, "outlet": outlet, "leaning": leaning,
                             "event": event, "published": f"2024-0{e + 1}-{10 + a:02d}", "text": text})
    with open(corpus / "export.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    (root / "transit_frames.toml").write_text(OWN_FRAMES, encoding="utf-8")
    (root / "transit_actors.toml").write_text(OWN_ACTORS, encoding="utf-8")
    study = root / "transit.toml"
    study.write_text('''[study]
name = "City transit, test study"
corpus = "articles"
[lexicons]
frames = ["transit_frames.toml"]
actors = "transit_actors.toml"
[axis]
positive = "safety"
negative = "cost"
[compare]
by = ["source_label"]
event = "event"
[topics]
k = 2
''', encoding="utf-8")
    return study


@pytest.fixture
def demo_corpus() -> Path:
    return paths.DATA_DEMO


@pytest.fixture
def tests_data() -> Path:
    return TESTS / "data"


@pytest.fixture
def reported_calls(monkeypatch) -> list[str]:
    """The sentences the attribution rules (``voices._reported``) read during the test, in order: the rules are
    wrapped, not replaced, so what they find is unchanged."""
    from analysis.corpus import voices

    calls: list[str] = []
    rules = voices._reported

    def counted(text, s0, s1, *args):
        calls.append(text[s0:s1])
        return rules(text, s0, s1, *args)

    monkeypatch.setattr(voices, "_reported", counted)
    return calls


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test leaves open (a test that draws a figure to read it does not close
    it): a suite that keeps them opens more than matplotlib's 20 and warns.  Matplotlib is not imported for a
    test that never did."""
    yield
    import sys
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
