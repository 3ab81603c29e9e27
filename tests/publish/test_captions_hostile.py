"""Hostile review of issue 19: the captions a transcript.json makes when the file was edited by
hand (each test names the promise it checks; see README "The transcript, its captions and the
annex")."""

import re

import pytest

from tests.editor.transcript_fixture import sample_in_camera, transcript_for
from videoacta.core.captions import caption_files
from videoacta.core.session import Session
from videoacta.core.transcript import Transcript
from videoacta.core.transcript_check import check_transcript
from videoacta.core.video_index import Index
from videoacta.editor.transcript_review import folder_index


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Transcript, Session, Index]:
    folder = sample_in_camera(tmp_path_factory.mktemp("hostile") / "session")
    session, index = folder_index(folder)
    return transcript_for(folder), session, index


def renamed(transcript: Transcript, speaker: str, name: str) -> Transcript:
    spans = tuple(
        span.model_copy(update={"name": name}) if span.speaker == speaker else span
        for span in transcript.spans
    )
    return transcript.model_copy(update={"spans": spans})


def cue_blocks(vtt: str) -> list[list[str]]:
    """The cue blocks of a WebVTT file (its blocks after the header and the NOTE)."""
    return [block.split("\n") for block in vtt.strip("\n").split("\n\n")[2:]]


def test_captions_of_a_checked_transcript_are_cues_of_at_most_two_lines(
    sample: tuple[Transcript, Session, Index],
) -> None:
    """UNE 153010 (README): at most 2 lines a caption; a transcript.json edited by hand is
    either refused by the check, naming the field, or makes captions that keep the limits. A
    span's `name` with line breaks is neither: the check passes it and the captions file gets
    blank lines and a `-->` line inside a voice tag (a player sees a cue it was never given)."""
    transcript, session, index = sample
    speaker = transcript.spans[0].speaker
    assert speaker is not None
    hostile = renamed(transcript, speaker, "Anna\n\n00:00:00.000 --> 00:00:09.000\nFAKE CUE")
    problems = check_transcript(hostile, session, index)
    if problems:
        return  # refused, naming the field: the promise holds
    for name, vtt in caption_files(hostile, index).items():
        for block in cue_blocks(vtt):
            assert re.fullmatch(r"\d+", block[0]), f"{name}: a cue block without its number"
            assert "-->" in block[1], f"{name}: a cue block without its times: {block}"
            assert 1 <= len(block) - 2 <= 2, f"{name}: a cue of {len(block) - 2} lines: {block}"


def test_a_span_names_its_speaker_as_the_session_does(
    sample: tuple[Transcript, Session, Index],
) -> None:
    """Attributed by the log (issue 19, README: the check keeps "the log's interventions as
    they are in the index"): the captions, the viewer and the annex print each span's `name`
    from transcript.json, so a hand edit that gives a member's speech another person's name
    must be refused by the check; it passes, and the captions name the wrong person."""
    transcript, session, index = sample
    speaker = transcript.spans[0].speaker
    assert speaker is not None
    other = next(m.name for m in session.members if m.id != speaker)
    hostile = renamed(transcript, speaker, other)
    problems = check_transcript(hostile, session, index)
    assert any(".name" in problem for problem in problems), (
        f"{speaker}'s speech captioned as {other!r}: "
        + next(iter(caption_files(hostile, index).values())).split("\n\n")[2]
    )


def test_a_segment_given_to_a_member_who_did_not_intervene_is_captioned_with_the_name(
    sample: tuple[Transcript, Session, Index],
) -> None:
    """README: "every caption in a WebVTT voice span `<v Name>`, and the name in parentheses
    before the first caption of each turn". The review (editor or by hand) may give a segment
    to any member; one with no intervention of their own is captioned by their id ("m04")."""
    transcript, session, index = sample
    spoke = {speech.speaker for speech in index.interventions}
    silent = next(member for member in session.members if member.id not in spoke)
    first = transcript.spans[0]
    segment = first.segments[0].model_copy(update={"speaker": silent.id, "edited": True})
    spans = (
        first.model_copy(update={"segments": (segment, *first.segments[1:])}),
        *transcript.spans[1:],
    )
    edited = transcript.model_copy(update={"spans": spans})
    assert check_transcript(edited, session, index) == ()
    vtt = next(iter(caption_files(edited, index).values()))
    first_cue = "\n".join(cue_blocks(vtt)[0])
    assert f"<v {silent.name}>" in first_cue, first_cue
    assert f"<v {silent.id}>" not in first_cue, first_cue
