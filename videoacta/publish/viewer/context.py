"""What every part of the page needs: the models, the labels, and how times are written."""

import datetime as dt
import unicodedata
import zoneinfo

from videoacta.core.session import Session
from videoacta.core.tally import RoundResult, Tally
from videoacta.core.timeline import Placement
from videoacta.core.video_index import Index, IndexedItem
from videoacta.publish.viewer.labels import Labels


class Page:
    """The models a page is made from, looked up by item, member and group."""

    def __init__(self, session: Session, tally: Tally, index: Index) -> None:
        self.session = session
        self.tally = tally
        self.index = index
        self.labels = Labels(session.language.value)
        self.zone = zoneinfo.ZoneInfo(session.timezone)
        self.names = {m.id: m.name for m in session.members}
        self.names.update({o.id: o.name for o in session.officials})
        self.groups = {g.id: g.name for g in session.groups}
        self.member_groups = {m.id: m.group for m in session.members}

    def rounds(self, item: int) -> tuple[RoundResult, ...]:
        return next((i.rounds for i in self.tally.items if i.number == item), ())

    def public(self, item: int) -> bool:
        """False for an item debated in camera (ROF 88.1), whose deliberation is not published."""
        spec = self.session.item(item)
        return spec is not None and not spec.in_camera

    def seekable(self, item: IndexedItem) -> bool:
        """Whether the page may offer to play the recording from this item."""
        return (
            self.index.recording is not None
            and not item.in_camera
            and self.public(item.number)
            and item.start is not None
            and item.placement is not Placement.NOT_RECORDED
        )

    def clock(self, moment: dt.datetime) -> str:
        """A wall-clock time in the session's time zone, as 19:03:11."""
        return moment.astimezone(self.zone).strftime("%H:%M:%S")

    def group_name(self, group: str | None) -> str:
        return "" if group is None else self.groups.get(group, group)


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
