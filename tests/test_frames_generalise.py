"""The story lexicon on wording it was not written from: other senses kept out, the codebook's include rules in
other words.  Every sentence here was written for this file (none is from the corpus or the coding sheets)."""
import re

import pytest

from analysis.errors import LexiconError
from analysis.measures.frames import load_lexicon, match_text, owner_of

IRAQ = load_lexicon("iraq")


def frames_of(text, lex=IRAQ):
    return {f for f, *_ in match_text(text, lex)}


# -- other senses of the same stem ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The BBC was unable to independently confirm the footage.",
    "An independent candidate won the seat in Basra.",
    "Investigators said the two blasts happened independently of each other.",
])
def test_independent_and_independently_are_not_independence(text):
    assert "sovereignty" not in frames_of(text)


def test_independence_itself_still_counts():
    assert "sovereignty" in frames_of("The cleric said the vote was about Iraq's independence from all foreign capitals.")


def test_exact_terms_in_a_researchers_own_lexicon(tmp_path):
    own = tmp_path / "mine.toml"
    own.write_text('[frame.freedom]\nterms = ["liberty"]\nexact = ["independence", "free press"]\n', encoding="utf-8")
    lex = load_lexicon(own)
    assert frames_of("They fought for independence.", lex) == {"freedom"}
    assert frames_of("They acted independently; an independent panel met.", lex) == set()
    assert frames_of("A free press matters.", lex) == {"freedom"}
    assert frames_of("The press was freed.", lex) == set()              # exact phrases are exact word forms
    assert frames_of("Liberties were curbed.", lex) == {"freedom"}      # stemmed terms work as before
    assert ("freedom", "independence", "exact") in set(lex.term_table().itertuples(index=False, name=None))


# -- another owner: a place, a region, an institution, a group, a person's country ---------------------------

@pytest.mark.parametrize("text", [
    "Members of the Independent High Commission for Human Rights toured the prison.",
    "The Sovereign Military Council in Khartoum named a new cabinet.",
    "Lawyers marched to defend the independence of the courts.",
    "Judges warned that the independence of Iraq's judiciary was being eroded.",
    "Mourners asked the cameras to respect the dignity of the dead.",
    "Families said the dignity of those buried in the mass grave had been ignored.",
    "Erbil has long guarded the region's autonomy against the federal government.",
    "Kurdish autonomy was written into the constitution in 2005.",
    "The Ukrainian leader said Moscow's invasion had violated his country's sovereignty.",
    "Georgia's sovereignty came up at the summit in Vilnius.",
    "Diplomats reaffirmed the sovereignty of Lebanon over its southern villages.",
    "Ankara called the incident an infringement on Armenia's sovereignty and territorial integrity.",
    "Moldova's leaders rejected interference in Moldova's internal affairs.",
])
def test_sovereignty_of_another_owner_is_not_iraqs(text):
    assert "sovereignty" not in frames_of(text)


@pytest.mark.parametrize("text", [
    "Sudani said the raid had violated his country's sovereignty.",
    "The prime minister said the strike violated his country's sovereignty.",
    "Officials said the decision restores the country's independence.",
    "Protesters in Baghdad demanded respect for Iraqi sovereignty.",
    "The bloc called the drone strike an assault on the sovereignty of Iraq.",
    "Iraq Seeks Full Sovereignty as Coalition Talks Begin",              # title case is not a name
    "Sovereignty, the minister said, is not negotiable.",
])
def test_the_storys_own_sovereignty_still_counts(text):
    assert "sovereignty" in frames_of(text)


def test_owner_of_says_whose():
    def whose(text, word):
        start = text.index(word)
        return owner_of(text, start, start + len(word), IRAQ)

    assert whose("Georgia's sovereignty held.", "sovereignty") == "other"
    assert whose("Iraq's national sovereignty held.", "sovereignty") == "own"
    assert whose("the autonomy of the province", "autonomy") == "other"
    assert whose("the independence of the nation", "independence") == "own"
    assert whose("They spoke of sovereignty.", "sovereignty") is None


# -- the include rules in other wording ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "An MP said the government had ceded control over its own airspace to foreign militaries.",
    "Baghdad must take back control of its territory, the party said.",
    "Iraq should have full control of its own decisions, he added.",
    "Iraqis, the cleric said, have every right to govern themselves.",
    "The foreign ministry called the raid an outrageous breach of Iraqi territory.",
    "A spokesman said the bombing was a clear violation of its airspace.",
])
def test_sovereignty_in_other_words(text):
    assert "sovereignty" in frames_of(text)


