"""What a unit workbook holds, as plain validated data (no I/O).

``row`` fields give the 1-based sheet row a record was read from (None for records made in
code), so findings and refresh can point back at cells.
"""

from __future__ import annotations

__all__ = [
    "Record", "Cover", "Profile", "Assessment", "Decision", "TeamGoal", "IndividualGoal", "PlanRow",
    "AnchoringRow", "WheelEvent", "CommitteeRecord", "CatalogueEntry", "Employee", "UnitWorkbook",
]

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from .labels import t
from .parsing import is_yes, normalise_text
from .schema import EMPLOYEE_ENDED, ORG_RETIRED


class Record(BaseModel):
    model_config = ConfigDict(frozen=True)

    row: int | None = None


class WheelEvent(BaseModel):
    """One date of the year wheel (årshjul) on the Forside: vurdering, MUS/PUS, TUS, plan,
    follow-up meetings, or the leader's own."""

    model_config = ConfigDict(frozen=True)

    event: str
    when: date | None = None
    done: bool = False
    row: int | None = None
    # HR's: set in the organisation template's wheel, locked in the unit, moved by sync.
    org: bool = False


class CommitteeRecord(BaseModel):
    """The MED/SU committee's discussion of the unit's goals and needs: when, and what it
    concluded; typed on the MED-SU sheet by the leader. A date that cannot be read is kept
    as typed (``typed_date``), so that rewriting the sheet loses nothing."""

    model_config = ConfigDict(frozen=True)

    discussed: date | None = None
    conclusions: str = ""
    typed_date: str = ""


class Cover(BaseModel):
    model_config = ConfigDict(frozen=True)

    organisation: str = ""
    unit: str = ""
    leader: str = ""
    period: str = ""
    teams: tuple[str, ...] = ()
    version: str = ""
    # The organisation's name for the yearly conversation ("MUS", "PUS"); empty: MUS/PUS.
    conversation: str = ""
    # Antal medarbejdere per team, where the Forside states it.
    team_sizes: dict[str, int] = Field(default_factory=dict)
    # The year wheel: the round's dates (none in a workbook from before it).
    wheel: tuple[WheelEvent, ...] = ()
    # Teams whose conversation this round is their TUS (the Forside's Samtaleform): team → "TUS".
    team_forms: dict[str, str] = Field(default_factory=dict)


class Profile(Record):
    """A competence profile ("Vi skal kunne …") under a goal under a strategy (template A)."""

    id: str | None = None
    strategy: str = ""
    goal: str = ""
    text: str = ""
    # "Ja" for a profile that came from the organisation, "Udgået" once it retired it,
    # None for the unit's own.
    org: str | None = None
    # The row the goal was written in, when this row inherits it (None: its own goal).
    goal_from: int | None = None

    @property
    def retired(self) -> bool:
        return self.org == ORG_RETIRED


class Assessment(Record):
    """Desired and actual level of one team for one profile (template B)."""

    profile_id: str
    team: str
    desired: int | None = Field(default=None, ge=1, le=5)
    actual: int | None = Field(default=None, ge=1, le=5)
    # The actual level of the round before (next-round writes it; nobody types it).
    previous: int | None = Field(default=None, ge=1, le=5)
    # The leader answered "Ikke relevant": the team has no level of this profile, and it
    # counts in no mean, share or gap.
    not_relevant: bool = False


class Decision(Record):
    """The leader's priority for one profile in one team (template B, fase 2 trin 2) and why;
    ``team`` None: one decision for every team, as templates 2–4 took it."""

    profile_id: str
    priority: str | None = None
    reason: str = ""
    team: str | None = None


class TeamGoal(BaseModel):
    model_config = ConfigDict(frozen=True)

    team: str
    text: str = ""
    # What the team agreed at its team development talk (TUS), and when.
    tus_date: date | None = None
    tus_agreements: str = ""


class IndividualGoal(Record):
    """One employee's learning goals and logbook (template C)."""

    employee: str = ""
    team: str = ""
    team_goal: str = ""
    personal_goal: str = ""
    activities: str = ""
    activity_goals: str = ""
    logbook: str = ""
    # MUS/PUS: the date the row's goals and activities were agreed, and the next follow-up.
    mus_date: date | None = None
    next_follow_up: date | None = None


