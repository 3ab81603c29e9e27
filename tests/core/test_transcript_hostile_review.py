"""A hostile review of transcript.json's model and check (pure): each test a promise broken."""

import pytest
from pydantic import ValidationError

from tests.core.test_transcript import SESSION, _edit, _index, _transcript
from videoacta.core.transcript import Review, content_digest
from videoacta.core.transcript_check import check_transcript


@pytest.mark.parametrize("character", ["\x85", "\x9b"], ids=["NEL", "CSI"])
def test_transcript_check_refuses_a_c1_control_character_in_a_segments_text(
    character: str,
) -> None:
    """README `transcript check`: text "without control characters, line breaks or `-->`".
    U+0085 (NEXT LINE) is a control character and a line break; U+009B is the 8-bit CSI that
    starts a terminal's escape sequence (the check prints the text back)."""
    edited = _edit(_transcript(), 1, 0, text=f"Proposo{character}aprovar-ho.")
    problems = check_transcript(edited, SESSION, _index())
    assert any(p.startswith("spans[1].segments[0].text:") for p in problems), problems


def test_a_transcript_is_not_reviewed_without_a_reviewer() -> None:
    """Issue 19: a transcript counts as reviewed only when the secretary reviewed it; README:
    the status is "reviewed by NAME on DATE". A file that says reviewed, with the right digest
    but nobody's name nor a time, is shown as "reviewed" (and may be the acta's annex)."""
    transcript = _transcript()
    with pytest.raises(ValidationError, match="reviewed_by: missing"):
        Review(status="reviewed", content_digest=content_digest(transcript))
