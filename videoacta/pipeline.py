"""The stages, wired in one place. Each function runs one command's work."""

from pathlib import Path

from videoacta import inputs
from videoacta.models import Frozen, Session
from videoacta.proceedings import Proceedings
from videoacta.replay import replay
from videoacta.tally import Tally, tally


class TallyRun(Frozen):
    session: Session
    proceedings: Proceedings
    tally: Tally


def run_tally(folder: Path) -> TallyRun:
    """Load a session folder, replay its vote log and count every vote."""
    session = inputs.load_session(folder)
    log = inputs.load_log(folder, session)
    proceedings = replay(session, log)
    result = tally(session, proceedings, source=log.source)
    return TallyRun(session=session, proceedings=proceedings, tally=result)