@pytest.mark.parametrize("text", [
    "The brigade is equipped, paid and commanded by Tehran, according to the report.",
    "Its fighters were trained and financed by the Islamic Republic.",
    "The militia receives its instructions directly from Tehran.",
    "Commanders of the group answer to Tehran, officials said.",
    "Rocket attacks by Iran on Sulaymaniyah killed two people.",
    "Iran's drone strike on a villa near Erbil drew condemnation in Baghdad.",
    "Villagers fled Iranian shelling along the border.",
    "The Kurdish government denounced the Iranian aggression.",
    "Residents described the Iranian bombardment as the worst in years.",
])
def test_iranian_influence_in_other_words(text):
    assert "iranian_influence" in frames_of(text)


@pytest.mark.parametrize("text", [
    "Observers said Tehran-aligned factions dominate the new council.",
    "The brigade's pro-Tehran leaders praised the decision.",
    "Investigators traced the Iranian-made rockets to a depot near Basra.",
    "Tehran has made no secret that it wants US forces out of Iraq.",
])
def test_iranian_influence_in_more_words(text):
    assert "iranian_influence" in frames_of(text)


@pytest.mark.parametrize("text, frame", [
    ("Officials say the country can finally stand on its own feet.", "sovereignty"),
    ("No outside power has the right to tell us whom to host, the speaker said.", "sovereignty"),
    ("The choice lies with Iraqis and nobody else, he said.", "sovereignty"),
    ("Clerics warned that Iraq must not be turned into a regional battleground.", "regional_escalation"),
    ("The embassy said it would keep helping Iraqi units to clear mines.", "us_partnership"),
    ("A joint military committee will meet in Baghdad next week.", "us_partnership"),
    ("Long fuel queues formed in Nasiriyah.", "economy_energy"),
    ("Iraq must be able to exert complete control over its borders, the minister said.", "sovereignty"),
    ("The cleric said the troops stayed against the will of the Iraqi nation.", "sovereignty"),
    ("Gunmen loyal to the Iranian leadership patrol the crossing.", "iranian_influence"),
    ("Prosecutors say dollars were smuggled from Baghdad into Iran.", "iranian_influence"),
    ("Both capitals say they want a secure and stable Iraq.", "security_threat"),
    ("Mourners carried the coffins of the slain fighters.", "attacks_retaliation"),
    ("US officers will keep advising Iraqi commanders.", "us_partnership"),
    ("Washington and Baghdad will set up working groups.", "us_partnership"),
    ("Several MPs walked out of the session in protest.", "domestic_politics"),
    ("The premier is torn between his militia allies and his Western partners.", "domestic_politics"),
    ("Jets struck targets near the border overnight.", "attacks_retaliation"),          # irregular form of 'strike'
    ("Critics call the withdrawal a gift to Tehran.", "iranian_influence"),
    ("Diplomats say Tehran is pulling the strings behind the campaign.", "iranian_influence"),
    ("Clerics warned the armed groups against dragging Iraq into someone else's war.", "regional_escalation"),
    ("Coalition advisers have trained tens of thousands of Iraqi recruits.", "us_partnership"),
    ("US special forces carried out the raid together with Iraqi counterparts.", "us_partnership"),
    ("The minister said Baghdad alone decides who may be stationed on its soil.", "sovereignty"),
    ("No other country should tell Iraq how to manage its internal affairs, he said.", "sovereignty"),
    ("Officials complained that foreign jets operate over Anbar without Baghdad's approval.", "sovereignty"),
    ("Iraqis must be free to shape their own future, the cleric said.", "sovereignty"),
    ("He rejected interference from any neighbouring state.", "sovereignty"),
    ("The army has assumed the security duties the coalition once carried out.", "security_threat"),
    ("The troops came at the request of the Iraqi government, officials said.", "us_partnership"),
    ("Any change will be made in coordination with Baghdad, the Pentagon said.", "us_partnership"),
    ("Diplomats will negotiate the timetable for the drawdown.", "us_partnership"),
    ("Critics say the armed groups have become a state within the state.", "domestic_politics"),
])
def test_include_rules_in_more_words(text, frame):
    assert frame in frames_of(text)


@pytest.mark.parametrize("text", [
    "Iranian carpets sold well at the trade fair.",
    "Iran and Oman signed a fishing agreement.",
])
def test_iran_named_without_influence_is_not_influence(text):
    assert "iranian_influence" not in frames_of(text)


