"""Service levels and the checklist that proposes one from what the translation is for (issue 19, part 2).

Comparable services sell levels (the EU Translation Centre: raw machine translation, light and full
post-editing beside translation); Passerelle proposes one from the request's `purpose`, by the first rule of
`CHECKLIST` that applies, and stores the rule that decided (`service_level_reason`). The agent may ask for a
higher level (the reason then says so); a lower one than the checklist's is refused, because the checklist
states what the use needs (an unrevised machine translation is valid for no decision).

| level | routing | price | delay |
| --- | --- | --- | --- |
| information | none: the machine draft is delivered at once, unrevised, with a mention saying so | 0 | the same day |
| light_revision | job class light_revision (unless drafts are unusable: translation) | light revision rate | 10 days |
| full_revision | job class from the drafts' quality (today's routing) | full revision or translation rate | 21 days |
| certified | as full_revision, never a trainee; delivered as a certified translation | as full_revision | 21 days |

`information` deliveries are reported apart and left out of the agreement's indicators (IR.8.1-8.3) unless
`PASSERELLE_INDICATORS_COUNT_INFORMATION` is set: they are no translation in the agreement's sense (no
translator revised them) and would otherwise lower the average delay with same-day figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.agreement import DELAY_DAYS
from service.models.enums import Channel

INFORMATION = "information"
LIGHT_REVISION = "light_revision"
FULL_REVISION = "full_revision"
CERTIFIED = "certified"
# From the least to the most revised.
LEVELS = (INFORMATION, LIGHT_REVISION, FULL_REVISION, CERTIFIED)

# Calendar days each level allows (urgency may shorten it, never lengthen it).
LEVEL_DAYS = {INFORMATION: 0, LIGHT_REVISION: 10, FULL_REVISION: DELAY_DAYS, CERTIFIED: DELAY_DAYS}

# What the translation is for, as the agent says it.
PURPOSES = ("information", "triage", "control", "rights_decision", "recovery", "litigation", "civil_status")


@dataclass(frozen=True)
class Rule:
    """One line of the checklist: when it applies, the level it calls for, and its stable code."""

    code: str
    level: str
    purposes: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


# Read top to bottom; the first rule that applies decides.
CHECKLIST: tuple[Rule, ...] = (
    # Before a court, or registering a person's civil status (the SANDIA): a certified translation.
    Rule("purpose.litigation", CERTIFIED, purposes=("litigation",)),
    Rule("purpose.civil_status", CERTIFIED, purposes=("civil_status",)),
    # Evidence in a posted-worker fraud case may end in court or a recovery: fully revised at least.
    Rule("channel.posted_worker_fraud", FULL_REVISION, channels=(Channel.POSTED_WORKER_FRAUD.value,)),
    # A decision on rights, a control or a recovery of undue payments rests on the text: fully revised.
    Rule("purpose.rights_decision", FULL_REVISION, purposes=("rights_decision",)),
    Rule("purpose.control", FULL_REVISION, purposes=("control",)),
    Rule("purpose.recovery", FULL_REVISION, purposes=("recovery",)),
    # Sorting a file or preparing an exchange, no decision taken on it: a light revision.
    Rule("purpose.triage", LIGHT_REVISION, purposes=("triage",)),
    # To understand what a document is about, no decision: the machine draft alone.
    Rule("purpose.information", INFORMATION, purposes=("information",)),
)
# No purpose given: today's service, a full revision.
NO_PURPOSE = "no_purpose"
# The agent asked for more than the checklist proposed.
RAISED = "agent.raised"


@dataclass(frozen=True)
class Proposal:
    """The level the checklist proposes and the code of the rule that decided."""

    level: str
    reason: str


def propose(*, purpose: str | None, channel: str) -> Proposal:
    """The checklist's level for a request of `purpose` on `channel`."""
    for rule in CHECKLIST:
        if (not rule.purposes or purpose in rule.purposes) and (not rule.channels or channel in rule.channels):
            return Proposal(rule.level, rule.code)
    return Proposal(FULL_REVISION, NO_PURPOSE)


def rank(level: str) -> int:
    """The level's place from least (0, information) to most revised."""
    return LEVELS.index(level)


def is_information(level: str | None) -> bool:
    """Whether a request of `level` is delivered unrevised."""
    return level == INFORMATION
