"""The cue words that say who does what to whom around an actor mention: one list of each.

Both the stance model's features (:mod:`analysis.measures.stance`) and the
role rules (:mod:`analysis.measures.roles`) read these lists and
:func:`clause_bounds`; a cue word is added or removed here, once.  Where the
two read a cue differently, the difference is spelt out here as a set
operation on the one list, with the reason:

* clause cuts (:data:`CLAUSE_WORDS`): the roles also cut before "if",
  "whether" and "that" (:data:`ROLE_CLAUSE_WORDS`: "He said that the US is
  not ..." keeps the negation in the reported clause) and only at a comma
  followed by a space ("1,000" is no cut); the stance model also cuts at
  "and" (:data:`STANCE_CLAUSE_WORDS`: coordinated clauses), at every comma,
  and keeps the cutting word in the clause ("but TARGET attacked ..." is a
  feature);
* negations (:data:`NEGATIONS`): the roles also read a word ending in
  "n't" (:func:`is_negated`); the stance model reads its tokens against
  :data:`STANCE_NEGATIONS`, which adds "nothing" and "longer";
* prepositions of the aimed-at (:data:`AIMED`): the stance model's victim
  feature is the preposition alone before the target, so it leaves out "to"
  (:data:`VICTIM_PREPOSITIONS`: "said to X" is no attack), while the roles
  read "to" only after an attack word ("a threat to X");
* attack words (:data:`ATTACK_VERBS`, :data:`ATTACK_NOUNS`): the stance
  model's attack feature reads :data:`STANCE_ATTACK_WORDS`.

The lists were written for English news about conflict and politics (the
study's Iraq corpus and NewsMTSC); they are cues for heuristics, not a
parser.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..corpus.tokens import WORD_OR_MARK

CLAUSE_PUNCTUATION = ";:()\"“”—–"
CLAUSE_WORDS = frozenset("but while although though whereas however because after before who which when as since "
                         "despite".split())
ROLE_CLAUSE_WORDS = CLAUSE_WORDS | {"if", "whether", "that"}
STANCE_CLAUSE_WORDS = CLAUSE_WORDS | {"and"}

NEGATIONS = frozenset("not no never n't nor neither cannot without none nobody".split())
STANCE_NEGATIONS = NEGATIONS | {"nothing", "longer"}

SPEECH_VERBS = frozenset("""said says say told tells tell added adds warned warns stated states argued argues claimed
claims insisted insists noted notes explained wrote writes declared announced stressed emphasized emphasised asserted
expressed conveyed condemned condemns denounced denounces criticized criticised criticizes highlighted underscored
indicated assured acknowledged admitted suggested urged vowed pledged promised confirmed cautioned contended
maintained alleged complained countered predicted reiterated demanded threatened accused denied blamed praised
welcomed thanked called""".split())

AIMED = frozenset("on against targeting at to toward towards upon".split())          # "attacks on X"
VICTIM_PREPOSITIONS = AIMED - {"to"}
AGENT_PREPOSITIONS = frozenset(("by", "from"))                                        # "was attacked by X"
ATTACK_NOUNS = frozenset("attack attacks strike strikes assault assaults raid raids threat threats aggression "
                         "violence rocket rockets drone drones missile missiles fire shelling bombing bombings "
                         "ambush retaliation airstrike airstrikes".split())
ATTACK_VERBS = frozenset("attacked attacking attack attacks targeted targeting target targets struck strike strikes "
                         "hit hitting killed killing kill kills bombed bombing shelled shelling threatened "
                         "threatening threaten threatens ambushed assaulted raided wounded injured".split())
STANCE_ATTACK_WORDS = (ATTACK_VERBS - set("targets hitting bombing shelling threatening threatens ambushed wounded "
                                          "injured".split())) | {"assault", "raid"}
ASSAULT_NOUNS = frozenset("onslaught onslaughts aggression assault assaults attack attacks strike strikes raid raids "
                          "invasion incursion incursions offensive bombardment shelling bombing bombings ambush "
                          "atrocities brutality violence rockets missiles airstrike airstrikes".split())
OF_ASSAULT = frozenset("onslaught onslaughts aggression assault invasion incursion offensive bombardment "
                       "atrocities brutality violence".split())      # "the onslaught of X": X attacks
ASSAULT_VERBS = frozenset("attacked attacks shelled bombed struck raided ambushed assaulted invaded killed "
                          "fired launched targeted stormed seized massacred".split())
CRITICISM_NOUNS = frozenset("repudiation criticism criticisms condemnation condemnations rejection denunciation "
                            "critic critics critique dissatisfaction anger outrage frustration disapproval "
                            "contempt distrust mistrust opposition protest protests complaints blame".split())
CRITICISM_VERBS = frozenset("condemned condemn condemns condemning criticized criticised criticize criticise "
                            "criticizes criticises criticizing criticising denounced denounce denounces denouncing "
                            "repudiated repudiate repudiates rejected rebuked rebuke slammed blasted blamed blame "
                            "blames accused accuse accuses castigated lambasted".split())
EVENT_NOUNS = frozenset("conflict conflicts war wars talks negotiations ceasefire truce tensions crisis dispute "
                        "summit deal agreement border relations rivalry standoff".split())
RELATION_NOUNS = frozenset("relations relationship ties tensions talks negotiations cooperation dialogue rift "
                           "dispute disputes rivalry standoff conflict war agreement deal meeting".split())
DEPARTURE_NOUNS = frozenset("departure withdrawal exit pullout expulsion ouster removal drawdown".split())
DEMAND_WORDS = frozenset("call calls called calling demand demands demanded demanding seek seeks sought seeking "
                         "urge urges urged urging push pushes pushed pushing request requested requests insist "
                         "insisted".split())
LEAVE_VERBS = frozenset("leave depart withdraw exit go".split())
# the roles only (the stance model reads none of the lists below)
# a decision or a plan sets the departure as much as a demand does ("set a date for the departure of X")
DECISION_WORDS = frozenset("date timetable timeline schedule deadline decision decided decide decides vote voted "
                           "votes plan plans planned announced announces agreed".split())
# before "X to leave", the words that make it a demand ("asked the coalition to leave", "time for X to leave");
# "expect X to leave" is a forecast
ASK_WORDS = frozenset("for ask asks asked asking want wants wanted wanting tell tells told order orders ordered "
                      "allow instruct instructed".split())
LEAVE_FORMS = LEAVE_VERBS | frozenset("leaves departs withdraws exits".split())
EXPEL_VERBS = frozenset("expel expels expelled expelling oust ousts ousted ousting evict evicts evicted evicting "
                        "eject ejects ejected".split())
OUT_VERBS = frozenset("push pushes pushed pushing drive drives drove driving kick kicks kicked kicking force "
                      "forces forced forcing throw throws threw throwing".split())              # "pushing X out"
PRESENCE_NOUNS = frozenset("presence mission deployment".split())
# "X's presence ... had ended / is no longer necessary": the presence is declared over
PRESENCE_ENDED = frozenset("ended end ends over unnecessary unjustified illegitimate illegal".split())
STAY_VERBS = frozenset("stay remain".split())                                   # "wants the Americans to stay"
KEEP_VERBS = frozenset("keep keeps kept keeping retain retains retained retaining".split())
HASTY = frozenset("premature hasty rushed precipitous abrupt".split())          # "a premature coalition exit"
# what a coalition fights against is aimed at as an attack is ("the war against Islamic State")
FIGHT_NOUNS = frozenset("fight fighting fought war wars campaign campaigns battle battles struggle operations "
                        "operation offensive offensives partner partners".split())
# who was harmed: a victim described by what happened to it is neutral by the codebook ("bloodied Afghans",
# "three US soldiers were killed", "the deaths of Palestinians"), never an aggressor or a bad actor
HARM_WORDS = frozenset("killed slain dead wounded injured hurt maimed bloodied murdered executed kidnapped abducted "
                       "detained jailed imprisoned captured displaced starving besieged trapped stranded grieving "
                       "bereaved mourning fallen traumatised traumatized terrified massacred".split())
HARM_NOUNS = frozenset("death deaths killing killings murder murders casualties wounding injuries funeral funerals "
                       "suffering plight kidnapping abduction detention massacre slaughter bodies".split())
# who the harm befell when the mention only modifies them ("US troops were killed", "Iranian civilians died")
PEOPLE_NOUNS = frozenset("soldier soldiers troops forces personnel servicemen servicemembers service members "
                         "civilians fighters officers citizens contractors children women men people nationals "
                         "diplomats workers guards commander commanders members staff pilgrims residents "
                         "families".split())
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten dozens dozen scores hundreds thousands "
                         "several many".split())
CLAIM_VERBS = frozenset("claim claims claimed claiming".split())
THREAT_VERBS = frozenset("vow vows vowed vowing threaten threatens threatened threatening".split())  # "vow more attacks"
# verbs whose object is what a description is about ("described the US as ...", "does not see X as an enemy")
DESCRIBE_VERBS = frozenset("see sees saw seen regard regards regarded view views viewed consider considers "
                           "considered describe describes described call calls called brand brands branded label "
                           "labels labelled labeled treat treats treated portray portrays portrayed".split())

DETERMINERS = frozenset("the a an his her its their".split())
# words that may stand before a mention inside its own noun phrase ("the American forces")
FILLER = DETERMINERS | frozenset("our these those this that some several two three other american "
                                    "iraqi iranian foreign international western base bases personnel".split())


@lru_cache(maxsize=None)
def clause_pattern(words: frozenset, any_comma: bool) -> re.Pattern:
    """The cuts between clauses: :data:`CLAUSE_PUNCTUATION`, a comma (``any_comma``) or a comma and a space, and
    ``words`` as whole words (any case)."""
    comma = "," if any_comma else r",\s"
    alternatives = "|".join(sorted(words))
    return re.compile(rf"[{re.escape(CLAUSE_PUNCTUATION)}]|{comma}|\b(?:{alternatives})\b", re.I)


def clause_bounds(text: str, start: int, end: int, words: frozenset = ROLE_CLAUSE_WORDS, any_comma: bool = False,
                  keep_cut: bool = False) -> tuple[int, int]:
    """Character bounds ``(lo, hi)`` of the clause holding ``text[start:end]``.

    The clause runs from the last cut (:func:`clause_pattern`) before the
    span to the first cut after it; a cut inside the span is ignored.  With
    ``keep_cut`` the clause begins with its cutting word or mark ("but ..."),
    else just after it.
    """
    lo, hi = 0, len(text)
    for m in clause_pattern(words, any_comma).finditer(text):
        if m.start() >= end:
            hi = min(hi, m.start())
            break
        edge = m.start() if keep_cut else m.end()
        if edge <= start and (keep_cut or m.start() < start):
            lo = max(lo, edge)
    return lo, hi


def words_of(text: str) -> list[str]:
    """Lower-cased tokens (words, contractions, single marks), with ’ read as '."""
    return [t.lower().replace("’", "'") for t in WORD_OR_MARK.findall(text)]


def is_negated(words) -> bool:
    """Whether ``words`` (lower-cased tokens of one clause, :func:`words_of`) hold a negation: one of
    :data:`NEGATIONS` ("no longer" has "no") or a word ending in "n't"."""
    return any(w in NEGATIONS or w.endswith("n't") for w in words)


# a text holds a negation (:func:`is_negated`) only where one of these is written, in any case: a word of NEGATIONS
# whole, or "n't"
_NEGATION_WRITTEN = re.compile(r"n['’]t|\b(?:" + "|".join(map(re.escape, sorted(NEGATIONS))) + r")\b", re.I)


def text_is_negated(text: str) -> bool:
    """:func:`is_negated` of a whole text's :func:`words_of`, which are read only when a negation is written in it
    (most sentences hold none)."""
    return _NEGATION_WRITTEN.search(text) is not None and is_negated(words_of(text))
