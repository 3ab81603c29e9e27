"""Plain-text renderings of results, for the terminal: the secretary's table of the tally.

What it shows comes from the published view for the secretary (`Audience.SECRETARY`).
"""

from videoacta.core.published import Audience, Publication, publication
from videoacta.core.session import Session
from videoacta.core.tally import Counts, QuorumCheck, RoundResult, TallyRun
from videoacta.core.terms import VoteType

TITLE_WIDTH = 40
HEADER = (
    f"{'#':>3}  {'Item':<{TITLE_WIDTH}}  {'Rnd':>3}  {'Majority':<10} {'Yes':>5} {'No':>5} "
    f"{'Abst':>5} {'Absent':>6} {'Recus':>5}  Result"
)


def tally_table(run: TallyRun) -> str:
    """The results of every item, one line a round, with a header about the session."""
    session, tally = run.session, run.tally
    view = publication(session, run.proceedings, tally, audience=Audience.SECRETARY)
    lines = [
        f"{session.body.name} — session {session.number}, {session.date.isoformat()}",
        f"Quorum at opening: {_quorum(tally.quorum_at_opening)}",
    ]
    lowest = tally.lowest_quorum
    if lowest is not None:
        lines.append(f"Lowest quorum at a vote: {_quorum(lowest)}")
    lines += ["", HEADER, "-" * len(HEADER)]
    for item in tally.items:
        title = _title(session, view, item.number)
        rounds = tuple(shown.count for shown in view.rounds(item.number))
        if not rounds:
            lines.append(
                f"{item.number:>3}  {title:<{TITLE_WIDTH}}  {'':>3}  {'no vote':<10} "
                f"{'':>31}  {item.status.value.replace('_', ' ')}"
            )
        for index, result in enumerate(rounds):
            following = rounds[index + 1] if index + 1 < len(rounds) else None
            reopened = following is not None and following.reason.value == "reopened"
            lines.append(
                _round_line(
                    item.number if index == 0 else None,
                    title if index == 0 else "",
                    result,
                    reopened_next=reopened,
                )
            )
    return "\n".join(lines)


def _title(session: Session, view: Publication, number: int) -> str:
    spec, shown = session.item(number), view.item(number)
    title = spec.title if spec else "?"
    if shown and shown.vote_type not in (None, VoteType.ORDINARY):
        title = f"{title} ({shown.vote_type})"
    if len(title) > TITLE_WIDTH:
        title = title[: TITLE_WIDTH - 1] + "…"
    return title


def _round_line(
    number: int | None, title: str, result: RoundResult, *, reopened_next: bool = False
) -> str:
    counts: Counts = result.weighted or result.counts
    outcome = result.result.value.replace("_", " ")
    if result.superseded and result.reopen_reason is None:
        # A round is repeated after a tie (ROF 100.2), or replaced by a reopened vote.
        outcome += " (reopened)" if reopened_next else " (repeated)"
    if result.reason.value == "reopened":
        outcome += f" — reopened: {result.reopen_reason}"
    return (
        f"{number if number is not None else '':>3}  {title:<{TITLE_WIDTH}}  {result.number:>3}  "
        f"{result.requirement.majority:<10} {_n(counts.yes):>5} {_n(counts.no):>5} "
        f"{_n(counts.abstain):>5} {_n(counts.absent):>6} {_n(counts.recused):>5}  {outcome}"
    )


def _n(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _quorum(check: QuorumCheck) -> str:
    verdict = ("held" if check.held else "NOT held") if check.checked else "not checked"
    return f"{check.present} present, {check.required} required — {verdict}"
