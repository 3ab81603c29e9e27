"""What every section of the acta needs: the models, the labels, names, times and links."""

import datetime as dt
import zoneinfo

from videoacta.core.proceedings import Proceedings
from videoacta.core.published import Publication, PublishedItem, publication
from videoacta.core.session import Session
from videoacta.core.tally import Tally, TallyRun
from videoacta.core.terms import MemberRole
from videoacta.core.video_index import Index, IndexedItem
from videoacta.labels import Labels
from videoacta.labels import formatting as fmt


class Context:
    """A session, what of it may be published, and its index, seen through one language's labels.

    `item_links` is filled while the items are laid out, and read when the agenda index
    (recorded last, set before the items) links each item and gives its page.
    """

    def __init__(
        self, run: TallyRun, index: Index, labels: Labels, view: Publication | None = None
    ) -> None:
        self.session: Session = run.session
        self.proceedings: Proceedings = run.proceedings
        self.tally: Tally = run.tally
        self.index = index
        self.labels = labels
        self.formats = labels.formats
        self.zone = zoneinfo.ZoneInfo(run.session.timezone)
        self.view: Publication = view or publication(run.session, run.proceedings, run.tally)
        self.names = {p.id: p.name for p in self.view.people}
        self.group_names = {g.id: g.name for g in self.view.political_groups}
        self.member_groups = {p.id: p.group for p in self.view.roster}
        self.item_links: dict[int, int] = {}

    def name(self, person: str) -> str:
        return self.names.get(person, person)

    def group_of(self, person: str) -> str:
        group = self.member_groups.get(person)
        return self.group_name(group) if group else ""

    def group_name(self, group: str) -> str:
        return self.group_names.get(group, group)

    def group_or_office(self, person: str) -> str:
        """A member's group; the secretary's or comptroller's office, as the session gives it."""
        session = self.session
        if person == session.secretary.id:
            return session.secretary.title or self.labels.secretary
        if session.comptroller is not None and person == session.comptroller.id:
            return session.comptroller.title or self.labels.comptroller
        return self.group_of(person)

    @property
    def chair_title(self) -> str:
        """The chair's office: `chair_title` as the session gives it, else the mayoralty for a
        mayor, else the presidency."""
        session = self.session
        if session.chair_title:
            return session.chair_title
        chair = session.member(session.chair)
        mayor = chair is not None and chair.role is MemberRole.MAYOR
        return self.labels.mayor_role if mayor else self.labels.chair_role

    def clock(self, moment: dt.datetime) -> str:
        return fmt.clock(moment, self.zone)

    def count(self, value: float) -> str:
        return fmt.count(value, self.formats)

    def video_link(self, seconds: float) -> str | None:
        """`recording.mp4#t=75.5`, relative to the package; None if there is no recording."""
        if self.index.recording is None:
            return None
        return f"{self.index.recording.file}#t={fmt.fragment(seconds)}"

    def indexed(self, number: int) -> IndexedItem | None:
        return next((item for item in self.index.items if item.number == number), None)

    def published(self, number: int) -> PublishedItem | None:
        return self.view.item(number)

    def public(self, number: int) -> bool:
        """False for an item debated in camera (ROF 88.1): no deliberation, no member's vote."""
        return self.view.public(number)

    def playable(self, number: int) -> bool:
        """Whether the acta may link an item's place in the recording (not in camera)."""
        return self.view.playable(number)
