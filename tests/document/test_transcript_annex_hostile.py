"""Hostile review of issue 19: the acta's annex of a transcript.json edited by hand."""

from pathlib import Path

from click.testing import CliRunner

from tests.document.test_transcript_annex import with_annex
from tests.publish.test_transcript_package import session_with
from tests.transcripts import REVIEWED_AT, transcript_of
from videoacta.cli import cli


def test_an_annexed_reviewer_name_the_acta_cannot_print_is_refused_naming_the_field(
    tmp_path: Path,
) -> None:
    """README ("The transcript, its captions and the annex"): every character of the annexed
    transcript must be one the acta's fonts draw; otherwise the build stops "in one line
    naming session.toml's transcript.annex (or the segment's text)", and house rule: errors
    name the file and the field. `videoacta transcript check --reviewed-by` takes any
    printable name (an emoji is printable); the annex prints it, and the build fails late
    naming acta.pdf, not transcript.json's review.reviewed_by."""
    session, index = session_with(tmp_path, "session")
    reviewed = transcript_of(index).marked_reviewed("Marta Puig \U0001f600", REVIEWED_AT)
    (session / "transcript.json").write_text(reviewed.model_dump_json(), "utf-8")
    with_annex(session)
    result = CliRunner().invoke(cli, ["build", str(session), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert "transcript.json" in errors[0], errors[0]
    assert "reviewed_by" in errors[0], errors[0]
    assert not (tmp_path / "out").exists()


def test_a_review_without_its_time_is_refused_in_one_line_not_a_traceback(tmp_path: Path) -> None:
    """House rule: every hostile input a one-line error, a documented exit code, never a
    traceback. transcript.json edited by hand (README: reviewed "by editing the files") with
    `review.status = "reviewed"` and the right digest but no `reviewed_at` is taken as
    reviewed (`Transcript.reviewed`) and passes the annex's rule; the annex then asserts."""
    session, index = session_with(tmp_path, "session")
    reviewed = transcript_of(index, reviewed=True)
    review = reviewed.review.model_copy(update={"reviewed_at": None})
    (session / "transcript.json").write_text(
        reviewed.model_copy(update={"review": review}).model_dump_json(), "utf-8"
    )
    with_annex(session)
    result = CliRunner().invoke(cli, ["build", str(session), "--out", str(tmp_path / "out")])
    assert not isinstance(result.exception, AssertionError), repr(result.exception)
    assert result.exit_code == 3, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert "transcript.json" in errors[0], errors[0]
    assert not (tmp_path / "out").exists()
