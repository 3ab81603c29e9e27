"""The static viewer page: one self-contained index.html, made from the published view.

The page is rendered from the session's models and the package's static assets (read from the
installed package), then written into the package folder, atomically.

Everything the page needs is inlined: its style, its script, its labels in every language and
the chapters track (as a data: URL, because Chromium refuses a track file next to a page opened
from file://, and because the in-camera items' chapters must not be offered). The page refers
only to the recording and the posters beside it, and its Content-Security-Policy forbids any
other fetch but signatures.json's (who signed, written by `sign` after the page).
"""

import base64
import hashlib
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from string import Template

from videoacta.artefacts import Artefact, write_artefact
from videoacta.core.captions import caption_files, captions_file
from videoacta.core.chapters import webvtt
from videoacta.core.public_cut import public_index
from videoacta.core.published import Publication, publication
from videoacta.core.tally import TallyRun
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import Index
from videoacta.publish.viewer.agenda import agenda
from videoacta.publish.viewer.context import Page
from videoacta.publish.viewer.html import Html, el, escape, script_json
from videoacta.publish.viewer.integrity import SignatureSummary, integrity
from videoacta.publish.viewer.labels import LANGUAGES, catalogue
from videoacta.publish.viewer.transcript import Kept, captions_track, transcript_panel
from videoacta.version import __version__

VIEWER_FILE = "index.html"
# The page of the public copy (ROF 88.1): it plays the public rendition, with its chapters.
PUBLIC_VIEWER_FILE = "index.public.html"


def asset(name: str) -> str:
    return files("videoacta.publish.viewer").joinpath("static", name).read_text("utf-8")


def render_viewer(
    *,
    run: TallyRun,
    index: Index,
    signatures: Sequence[SignatureSummary] = (),
    view: Publication | None = None,
    transcript: Transcript | None = None,
    captions: str | None = None,
    kept: Kept | None = None,
) -> str:
    """The viewer page of a package, as HTML text: what the published view of `run` shows
    (`view`, if made already); with `transcript`, its `captions` (WebVTT) as a track and the
    transcript's panel (times mapped through `kept` on the public page)."""
    session = run.session
    view = view or publication(session, run.proceedings, run.tally)
    page = Page(session, view, index)
    style, script = asset("viewer.css"), asset("viewer.js")
    if transcript is not None:  # a page without one is as before, byte for byte
        style, script = style + asset("transcript.css"), script + asset("transcript.js")
    track = (
        None
        if transcript is None or captions is None
        else captions_track(page, transcript, captions)
    )
    panel = None if transcript is None else transcript_panel(page, transcript, kept)
    main = _main(page, integrity(page, signatures), track, panel)
    body = [_header(page), main, el("footer", _colophon(page))]
    return Template(asset("page.html")).substitute(
        language=session.language.value,
        policy=_policy(style, script),
        generator=escape(f"videoacta {__version__}"),
        title=escape(_title(page)),
        style=style,
        body=escape(body),
        data=script_json(_data(page)),
        script=script,
    )


def write_viewer(
    folder: Path,
    *,
    run: TallyRun,
    index: Index,
    signatures: Sequence[SignatureSummary] = (),
    view: Publication | None = None,
    transcript: Transcript | None = None,
) -> Artefact:
    """Write `index.html` into a package folder, atomically; return it as an artefact."""
    captions = None if transcript is None else caption_files(transcript, index)
    vtt = (
        None
        if transcript is None or captions is None
        else captions[captions_file(transcript.language)]
    )
    text = render_viewer(run=run, index=index, signatures=signatures, view=view,
                         transcript=transcript, captions=vtt)  # fmt: skip
    return write_artefact(folder, VIEWER_FILE, text.encode("utf-8"))


def write_public_viewer(
    folder: Path,
    *,
    run: TallyRun,
    index: Index,
    signatures: Sequence[SignatureSummary] = (),
    view: Publication | None = None,
    transcript: Transcript | None = None,
) -> Artefact | None:
    """Write `index.public.html`, the page of the public rendition, when the index has one."""
    if index.public is None:
        return None
    shown = public_index(index)
    vtt = None
    if transcript is not None:
        vtt = caption_files(transcript, index)[captions_file(transcript.language, public=True)]
    text = render_viewer(run=run, index=shown, signatures=signatures, view=view,
                         transcript=transcript, captions=vtt, kept=index.public.kept)  # fmt: skip
    return write_artefact(folder, PUBLIC_VIEWER_FILE, text.encode("utf-8"))


