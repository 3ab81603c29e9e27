"""The package's open data: `votes.popolo.json` and `votes.csv`, each written atomically.

The Popolo document is built by `videoacta.publish.popolo`, the CSV table here. Both publish what
the viewer publishes, from the same published view (`videoacta.core.published`): a secret ballot
(ROF 102) gives totals and who took part, never a member's vote; an item debated in camera
(ROF 88.1) gives its result and totals only.
"""

import csv
import io
from pathlib import Path

from videoacta.artefacts import CSV_DATA, JSON_DATA, Artefact, write_artefact
from videoacta.core.published import Publication, publication
from videoacta.core.tally import TallyRun
from videoacta.outputs import json_text
from videoacta.publish.popolo import popolo_document, vote_event_id

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
    "cast_by",
)


def votes_csv(run: TallyRun, view: Publication | None = None) -> str:
    """One row per member per published vote round (none for secret or in-camera votes).

    Numbers are written bare and every text cell quoted; a text cell that a spreadsheet would
    take for a formula gets a leading `'` (see `neutralise`). `view` is the run's published
    view, if made already.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CSV_COLUMNS)
    session = run.session
    view = view or publication(session, run.proceedings, run.tally)
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
            cells = [*common, *row, vote.option.value, _weight(vote.weight), vote.by or ""]
            writer.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()


def neutralise(text: str) -> str:
    """OWASP's defence against CSV injection: a cell starting `= + - @`, tab or CR gets a `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _weight(weight: float) -> int | float:
    return int(weight) if weight == int(weight) else weight


def write_exports(
    folder: Path, *, run: TallyRun, view: Publication | None = None
) -> tuple[Artefact, Artefact]:
    """Write votes.popolo.json and votes.csv into a package folder, each atomically; acta.pdf
    embeds both. Both show the run's published view (`view`, if made already)."""
    view = view or publication(run.session, run.proceedings, run.tally)
    popolo = json_text(popolo_document(run, view)).encode("utf-8")
    table = votes_csv(run, view).encode("utf-8")
    return (
        write_artefact(folder, POPOLO_FILE, popolo, embedded=JSON_DATA),
        write_artefact(folder, CSV_FILE, table, embedded=CSV_DATA),
    )
