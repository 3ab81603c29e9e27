"""Every Popolo structure: the open data's document (`votes.popolo.json`), its vote events, and
the tally as JSON (`videoacta tally --json`).

A vote event shows what its round of the published view discloses (`videoacta.core.published`).
"""

import re
import unicodedata
from typing import Any

from videoacta.core.published import (
    Audience,
    Disclosure,
    Publication,
    PublishedRound,
    publication,
)
from videoacta.core.session import Session
from videoacta.core.tally import (
    Counts,
    ItemResult,
    Option,
    QuorumCheck,
    Result,
    RoundResult,
    TallyRun,
)
from videoacta.version import __version__

# Popolo's option vocabulary: a recused member is "not voting" (their vote's role says why).
POPOLO_OPTION = {
    Option.YES: "yes",
    Option.NO: "no",
    Option.ABSTAIN: "abstain",
    Option.ABSENT: "absent",
    Option.RECUSED: "not voting",
    Option.NOT_VOTING: "not voting",
}
POPOLO_RESULT = {
    Result.PASSED: "pass",
    Result.PASSED_BY_CASTING_VOTE: "pass",
    Result.FAILED: "fail",
    Result.FAILED_BY_CASTING_VOTE: "fail",
    Result.TIED: "tie",
    Result.NO_QUORUM: "no quorum",
}


def vote_event_id(session: Session, result: RoundResult) -> str:
    return f"{session.id}/item-{result.item}/round-{result.number}"


def body_id(session: Session) -> str:
    """A stable identifier of the body, from its name: 'ajuntament-de-vilanova-de-lestany'."""
    ascii_name = unicodedata.normalize("NFKD", session.body.name).encode("ascii", "ignore")
    words = re.findall(r"[a-z0-9]+", ascii_name.decode("ascii").lower().replace("'", ""))
    return "-".join(words) or "body"


def popolo_document(run: TallyRun, view: Publication | None = None) -> dict[str, Any]:
    """A Popolo document: the body and its groups, the members, the session, its vote events
    (as the run's published view shows them; `view`, if made already)."""
    session = run.session
    view = view or publication(session, run.proceedings, run.tally)
    body = body_id(session)
    organizations = [{"id": body, "name": session.body.name, "classification": "legislature"}]
    organizations += [
        {"id": g.id, "name": g.name, "classification": "party", "parent_id": body}
        for g in view.political_groups
    ]
    return {
        "meta": {"generator": f"videoacta {__version__}", "session_id": session.id},
        "organizations": organizations,
        "persons": [{"id": m.id, "name": m.name} for m in view.roster],
        "memberships": [
            {
                "person_id": m.id,
                "organization_id": m.group,
                "role": m.role.value if m.role else None,
            }
            for m in view.roster
        ],
        "events": [_session_event(session, body)],
        "vote_events": [_public_event(session, view, body, r) for r in view.all_rounds],
    }


def _session_event(session: Session, body: str) -> dict[str, Any]:
    return {
        "id": session.id,
        "name": f"{session.body.name} {session.number}",
        "classification": f"{session.kind.value} session",
        "organization_id": body,
        "location": session.place,
        "start_date": session.date.isoformat(),
    }


def _public_event(
    session: Session, view: Publication, body: str, shown: PublishedRound
) -> dict[str, Any]:
    event = vote_event(session, shown)
    event["organization_id"] = body
    event["in_camera"] = not view.public(shown.count.item)
    if not shown.disclosure.choices:
        event["participants"] = list(shown.took_part)
    return event


def tally_document(run: TallyRun) -> dict[str, Any]:
    """The whole tally, as the secretary reads it: session, quorum, items and their vote events.

    The items debated in camera are in full; a secret ballot gives its totals and who took part.
    """
    session, tally = run.session, run.tally
    view = publication(session, run.proceedings, tally, audience=Audience.SECRETARY)
    lowest = tally.lowest_quorum
    return {
        "session": {
            "id": session.id,
            "body": session.body.name,
            "number": session.number,
            "date": session.date.isoformat(),
        },
        "quorum_at_opening": _quorum(tally.quorum_at_opening),
        "lowest_quorum_at_a_vote": None if lowest is None else _quorum(lowest),
        "items": [_item(session, item) for item in tally.items],
        "vote_events": [vote_event(session, r) for r in view.all_rounds],
    }


