"""The concept's own worked example (appendix, "Eksempel") and a blank unit, as models."""

from __future__ import annotations

__all__ = [
    "STRATEGY", "GOAL_1", "GOAL_2", "GOAL_NETWORK", "PROFILE_1", "PROFILE_2", "PROFILE_3", "TEAMS",
    "LEVELS", "LOGBOOK", "TEAM_B_GOAL", "ILLUSTRATION", "blank", "concept_example", "demo_units",
]

from datetime import date

from .models import (
    AnchoringRow,
    Assessment,
    Cover,
    Decision,
    IndividualGoal,
    PlanRow,
    Profile,
    TeamGoal,
    UnitWorkbook,
)

STRATEGY = (
    "Samarbejde med borgeren – tilrettelæggelse af samarbejdet og dialogen med borgeren er et "
    "fælles ansvar på tværs af medarbejdergruppen, hvor alle har borgerens recovery som det "
    "fælles mål."
)
GOAL_1 = "Vi skal blive bedre til at tale med borgerne om ønsker, håb og drømme."
GOAL_2 = "Vi skal have en højere grad af fælles sprog om den faglige indsats for borgeren."
# The concept's own example of a goal (fase 1, trin 1).
GOAL_NETWORK = "Vi skal blive bedre til at inddrage borgernes private netværk i indsatsen."
PROFILE_1 = "Vi skal kunne mestre en dialogisk, reflekterende og netværksorienteret tilgang til mødet med borgerne."
PROFILE_2 = "Vi skal kunne anvende kommunikative metoder og redskaber til at skabe ligeværdige dialoger med borgerne."
PROFILE_3 = "Vi skal have en specifik fælles faglig ramme for dialoger om borgernes behov."
TEAMS = ("Team A", "Team B", "Team C", "Team D")

# (profile, team, desired, actual) as in the appendix; Team D is not assessed there.
LEVELS = (
    ("K1", "Team A", 5, 5), ("K1", "Team B", 5, 3), ("K1", "Team C", 4, 4),
    ("K2", "Team A", 4, 2), ("K2", "Team B", 3, 2),
    ("K3", "Team A", 3, 4), ("K3", "Team B", 4, 4),
)

LOGBOOK = (
    "De begreber, som underviserne på kurset anvender, og den kontekst, de taler om, er meget "
    "anderledes end vores tilbud og de ord, Sarah bruger, når hun afholder netværksmøde. Jeg har "
    "behov for at oversætte det, jeg lærer på ÅD-uddannelsen til den praksis, som vi har hos os. "
    "Jeg vil drøfte dette med Sarah i forlængelse af vores næste møde.\n"
    "Jeg er nysgerrig på, hvordan man inviterer andre ikkeprofessionelle i borgers netværk til at "
    "deltage i netværksmødet. Hvad siger man?"
)
TEAM_B_GOAL = "Team B ønsker styrkede kompetencer i brugen af Åben Dialog."
# The appendix shows bilag E only with its guiding questions: the example's anchoring row is
# made up, and says so where a reader sees it.
ILLUSTRATION = "Illustration – konceptet viser ikke bilag E udfyldt: "


def blank(unit: str = "", teams: tuple[str, ...] | list[str] = ("Team A",), *, organisation: str = "",
          leader: str = "", period: str = "", conversation: str = "") -> UnitWorkbook:
    teams = tuple(x.strip() for x in teams)
    return UnitWorkbook(
        cover=Cover(organisation=organisation, unit=unit, leader=leader, period=period, teams=teams,
                    conversation=conversation),
        teams=teams,
        team_goals=tuple(TeamGoal(team=x) for x in teams),
    )