@pytest.mark.parametrize("text, frame", [
    ("Villagers fled Iranian shelling along the border.", "attacks_retaliation"),
    ("A night raid on the airbase left one contractor wounded.", "attacks_retaliation"),
    ("Commanders fear IS remnants could exploit the gap.", "security_threat"),
    ("Officials insist Iraq's own troops can keep the cities safe.", "security_threat"),
    ("Diplomats fear the fighting could spill over into Jordan.", "regional_escalation"),
    ("The premier is under growing pressure from the armed factions in his coalition.", "domestic_politics"),
    ("Turnout fell in the provincial electoral contest.", "domestic_politics"),
])
def test_other_frames_in_other_words(text, frame):
    assert frame in frames_of(text)


@pytest.mark.parametrize("text, frame", [
    ("The unit was funded by Tehran.", "economy_energy"),                      # 'funding' is money at stake, not 'funded by'
    ("Shell said its profits rose.", "attacks_retaliation"),                    # 'shelling' is exact: not 'Shell'
    ("The senator attacked the governor's handling of the flood.", "attacks_retaliation"),
    ("This is the IS reply.", "security_threat"),
])
def test_other_frames_kept_from_other_senses(text, frame):
    assert frame not in frames_of(text)


@pytest.mark.parametrize("text, frame", [
    ("Iran-allied gunmen fired on the convoy.", "us_partnership"),              # 'allied' shares the stem of 'allies'
    ("The spokesman advised patience.", "us_partnership"),                      # 'advised' shares the stem of 'advisers'
    ("Ministers were extremely cautious.", "security_threat"),                  # 'extremely' shares the stem of 'extremism'
    ("The opposite happened in Najaf.", "domestic_politics"),                   # 'opposite' shares the stem of 'opposition'
    ("Riot police fired tear gas at the crowd.", "economy_energy"),
    ("Teachers in Basra went on strike over unpaid wages.", "attacks_retaliation"),
    ("Germany is Iraq's second trading partner.", "us_partnership"),
    ("Worshippers marked al-Quds Day in Baghdad.", "iranian_influence"),
    ("The studio sued over copyright infringement.", "sovereignty"),
    ("Analysts say Tehran wants its allies to prevail.", "us_partnership"),      # Iran's allies are not Iraq's
    ("Stocks rallied on Friday.", "domestic_politics"),                           # 'rally' is exact
    ("A delicate balance between the two aims was struck.", "domestic_politics"),
    ("Negotiators struck a deal on the oil law.", "attacks_retaliation"),
    ("Iraqi troops led the offensive against Islamic State hideouts.", "attacks_retaliation"),   # security, not attacks
    ("The national security adviser flew to Amman.", "us_partnership"),
    ("The opposition said the Americans were pulling the strings.", "iranian_influence"),
    ("He entered the stadium without permission.", "sovereignty"),
    ("Jordan does not want to become a party to the war.", "domestic_politics"),     # 'party' shares the stem of 'parties'
    ("The ministry summoned the envoy to protest the incursion.", "domestic_politics"),
    ("She bought a pair of trainers for the marathon.", "us_partnership"),
    ("Critics were struck by the minister's silence.", "attacks_retaliation"),
    ("Users are bombarded with pop-up adverts.", "attacks_retaliation"),
    ("The studio hopes to demonstrate its new camera.", "domestic_politics"),
    ("Shoppers should protect themselves against online fraud.", "security_threat"),
    ("The quarrel spilled over to the board meeting.", "regional_escalation"),
    ("The console is a battleground for rival studios.", "regional_escalation"),
    ("Two men were sitting in the back of the car.", "domestic_politics"),          # 'sit-in' is exact
])
def test_stems_and_words_of_other_senses(text, frame):
    assert frame not in frames_of(text)


def test_its_sovereignty_after_another_named_owner():
    assert "sovereignty" not in frames_of("Egypt's cabinet accused Israel of violating its sovereignty.")
    assert "sovereignty" in frames_of("Iraq's cabinet accused Turkey of violating its sovereignty.")
    assert "sovereignty" in frames_of("The cabinet said the raid violated its sovereignty.")


# -- more wordings and senses (sentences written for these tests, none from the corpus or a coding sheet) ------