class PlanRow(Record):
    """One row of the development plan (template D), as typed plus what refresh derives."""

    employees: str = ""
    need: str = ""
    activity: str = ""
    follow_up: str = ""
    goal: str = ""
    timeline: str = ""
    responsible: str = ""
    success: str = ""
    resources: str = ""
    status: str | None = None
    phase: str | None = None
    learning_form: str | None = None
    effort_before: str = ""
    effort_during: str = ""
    effort_after: str = ""
    start: date | None = None
    end: date | None = None
    # Derived: the profiles Kompetencebehov names, the participants a per-person amount was
    # multiplied by, staff hours (with their split before, during and after where the row
    # gives it) and kroner.
    profile_ids: tuple[str, ...] = ()
    participants: int | None = None
    hours: float | None = None
    phase_hours: tuple[float, float, float] | None = None
    kroner: float | None = None
    # Of ``hours``, the part the leader group (or the unit's leader) takes part with.
    leader_hours: float | None = None
    # The fields the tool filled where the leader left them blank (``plandefaults``):
    # "learning_form" from the wording, "phase_hours" as the expected 30-30-40 split.
    derived: tuple[str, ...] = ()


class AnchoringRow(Record):
    """One row of the anchoring process schema (template E)."""

    need: str = ""
    works: str = ""
    worries: str = ""
    agreements: str = ""
    next_follow_up: date | None = None
    profile_ref: str = ""
    # Derived: the profiles the row follows up on (its Profilnr., or a profile its text names).
    profile_ids: tuple[str, ...] = ()


class CatalogueEntry(Record):
    """One line of the competence catalogue: who completed which activity, when, for which
    profiles, and whether the leader marked them as able to teach others."""

    employees: str = ""
    activity: str = ""
    learning_form: str | None = None
    year: int | None = None
    profile_ids: tuple[str, ...] = ()
    plan_row: int | None = None
    can_teach: str = ""
    # For a line carried from an earlier round: which (shown where the plan row would be).
    earlier: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What keeps a typed "Kan oplære andre" with its line when the plan changes."""
        return (" ".join(self.employees.casefold().split()), " ".join(self.activity.casefold().split()),
                ",".join(p.casefold() for p in self.profile_ids))

    @property
    def teaches(self) -> bool:
        """Marked Ja, or "Ja – navn må nævnes" (the person agreed to be named in suggestions)."""
        return is_yes(self.can_teach) or normalise_text(self.can_teach) == normalise_text(t("catalogue.yes_named"))


class Employee(Record):
    """One person on the sheet Medarbejdere: HR's list as rolled out, kept by the leader."""

    name: str = ""
    team: str = ""
    start: date | None = None
    email: str = ""
    status: str | None = None

    @property
    def active(self) -> bool:
        return self.status != EMPLOYEE_ENDED


class UnitWorkbook(BaseModel):
    """Everything one unit's workbook says, after parsing."""

    model_config = ConfigDict(frozen=True)

    cover: Cover = Cover()
    teams: tuple[str, ...] = ()
    profiles: tuple[Profile, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    decisions: tuple[Decision, ...] = ()
    team_goals: tuple[TeamGoal, ...] = ()
    individual_goals: tuple[IndividualGoal, ...] = ()
    plan: tuple[PlanRow, ...] = ()
    anchoring: tuple[AnchoringRow, ...] = ()
    catalogue: tuple[CatalogueEntry, ...] = ()
    # The sheet Medarbejdere (none in a workbook from before template 5).
    employees: tuple[Employee, ...] = ()
    # The MED/SU committee's discussion, as the MED-SU sheet records it.
    committee: CommitteeRecord = CommitteeRecord()

    def profile(self, profile_id: str) -> Profile | None:
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        return None

    def decision(self, profile_id: str, team: str | None = None) -> Decision | None:
        """The leader's decision on ``profile_id`` for ``team``: the team's own, else the one
        for every team (an older template's). Without ``team``: the one for every team."""
        found = None
        for decision in self.decisions:
            if decision.profile_id == profile_id:
                if decision.team is not None and decision.team == team:
                    return decision
                if decision.team is None:
                    found = decision
        return found

    def per_team_decisions(self) -> tuple[Decision, ...]:
        """The leader's decisions, each for its team: one an older template took for every team
        stands in each team that has none of its own (as a workbook of this template holds them)."""
        decisions = []
        for profile_id in dict.fromkeys(d.profile_id for d in self.decisions):
            for team in self.teams:
                decision = self.decision(profile_id, team)
                if decision is not None:
                    decisions.append(decision.model_copy(update={"team": team}))
        return tuple(decisions)

    def team_goal_of(self, team: str) -> TeamGoal:
        for goal in self.team_goals:
            if goal.team == team:
                return goal
        return TeamGoal(team=team)

    def team_goal(self, team: str) -> str:
        for goal in self.team_goals:
            if goal.team == team:
                return goal.text
        return ""