def concept_example() -> UnitWorkbook:
    """Team A–D, the three profiles and levels, one plan row, as the appendix has them, and
    one anchoring row labelled as an illustration (the appendix has no example of bilag E)."""
    profiles = (
        Profile(id="K1", strategy=STRATEGY, goal=GOAL_1, text=PROFILE_1),
        Profile(id="K2", strategy=STRATEGY, goal=GOAL_1, text=PROFILE_2),
        Profile(id="K3", strategy=STRATEGY, goal=GOAL_2, text=PROFILE_3),
    )
    by_key: dict[tuple[str, str], tuple[int | None, int | None]] = {(p, team): (d, a) for p, team, d, a in LEVELS}
    assessments = tuple(
        Assessment(profile_id=p.id, team=team, desired=d, actual=a)
        for p in profiles if p.id for team in TEAMS for d, a in [by_key.get((p.id, team), (None, None))]
    )
    return UnitWorkbook(
        cover=Cover(organisation="Eksempelkommune", unit="Botilbuddet (konceptets eksempel)",
                    leader="Forstander", period="2021", teams=TEAMS),
        teams=TEAMS,
        profiles=profiles,
        assessments=assessments,
        team_goals=(
            TeamGoal(team="Team A", text=(
                "Team A har i særlig grad behov for at blive styrket i at anvende konkrete "
                "kommunikative metoder i dialogen med borgerne som for eksempel MI.")),
            TeamGoal(team="Team B", text=TEAM_B_GOAL),
            TeamGoal(team="Team C"),
            TeamGoal(team="Team D"),
        ),
        individual_goals=(
            IndividualGoal(employee="Medarbejder i Team B", team="Team B", team_goal=TEAM_B_GOAL,
                           personal_goal="Planlægge og gennemføre netværksmøder baseret på Åben Dialog.",
                           activities="Kursus i åben dialog.",
                           activity_goals="Mestre begreber og metodik til åben dialog.",
                           logbook=LOGBOOK),
            IndividualGoal(employee="Medarbejder i Team B", team="Team B", team_goal=TEAM_B_GOAL,
                           activities="Deltage i to netværksmøder sammen med Sarah.",
                           activity_goals="Få inspiration til og tryghed i at kunne gennemføre netværksmøder i praksis."),
        ),
        plan=(
            PlanRow(employees="Hele Team B og Åse, Benny (Team C) og Karl (Team A)", need=PROFILE_1,
                    activity="Kursus i Åben Dialog.", follow_up="Der gives status på uddannelsen.",
                    goal=TEAM_B_GOAL, timeline="April – oktober 2021", responsible="Jette, Team B"),
        ),
        anchoring=(
            AnchoringRow(
                need=ILLUSTRATION + "Netværksmøder baseret på Åben Dialog i Team B.",
                works="Netværksmøderne er kommet i gang, og borgernes netværk deltager.",
                worries="Kursets begreber passer ikke altid til vores praksis og vores ord.",
                agreements="Team B drøfter med Sarah, hvordan begreberne oversættes til egen praksis.",
                next_follow_up=date(2021, 11, 15),
                profile_ref="K1",
            ),
        ),
    )


def _unit(name: str, leader: str, teams: dict[str, int], levels: dict[str, tuple[tuple[int, int], ...]], extra_profile: str | None,
          plan: tuple[PlanRow, ...], anchoring: tuple[AnchoringRow, ...], goals: dict[str, str],
          decisions: tuple[Decision, ...] = ()) -> UnitWorkbook:
    """A demo unit on the concept's profiles; ``teams`` with their number of employees."""
    base = concept_example()
    profiles = list(base.profiles)
    if extra_profile:
        profiles.append(Profile(id="E1", strategy=STRATEGY, goal=GOAL_NETWORK, text=extra_profile))
    assessments = []
    for pid in (p.id for p in profiles if p.id):
        pairs = levels.get(pid, ())
        for i, team in enumerate(teams):
            d, a = pairs[i] if i < len(pairs) else (None, None)
            assessments.append(Assessment(profile_id=pid, team=team, desired=d, actual=a))
    return UnitWorkbook(
        cover=Cover(organisation="Eksempelkommune", unit=name, leader=leader, period="2026", teams=tuple(teams),
                    team_sizes=teams),
        teams=tuple(teams),
        profiles=tuple(profiles),
        assessments=tuple(assessments),
        decisions=decisions,
        team_goals=tuple(TeamGoal(team=x, text=goals.get(x, "")) for x in teams),
        plan=plan,
        anchoring=anchoring,
    )