@pytest.mark.parametrize("text", [
    "Baghdad must remain the master of its own skies, the minister said.",
    "The spokesman said decisions on foreign bases belong to Iraqis and nobody else.",
    "Iraq will not be a chessboard for rival powers, the speaker warned.",
    "The premier said Iraq would refuse to accept orders from any foreign capital.",
    "Officials called the raid, launched without the Iraqi government's consent, a unilateral move.",
    "Lawmakers said the agreement had curtailed the country's freedom of action.",
    "The cleric said Washington was meddling in Iraq's internal affairs.",
    "He said Iraq was no longer a vassal of any power.",
    "Iraqis are able to run their own security now, the defence minister said.",
])
def test_sovereignty_in_yet_other_words(text):
    assert "sovereignty" in frames_of(text)


@pytest.mark.parametrize("text", [
    "Slovakia's government wants more control over its own energy policy.",
    "Montenegro declared independence in 2006.",
    "Separatists are campaigning for a vote on independence in the region.",
    "Moscow accused Brussels of meddling in its internal affairs.",
    "Georgia's leader said the incursion violated his country's sovereignty.",
    "Jordan said the drone had violated its sovereignty.",
])
def test_sovereignty_of_others_in_new_wordings(text):
    assert "sovereignty" not in frames_of(text)


def test_its_sovereignty_after_the_storys_own_speaker():
    assert "sovereignty" in frames_of("Baghdad said the drone had violated its sovereignty.")


@pytest.mark.parametrize("text", [
    "The United States remains a close friend of Baghdad, the envoy said.",
    "Iraq still relies on the air support the coalition provides against the jihadists.",
    "The American mentors will stay on with Iraqi commando units.",
    "Ties between the two governments have improved since the visit.",
    "Sudani told the Americans that the relationship would outlast the military mission.",
    "He was criticised at home for being too close to Washington.",
    "Iraqi and American officers will keep sharing intelligence.",
])
def test_partnership_in_other_words(text):
    assert "us_partnership" in frames_of(text)


@pytest.mark.parametrize("text", [
    "Spain and Portugal signed a cooperation pact on water.",
    "The singer thanked his partners and fans.",
    "Brazil's partnership with Argentina is under strain.",
    "Iraqi units received training from Turkish instructors.",
])
def test_partnership_of_others_is_not_the_storys(text):
    assert "us_partnership" not in frames_of(text)


@pytest.mark.parametrize("text, frame", [
    ("US jets bombed militia depots near the border.", "attacks_retaliation"),
    ("Three guards were wounded by rocket fire on the base.", "attacks_retaliation"),
    ("OPEC output fell as Iraqi crude shipments slowed.", "economy_energy"),
    ("Investors fear the exit could unsettle markets.", "economy_energy"),
    ("The ruling alliance is divided over the timetable.", "domestic_politics"),
    ("Sudani's critics accuse him of bowing to Washington.", "domestic_politics"),
    ("Sadrists staged street demonstrations in Baghdad.", "domestic_politics"),
    ("The premier faces a backlash from within his own bloc.", "domestic_politics"),
    ("The last IS strongholds in the desert were cleared in 2019.", "security_threat"),
])
def test_other_frames_in_yet_other_words(text, frame):
    assert frame in frames_of(text)


@pytest.mark.parametrize("text, frame", [
    ("The actor suffered a panic attack on stage.", "attacks_retaliation"),
    ("Two hikers were injured in an avalanche in the Alps.", "attacks_retaliation"),
    ("The winger's late strike sealed the match.", "attacks_retaliation"),
    ("The chancellor faced a scathing attack from backbenchers.", "attacks_retaliation"),
    ("Her energy and charm won over the audience.", "economy_energy"),
    ("The minister said voters would make the government pay a heavy price.", "economy_energy"),
    ("There is a trade-off between speed and safety.", "economy_energy"),
    ("Rescuers said a gas explosion destroyed the house.", "economy_energy"),
    ("The Senate voted to confirm the nominee.", "domestic_politics"),
    ("Germany's parliament approved the spending plan.", "domestic_politics"),
    ("China voiced its opposition to the tariffs.", "domestic_politics"),
])
def test_other_senses_in_new_wordings(text, frame):
    assert frame not in frames_of(text)