def write_pages(
    folder: Path,
    *,
    run: TallyRun,
    index: Index,
    signatures: Sequence[SignatureSummary] = (),
    view: Publication | None = None,
    transcript: Transcript | None = None,
) -> tuple[Artefact, ...]:
    """Write index.html, and index.public.html when the index has a public rendition."""
    page = write_viewer(
        folder, run=run, index=index, signatures=signatures, view=view, transcript=transcript
    )
    public = write_public_viewer(
        folder, run=run, index=index, signatures=signatures, view=view, transcript=transcript
    )
    return (page,) if public is None else (page, public)


def _policy(style: str, script: str) -> str:
    """Only the inlined style and script run; media and images come from the package alone."""

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")

    return (
        "default-src 'none'; img-src 'self' data:; media-src 'self' data:; connect-src 'self'; "
        f"style-src 'sha256-{digest(style)}'; script-src 'sha256-{digest(script)}'; "
        "base-uri 'none'; form-action 'none'"
    )


def _title(page: Page) -> str:
    session = page.session
    kind = page.labels.text(f"session_{session.kind.value}")
    return f"{session.body.name} — {kind} {session.number}"


def _header(page: Page) -> Html:
    labels, session = page.labels, page.session
    opened, closed = page.index.session.opened, page.index.session.closed
    date = el("time", session.date.strftime("%d/%m/%Y"), datetime=session.date.isoformat())
    hours = f"{page.clock(opened)}\N{EN DASH}{page.clock(closed)}"
    when = [date, f" · {hours} · ", session.place]
    heading = [labels(f"session_{session.kind.value}"), f" {session.number}"]
    intro = el(
        "div",
        el("p", session.body.name, class_="body-name"),
        el("h1", heading),
        el("p", when, class_="when"),
    )
    options = [
        el("option", catalogue()[code]["language_name"], value=code, lang=code)
        for code in LANGUAGES
    ]
    chooser = el(
        "div",
        el("label", labels("language"), for_="language"),
        el("select", options, id="language", data_initial=session.language.value),
        class_="language",
        hidden=True,
    )
    skip = el("a", labels("skip_to_agenda"), href="#agenda", class_="skip")
    return Html(skip + el("header", intro, chooser, class_="masthead"))


def _main(page: Page, summary: Html, track: Html | None, panel: Html | None) -> Html:
    """The player and the agenda side by side, and the integrity summary after the agenda (on
    a wide screen it fills the column under the video)."""
    labels = page.labels
    now = el("p", el("span", labels("now_playing")), " ", _nothing(page), class_="now")
    note = el("p", labels("times_note", tz=page.session.timezone), class_="times-note")
    player = el(
        "section",
        el("h2", labels("recording"), id="recording-heading", class_="sr"),
        _video(page, track),
        now,
        note,
        class_="player",
        aria_labelledby="recording-heading",
    )
    listing = el(
        "section",
        el("h2", labels("agenda"), id="agenda-heading"),
        agenda(page),
        id="agenda",
        class_="agenda",
        aria_labelledby="agenda-heading",
        tabindex=-1,
    )
    return el("main", player, listing, summary, panel, class_="layout")


def _nothing(page: Page) -> Html:
    text = page.labels.text("nothing_playing")
    return el("span", text, id="now-playing", data_l10n="nothing_playing", aria_live="polite")


def _video(page: Page, captions: Html | None) -> Html:
    recording = page.index.recording
    if recording is None:
        return el("p", page.labels("no_recording"), class_="note")
    kind = "video/mp4" if recording.container == "mp4" else None
    fallback = el("p", page.labels("no_video_support", file=recording.file))
    return el(
        "video",
        el("source", src=recording.file, type=kind),
        _track(page),
        captions,
        fallback,
        id="video",
        controls=True,
        preload="metadata",
        playsinline=True,
        poster=_poster(page),
        **page.labels.attribute("aria-label", "recording"),
    )


def _track(page: Page) -> Html:
    """The chapters of the items that may be shown, as a WebVTT data: URL."""
    chapters = page.view.public_chapters(page.index.chapters)
    vtt = base64.b64encode(webvtt(chapters).encode("utf-8")).decode("ascii")
    return el(
        "track",
        kind="chapters",
        src=f"data:text/vtt;base64,{vtt}",
        srclang=page.session.language.value,
        default=True,
        **page.labels.attribute("label", "chapters"),
    )


def _poster(page: Page) -> str | None:
    return next(
        (item.poster for item in page.index.items if item.poster and page.seekable(item)), None
    )


def _data(page: Page) -> dict[str, object]:
    """What viewer.js needs: the labels and the public items' places in the recording."""
    items = [
        {"number": i.number, "title": f"{i.number}. {i.title}", "start": i.start, "end": i.end}
        for i in page.index.items
        if page.seekable(i)
    ]
    return {
        "language": page.session.language.value,
        "timezone": page.session.timezone,
        "labels": catalogue(),
        "items": items,
    }


def _colophon(page: Page) -> Html:
    return el("p", page.labels("generated_by", version=__version__), class_="colophon")
