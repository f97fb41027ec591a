"""Word lists the rule-based entity finder leans on: titles, organisation nouns, common starters."""

from __future__ import annotations


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of a person's title or office: "Secretary of State", "Vice Foreign Minister".
ROLE_WORDS = _set(
    """
    President Vice Prime Minister Secretary Undersecretary Under Deputy Assistant Foreign Defense
    Defence State Policy Chief Executive Chancellor Senator Sen Rep Representative Congressman
    Congresswoman Governor Mayor King Queen Prince Princess Emperor Empress Pope Cardinal Bishop
    General Gen Admiral Adm Colonel Col Lieutenant Lt Major Maj Captain Capt Sergeant Sgt
    Ambassador Envoy Spokesman Spokeswoman Spokesperson Chairman Chairwoman Chair CEO CFO COO
    Director Commissioner Judge Justice Attorney Speaker Leader Minority Majority Finance Trade
    Economy Economic Interior Home Affairs Health Education Energy Treasury Homeland Security
    Commerce Labor Labour Agriculture Transport Environment National Adviser Advisor Cabinet
    Premier Senior Acting Former First Lady Crown Sheikh Supreme Commander Officer Mr Mrs Ms Dr
    Prof Professor Sir Dame Lord Rev Father Sister Chairperson Founder President-elect Coach
    Counselor Counsellor Councillor Minister-President Inspector Superintendent Marshal Dean
    Chief-of-Staff Staff Joint Information Intelligence Justice Digital Science Technology
    Industry Internal External International Development Culture Sports Tourism Housing Welfare
    Overseas Relations Cooperation Navy Army Air Force Forces Military Public Works Administrator
    President's Governor-General Head Manager Editor Correspondent Analyst Economist Professor
    """
)

# Abbreviated titles written with a full stop: "Mr. Rubio", "Gen. Milley", "St. Petersburg".
ABBREVIATIONS = _set("Mr Mrs Ms Dr Prof Gen Sen Rep Gov Lt Col Maj Capt Sgt Adm Rev St Jr Sr")

# Nouns that make a capitalised phrase an organisation: "Foreign Ministry", "Bank of Korea".
ORG_WORDS = _set(
    """
    Ministry Department Agency Association Organization Organisation Council Commission Committee
    Party Bank Company Corporation Corp Inc Ltd LLC PLC Group Holdings University College School
    Institute Foundation Union Alliance Court Congress Parliament Senate Assembly Office Bureau
    Service Services Forces Army Navy Guard Police Federation Fund Board Authority Club Network
    Times News Post Journal Herald Tribune Press Broadcasting Television Radio Airlines Airways
    Motors Bank's Industries Systems Technologies Labs Laboratories Hospital Church Embassy
    Consulate Secretariat Cabinet Government Administration Coalition Front Movement Brigade
    Command Exchange Reserve Treasury Diet Duma Knesset Bundestag Nations
    """
)

# Capitalised phrases with these words name events, documents or things, not people.
THING_WORDS = _set(
    """
    Strategy Plan Act Bill Law Treaty Agreement Accord Summit Conference Forum Day Week Month
    Year Report Program Programme Initiative Review Project Index Cup Games Olympics Award Prize
    War Crisis Doctrine Declaration Charter Convention Constitution Budget Deal Pact Framework
    Dialogue Talks Election Elections Festival Exhibition Expo Championship League Series Tour
    Capabilities Spending Focus Investments Security Stability Peace Region Era Age Revolution
    Protocol Rule Rules Order Statement Communique Guidelines Vision Policy
    """
)

# Capitalised only because they start a sentence or name a day: never part of a name.
COMMON_WORDS = _set(
    """
    A An The This That These Those There Here It Its He She They We You I Our Their His Her My
    But And Or Nor So Yet For If When While Where After Before During Since Until Although Though
    Because As At By From In Into On Onto Of Off Over Under With Without About Against Between
    Among Through Throughout Despite Meanwhile However Moreover Still Also Even Only Just Not No
    Yes All Some Many Most More Much Each Every Both Either Neither Such Other Another What Which
    Who Whom Whose Why How Then Now Today Tomorrow Yesterday Last Next New Top Rather Ultimately
    Instead Indeed Already Also Earlier Later Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November December
    Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Photo Read Click
    Share According Officials Official Sources Source Reporting Editing Writing Additional Asked
    Speaking Following Including Like Unlike Please Thanks Thank Hello Dear Welcome Breaking Live
    Update Updated Exclusive Analysis Opinion Comment Watch Video Listen Subscribe Sign Log Home
    """
)

# Lower-case words allowed inside a name or title: "Secretary of State", "Ursula von der Leyen".
CONNECTORS = _set("of for the and de la le van von der den du del da di al bin dos das y")