@pytest.mark.parametrize("text, frame", [
    ("The minister said Iraq would set its own terms for any future training mission.", "sovereignty"),
    ("Officials said the decision was reached without any foreign pressure.", "sovereignty"),
    ("Iraqis alone can choose which friends to keep, the cleric said.", "sovereignty"),
    ("The vote showed that such decisions are made in Baghdad, not in Tehran.", "sovereignty"),
    ("Nobody should have a foreign hand in shaping Iraq's defence policy.", "sovereignty"),
    ("He called the presence of uninvited foreign troops unacceptable.", "sovereignty"),
    ("The defence minister said Iraq still relies on American expertise to maintain its aircraft.", "us_partnership"),
    ("They set up a committee to oversee the withdrawal.", "us_partnership"),
    ("Sudani met the envoy of the United States to discuss the future of the mission.", "us_partnership"),
    ("Washington wants to remain engaged with Baghdad after the troops leave.", "us_partnership"),
    ("Iraqi forces took over responsibility for security in Anbar.", "security_threat"),
    ("Many fear a return to sectarian bloodshed.", "security_threat"),
    ("Insurgents lobbed grenades at an American patrol.", "attacks_retaliation"),
    ("Teachers' wages have gone unpaid for months.", "economy_energy"),
    ("Critics of the prime minister say he is too cautious.", "domestic_politics"),
    ("Iraqi nationalists have seized on the issue.", "domestic_politics"),
    ("Tehran has built a web of allied militias across the country.", "iranian_influence"),
    ("The militias take guidance from Tehran.", "iranian_influence"),
])
def test_include_rules_in_the_latest_wordings(text, frame):
    assert frame in frames_of(text)


@pytest.mark.parametrize("text, frame", [
    ("The regulator's independence from the government is guaranteed by law.", "sovereignty"),
    ("Kurdish leaders called for greater autonomy for the region.", "sovereignty"),
    ("Canada and the United States signed a new trade deal.", "us_partnership"),
    ("The minister's allies in parliament blocked the bill.", "us_partnership"),
    ("Chile and Peru formed a joint committee on fisheries.", "us_partnership"),
    ("Two men were killed when a building collapsed in the storm.", "attacks_retaliation"),
    ("She launched a furious assault on the chancellor's record.", "attacks_retaliation"),
    ("Police killed a suspected IS recruiter in a raid.", "attacks_retaliation"),
    ("He spoke with energy and passion about the plan.", "economy_energy"),
    ("Players invested a lot of time in the training camp.", "economy_energy"),
])
def test_other_senses_and_pairs_in_the_latest_wordings(text, frame):
    assert frame not in frames_of(text)


# -- the lexicon format --------------------------------------------------------------------------------------

def test_story_country_is_a_lexicon_setting(tmp_path):
    own = tmp_path / "peru.toml"
    own.write_text('[story]\ncountry = "Peru"\nnames = ["Peruvian", "Lima"]\n'
                   '[frame.sovereignty]\nterms = ["sovereignty"]\nowned = ["sovereignty"]\n', encoding="utf-8")
    lex = load_lexicon(own)
    assert lex.country == "Peru" and {"peru", "peruvian", "lima"} <= lex.names
    assert frames_of("Lima defends Peru's sovereignty.", lex) == {"sovereignty"}
    assert frames_of("Lima defends Chile's sovereignty.", lex) == set()
    assert frames_of("Iraq's sovereignty was discussed.", lex) == set()       # Iraq is not this story's country


def test_story_placeholder_in_patterns(tmp_path):
    own = tmp_path / "peru.toml"
    own.write_text('[story]\ncountry = "Peru"\nnames = ["Lima"]\n'
                   "[frame.sovereignty]\npatterns = ['for {story} alone to decide']\n", encoding="utf-8")
    lex = load_lexicon(own)
    assert frames_of("It is for Lima alone to decide.", lex) == frames_of("For Peru alone to decide.", lex) == {"sovereignty"}
    assert frames_of("It is for Quito alone to decide.", lex) == set()


@pytest.mark.parametrize("body, message", [
    ('[frame.a]\nterms = ["x"]\nowned = ["x"]\n', "'owned' words need the story's country"),
    ('[story]\ncountry = "Peru"\nname = ["Lima"]\n[frame.a]\nterms = ["x"]\n', "unknown key 'name' (did you mean 'names'"),
    ('[story]\ncountry = "Peru"\nnames = "Lima"\n[frame.a]\nterms = ["x"]\n', "'names' must be list"),
    ('[frame.a]\nexact = ["..."]\n', "empty exact term"),
    ("[frame.a]\npatterns = ['{story} first']\n", "uses {story} but the file has no [story] table"),
])
def test_format_mistakes_name_the_file_and_key(tmp_path, body, message):
    bad = tmp_path / "f.toml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"f\.toml.*" + re.escape(message)):
        load_lexicon(bad)