def demo_units() -> list[tuple[str, UnitWorkbook]]:
    """The concept's example and two more units built on the same profiles, for the demo."""
    nord = _unit(
        "Bostøtten Nord", "Leder Nord", {"Dagteam": 10, "Aftenteam": 8},
        {"K1": ((5, 3), (4, 3)), "K2": ((4, 2), (4, 4)), "K3": ((4, 3), (3, 1))},
        "Vi skal kunne inddrage borgernes private netværk i indsatsen.",
        plan=(
            PlanRow(employees="Hele Dagteamet", need="K1", activity="Forberedende temadag om recovery",
                    follow_up="Opsamling på teammødet", goal="Fælles forståelse af dialogisk tilgang",
                    timeline="uge 10–12 2026", responsible="Teamleder Dagteam", resources="1 dag pr. medarbejder",
                    status="Gennemført", phase="Før", learning_form="Intern undervisning"),
            PlanRow(employees="Dagteam og Aftenteam", need="K2", activity="Kursus i motiverende samtale (MI)",
                    follow_up="Sidemandsoplæring to gange om måneden", goal="Alle kan bruge MI i samtaler",
                    timeline="April – oktober 2026", responsible="Leder Nord", resources="18.000 kr.",
                    effort_before="2 timer pr. medarbejder", effort_during="3 kursusdage pr. medarbejder",
                    effort_after="12 timer pr. medarbejder", status="I gang", learning_form="Kortere kursus"),
            PlanRow(employees="Aftenteamet", need="K3", activity="Refleksionsmøder om fælles faglig ramme",
                    follow_up="Status på personalemøde", goal="Fælles ramme for dialoger om borgernes behov",
                    timeline="1/11-2026 – 31/3-2027", responsible="Teamleder Aften", resources="30 timer",
                    status="Ikke startet", phase="Efter", learning_form="Kollegial sparring/supervision"),
        ),
        anchoring=(AnchoringRow(need="MI i hverdagens samtaler", works="Flere samtaler tager afsæt i borgerens ønsker.",
                                worries="Aftenteamet har svært ved at finde tid.",
                                agreements="MI-sparring fast på dagsordenen hver anden uge.",
                                next_follow_up=date(2026, 12, 10), profile_ref="K2"),),
        goals={"Dagteam": "Vi skal blive bedre til at bruge MI i samtaler med borgerne.",
               "Aftenteam": "Vi skal have en fælles faglig ramme for aftenens dialoger."},
        decisions=(Decision(profile_id="K3", priority="Kort sigt", reason="Aftenteamets dialoger halter mest."),
                   Decision(profile_id="E1", priority="Længere sigt",
                            reason="Vurderes, når organisationens netværksprojekt starter i 2027.")),
    )
    syd = _unit(
        "Værestedet Syd", "Leder Syd", {"Team 1": 6},
        {"K1": ((4, 4),), "K2": ((4, 3),), "K3": ((5, 2),)},
        None,
        plan=(
            PlanRow(employees="Hele Team 1", need="K3", activity="Workshop om fælles faglig ramme",
                    follow_up="Opfølgning efter tre måneder", goal="En skriftlig fælles ramme",
                    timeline="marts 2026", responsible="Leder Syd", resources="15 timer",
                    status="I gang", phase="Under", learning_form="Intern undervisning"),
        ),
        anchoring=(),
        goals={"Team 1": "Vi skal have en specifik fælles faglig ramme for dialoger om borgernes behov."},
        decisions=(Decision(profile_id="K2", priority="Ikke nu", reason="Gab 1; K3 kommer først."),),
    )
    return [("eksempel-botilbud.xlsx", concept_example()), ("bostoetten-nord.xlsx", nord),
            ("vaerestedet-syd.xlsx", syd)]