def _item(session: Session, item: ItemResult) -> dict[str, Any]:
    spec = session.item(item.number)
    assert spec is not None
    return {
        "number": item.number,
        "title": spec.title,
        "kind": spec.kind.value,
        "status": item.status.value,
        "result": None if item.result is None else item.result.value,
        "rounds": len(item.rounds),
    }


def vote_event(session: Session, shown: PublishedRound) -> dict[str, Any]:
    """One round as a Popolo VoteEvent, with requirement, quorum and round added."""
    result = shown.count
    spec = session.item(result.item)
    assert spec is not None
    identifier = vote_event_id(session, result)
    event: dict[str, Any] = {
        "id": identifier,
        "identifier": identifier,
        "legislative_session_id": session.id,
        "classification": result.vote_type.value,
        "motion": {
            "identifier": str(spec.number),
            "text": spec.title,
            "classification": spec.kind.value,
            "requirement": result.requirement.majority,
        },
        "start_date": result.opened.isoformat(),
        "end_date": result.closed.isoformat(),
        "result": POPOLO_RESULT[result.result],
        "counts": _counts(result.counts),
        "group_results": [_group(session, g.group, g.position, g.counts) for g in shown.stands],
        "requirement": result.requirement.model_dump(),
        "quorum": _quorum(result.quorum),
        "round": _round(shown),
    }
    if result.weighted is not None:
        event["weighted_counts"] = _counts(result.weighted, weighted=True)
    if shown.disclosure is Disclosure.BALLOT:
        event["participants"] = list(shown.took_part)
    elif shown.disclosure.choices:
        event["votes"] = [_vote(v.member, v.option, v.group, v.weight, v.by) for v in shown.votes]
    return event


def _counts(counts: Counts, *, weighted: bool = False) -> list[dict[str, Any]]:
    def value(number: float) -> float | int:
        return number if weighted and number != int(number) else int(number)

    # Recused and present-not-voting members are both Popolo's "not voting": one count.
    totals = dict.fromkeys(POPOLO_OPTION.values(), 0.0)
    for option in Option:
        totals[POPOLO_OPTION[option]] += counts.get(option)
    return [{"option": name, "value": value(total)} for name, total in totals.items()]


def _group(session: Session, group_id: str, position: str, counts: Counts) -> dict[str, Any]:
    group = session.group(group_id)
    assert group is not None
    return {
        "group": {"id": group.id, "name": group.name},
        "result": position,
        "counts": _counts(counts),
    }


def _vote(
    member: str, option: Option, group: str, weight: float, by: str | None = None
) -> dict[str, Any]:
    vote: dict[str, Any] = {
        "voter_id": member,
        "option": POPOLO_OPTION[option],
        "group_id": group,
        "weight": weight,
    }
    if option is Option.RECUSED:
        vote["role"] = "recused"
    if option is Option.NOT_VOTING:
        vote["role"] = "present"
    if by is not None:  # a delegated vote: who cast it (Popolo has no field for it)
        vote["cast_by"] = by
    return vote


def _quorum(check: QuorumCheck) -> dict[str, Any]:
    return {**check.model_dump(), "held": check.held}


def _round(shown: PublishedRound) -> dict[str, Any]:
    result = shown.count
    return {
        "number": result.number,
        "reason": result.reason.value,
        "reopen_reason": result.reopen_reason,
        "superseded": result.superseded,
        "outcome": result.result.value,
        "casting_vote": None if result.casting_vote is None else result.casting_vote.value,
        "changes": [
            {
                "voter_id": c.member,
                "option": c.choice.value if c.choice else None,
                "time": c.time.isoformat(),
            }
            for c in shown.vote_changes
        ],
    }
