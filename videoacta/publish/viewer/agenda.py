"""The agenda beside the video: one card per item, its interventions and its votes.

An item debated in camera (ROF 88.1) gets its title, its result and its totals only: no button
into the recording, no interventions, no per-group or per-member votes.
"""

from videoacta.core.proceedings import ItemStatus
from videoacta.core.published import Disclosure
from videoacta.core.timeline import Placement
from videoacta.core.video_index import IndexedItem
from videoacta.publish.viewer.context import Page, offset
from videoacta.publish.viewer.html import Html, el
from videoacta.publish.viewer.votes import counts_list, rounds_block


def agenda(page: Page) -> Html:
    """The ordered list of agenda items."""
    return el("ol", [item_card(page, item) for item in page.index.items], class_="agenda-list")


def item_card(page: Page, item: IndexedItem) -> Html:
    public = page.public(item.number)
    classes = ["item", item.status.value]
    if not public:
        classes.append("in-camera")
    body = [_heading(page, item), _notes(page, item, public)]
    rounds = page.rounds(item.number)
    if rounds and public:
        final = rounds[-1].count
        outcome = el("strong", page.labels(f"result_{final.result.value}"))
        body.append(el("p", outcome, class_=f"outcome {final.result.value}"))
        secret = rounds[-1].disclosure is Disclosure.BALLOT
        body.append(counts_list(page, final.counts, brief=True, secret=secret))
    if public:
        more = [el("h4", page.labels("interventions")), _interventions(page, item)]
        more.append(rounds_block(page, item.number))
        body.append(el("details", el("summary", page.labels("details")), more, class_="more"))
    elif rounds:
        body.append(rounds_block(page, item.number))
    return el("li", body, id=f"item-{item.number}", class_=" ".join(classes))


def _heading(page: Page, item: IndexedItem) -> Html:
    number = el("span", f"{item.number}.", class_="num")
    title = el("span", item.title, class_="title")
    if not page.seekable(item):
        return el("h3", number, " ", title, class_="item-title")
    assert item.start is not None
    starts_at = el("span", page.labels("starts_at"), class_="sr")
    when = el("span", starts_at, " ", offset(item.start), class_="at")
    button = el(
        "button",
        number,
        " ",
        title,
        " ",
        when,
        type="button",
        class_="jump seek",
        data_seek=item.start,
        data_item=item.number,
    )
    return el("h3", button, class_="item-title")


def _notes(page: Page, item: IndexedItem, public: bool) -> Html:
    labels = page.labels
    notes = []
    if item.status is not ItemStatus.DEALT:
        notes.append(el("span", labels(f"status_{item.status.value}"), class_="status"))
    if not public:
        notes.append(el("span", labels("in_camera"), class_="badge in-camera"))
    elif item.placement is Placement.NOT_RECORDED and item.status is not ItemStatus.NOT_DEALT:
        notes.append(el("span", labels("not_recorded"), class_="note"))
    elif item.placement is Placement.PARTIAL:
        notes.append(el("span", labels("partially_recorded"), class_="note"))
    return el("p", notes, class_="item-notes") if notes else Html("")


def _interventions(page: Page, item: IndexedItem) -> Html:
    """Who spoke, for which group, and from when: each time plays the recording from there."""
    labels = page.labels
    speeches = [s for s in page.index.interventions if s.item == item.number]
    if not speeches:
        return el("p", labels("no_interventions"), class_="note")
    rows = []
    for speech in speeches:
        when = page.clock(speech.wall_start)
        if page.index.recording is not None:
            when = el("button", when, type="button", class_="seek", data_seek=speech.start)
        rows.append(
            el(
                "tr",
                el("th", speech.name, scope="row"),
                el("td", page.group_name(speech.group)),
                el("td", when),
            )
        )
    head = el("tr", *(el("th", labels(k), scope="col") for k in ("speaker", "group", "from")))
    table = el("table", el("thead", head), el("tbody", rows), class_="interventions")
    return el("div", table, class_="scroll")
