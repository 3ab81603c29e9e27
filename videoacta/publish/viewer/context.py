"""What every part of the page needs: the models, the labels, and how times are written."""

import datetime as dt
import unicodedata
import zoneinfo

from videoacta.core.published import Publication, PublishedRound
from videoacta.core.session import Session
from videoacta.core.timeline import Placement
from videoacta.core.video_index import Index, IndexedItem
from videoacta.publish.viewer.labels import Labels


class Page:
    """The models a page is made from, looked up by item, member and group.

    What the page may show of the session's votes and deliberation comes from `view`.
    """

    def __init__(self, session: Session, view: Publication, index: Index) -> None:
        self.session = session
        self.view = view
        self.index = index
        self.labels = Labels(session.language.value)
        self.zone = zoneinfo.ZoneInfo(session.timezone)
        self.names = {p.id: p.name for p in view.people}

    def rounds(self, item: int) -> tuple[PublishedRound, ...]:
        return self.view.rounds(item)

    def public(self, item: int) -> bool:
        """False for an item debated in camera (ROF 88.1), whose deliberation is not published."""
        return self.view.public(item)

    def seekable(self, item: IndexedItem) -> bool:
        """Whether the page may offer to play the recording from this item."""
        return (
            self.index.recording is not None
            and self.view.playable(item.number)
            and item.start is not None
            and item.placement is not Placement.NOT_RECORDED
        )

    def clock(self, moment: dt.datetime) -> str:
        """A wall-clock time in the session's time zone, as 19:03:11."""
        return moment.astimezone(self.zone).strftime("%H:%M:%S")

    def group_name(self, group: str | None) -> str:
        return self.view.group_name(group)


def offset(seconds: float) -> str:
    """A position in the recording, as 2:41 or 1:02:41."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def number(value: float) -> str:
    """A count: whole numbers without a decimal point, weights with up to three decimals."""
    return str(int(value)) if value == int(value) else f"{value:.3f}".rstrip("0")


def collation(name: str) -> tuple[str, str]:
    """Sort key for names: accents and case ignored first (Àngels before Bernat), then kept."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return bare.casefold(), name
