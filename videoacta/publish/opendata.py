"""The package's open data: `votes.popolo.json` and `votes.csv` (pure text, written atomically).

Both publish what the viewer publishes, from the same published view (`videoacta.core.published`):
a secret ballot (ROF 102) gives totals and who took part, never a member's vote; an item debated
in camera (ROF 88.1) gives its result and totals only.
"""

import csv
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

from videoacta.artefacts import CSV_DATA, JSON_DATA, Artefact, write_artefact
from videoacta.core.published import Publication, PublishedRound, publication
from videoacta.core.session import Session
from videoacta.core.tally import TallyRun
from videoacta.outputs import json_text
from videoacta.publish.popolo import vote_event, vote_event_id
from videoacta.version import __version__

POPOLO_FILE = "votes.popolo.json"
CSV_FILE = "votes.csv"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "session_id",
    "vote_event_id",
    "item",
    "item_title",
    "round",
    "superseded",
    "vote_type",
    "closed_at",
    "result",
    "member_id",
    "member_name",
    "group_id",
    "group_name",
    "option",
    "weight",
)


def body_id(session: Session) -> str:
    """A stable identifier of the body, from its name: 'ajuntament-de-vilanova-de-lestany'."""
    ascii_name = unicodedata.normalize("NFKD", session.body.name).encode("ascii", "ignore")
    words = re.findall(r"[a-z0-9]+", ascii_name.decode("ascii").lower().replace("'", ""))
    return "-".join(words) or "body"


def popolo_document(run: TallyRun) -> dict[str, Any]:
    """A Popolo document: the body and its groups, the members, the session, its vote events."""
    session = run.session
    view = publication(session, run.proceedings, run.tally)
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


def votes_csv(run: TallyRun) -> str:
    """One row per member per published vote round (none for secret or in-camera votes).

    Numbers are written bare and every text cell quoted; a text cell that a spreadsheet would
    take for a formula gets a leading `'` (see `neutralise`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CSV_COLUMNS)
    session = run.session
    view = publication(session, run.proceedings, run.tally)
    for shown in view.all_rounds:
        if not shown.disclosure.choices:
            continue
        result = shown.count
        spec = session.item(result.item)
        assert spec is not None
        common: list[str | int | float] = [session.id, vote_event_id(session, result)]
        common += [result.item, spec.title, result.number]
        common += [str(result.superseded).lower(), result.vote_type.value]
        common += [result.closed.isoformat(), result.result.value]
        for vote in shown.votes:
            row = [vote.member, view.name(vote.member), vote.group, view.group_name(vote.group)]
            cells = [*common, *row, vote.option.value, _weight(vote.weight)]
            writer.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()


def neutralise(text: str) -> str:
    """OWASP's defence against CSV injection: a cell starting `= + - @`, tab or CR gets a `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _weight(weight: float) -> int | float:
    return int(weight) if weight == int(weight) else weight


def write_exports(folder: Path, *, run: TallyRun) -> tuple[Artefact, Artefact]:
    """Write votes.popolo.json and votes.csv into a package folder, each atomically; acta.pdf
    embeds both."""
    popolo = json_text(popolo_document(run)).encode("utf-8")
    table = votes_csv(run).encode("utf-8")
    return (
        write_artefact(folder, POPOLO_FILE, popolo, embedded=JSON_DATA),
        write_artefact(folder, CSV_FILE, table, embedded=CSV_DATA),
    )
