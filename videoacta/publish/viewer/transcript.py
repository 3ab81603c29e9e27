"""The transcript on the page: the captions track under the video, and a panel of what was
said, each stretch a link into the recording, with a search box (viewer.js filters it).

Every span with text is one turn: who had the floor, their group, when; each segment a link to
its start (`#t=SECONDS`, which also works with the keyboard and without the script). The panel
says "automatic, not reviewed" unless the transcript was reviewed and not changed since. On the
public page, times are on the public rendition's timeline (`kept`); the items debated in camera
have no text in a transcript (core/transcript_check.py refuses one that has).
"""

import base64
from collections.abc import Sequence

from videoacta.core.public_cut import to_cut
from videoacta.core.transcript import Segment, Span, Transcript
from videoacta.publish.viewer.context import Page, offset
from videoacta.publish.viewer.html import Html, el

Kept = Sequence[tuple[float, float]]


def captions_track(page: Page, transcript: Transcript, vtt: str) -> Html:
    """The captions as a selectable track (a data: URL, as the chapters: see page.py)."""
    key = "captions_reviewed" if transcript.reviewed else "captions_automatic"
    data = base64.b64encode(vtt.encode("utf-8")).decode("ascii")
    return el(
        "track",
        kind="captions",
        src=f"data:text/vtt;base64,{data}",
        srclang=transcript.language,
        id="captions",
        **page.labels.attribute("label", key),
    )


def notice(page: Page, transcript: Transcript) -> Html:
    """Reviewed by whom and when, or automatic and not reviewed."""
    reviewer = transcript.reviewer()
    if reviewer is not None:
        by, at = reviewer
        day = at.date().strftime("%d/%m/%Y")
        text = page.labels("transcript_reviewed", by=by, date=day)
        return el("p", text, class_="transcript-notice reviewed")
    return el("p", page.labels("transcript_automatic"), class_="transcript-notice automatic")


def transcript_panel(page: Page, transcript: Transcript, kept: Kept | None) -> Html:
    """The section: heading, notice, search box, and the turns."""
    labels = page.labels
    search = el(
        "div",
        el("label", labels("transcript_search"), for_="transcript-search"),
        el(
            "input",
            type="search",
            id="transcript-search",
            autocomplete="off",
            spellcheck="false",
            aria_controls="transcript-turns",
        ),
        el("p", "", id="transcript-count", class_="transcript-count", aria_live="polite"),
        class_="transcript-search",
        hidden=True,  # shown by viewer.js: without the script there is nothing to search with
    )
    turns = [_turn(page, span, kept) for span in transcript.spans if span.segments]
    return el(
        "section",
        el("h2", labels("transcript"), id="transcript-heading"),
        notice(page, transcript),
        search,
        el("ol", turns, id="transcript-turns", class_="transcript-turns"),
        id="transcript",
        class_="transcript",
        aria_labelledby="transcript-heading",
    )


def _turn(page: Page, span: Span, kept: Kept | None) -> Html:
    who = span.name or page.names.get(span.speaker or "", span.speaker or "")
    group = page.group_name(span.group) if span.group else None
    start = _moment(span.start, kept)
    head = [
        el("span", who or page.labels.text("transcript_unattributed"), class_="who"),
        el("span", group, class_="group") if group else "",
        el("a", offset(start), href=f"#t={start:.3f}", data_seek=f"{start:.3f}", class_="at"),
    ]
    segments = [_segment(page, segment, span, kept) for segment in span.segments]
    return el("li", el("p", head, class_="turn-head"), el("p", segments, class_="turn-text"),
              class_="turn")  # fmt: skip


def _segment(page: Page, segment: Segment, span: Span, kept: Kept | None) -> Html:
    start = _moment(segment.start, kept)
    other = segment.speaker is not None and segment.speaker != span.speaker
    prefix = f"({page.names.get(segment.speaker or '', segment.speaker)}) " if other else ""
    link = el("a", prefix + segment.text, href=f"#t={start:.3f}", data_seek=f"{start:.3f}",
              class_="segment", id=f"seg-{segment.id}")  # fmt: skip
    return Html(link + " ")


def _moment(seconds: float, kept: Kept | None) -> float:
    return seconds if kept is None else to_cut(seconds, kept)
