"""The index of a session placed on its recording, without writing or hashing any video.

What `videoacta index` puts in index.json about the session (the items, the interventions and
the votes on the recording's timeline), from the same probes and the same placement, for the
commands that only need to know where things are: checking a transcript against its session.
The parts are listed without their digests (`parts` is empty): nothing is hashed here.
"""

from videoacta.core.video_index import Index, SessionRef, place_interventions, place_people
from videoacta.media.index_stage import Placed


def placed_index(placed: Placed) -> Index:
    """The index `write_index` would make of `placed`, less the files it writes and hashes."""
    run = placed.run
    return Index(
        session=SessionRef.of(run.session, run.proceedings),
        duration=placed.timeline.duration,
        clock_offset=run.session.recording.clock_offset,
        parts=(),
        items=placed.items,
        interventions=place_interventions(placed.view, placed.timeline),
        people=place_people(placed.view),
        votes=placed.votes,
        warnings=placed.warnings(),
    )
