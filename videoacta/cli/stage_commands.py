"""The commands that run the stages: index, render, and build (all of them, then certify)."""

from pathlib import Path
from typing import Any

import click

from videoacta import pipeline
from videoacta.cli import hints
from videoacta.cli.common import (
    SESSION_DIR,
    ProgressBars,
    out_option,
    print_json,
    prompt,
    user_errors,
)
from videoacta.cli.publish_commands import csv_options, csv_settings
from videoacta.cli.signing_commands import sign_options, signer_options
from videoacta.cli.transcribe_command import model_option, options_of
from videoacta.core.identity import Role
from videoacta.core.terms import Language
from videoacta.media import video


@click.command()
@click.argument("session_dir", type=SESSION_DIR)
@out_option("The index folder to write (made atomically).")
@click.option("--mkv", is_flag=True, help="Write recording.mkv instead of recording.mp4.")
@click.option("--clips", is_flag=True, help="Also cut clips/NN.mp4, one per item (stream copy).")
@click.option(
    "--exact-clips", is_flag=True, help="Cut clips frame-exact by re-encoding (implies --clips)."
)
@click.option("--force", is_flag=True, help="Replace an existing unsigned index folder.")
@click.option("--replace-signed", is_flag=True, help="With --force, replace even a signed package.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print the index as JSON.")
def index(
    session_dir: Path, out: Path, mkv: bool, clips: bool, exact_clips: bool, force: bool,
    replace_signed: bool, quiet: bool, as_json: bool,
) -> None:  # fmt: skip
    """Place every agenda item in the recording and write the video outputs.

    Probes the recording parts of SESSION_DIR, finds when each started, joins them by stream
    copy (never re-encoding) with a chapter per agenda item, takes a poster per item and hashes
    every part and output. Writes index.json, chapters.vtt, recording.mp4 and posters/ into OUT.

    \b
    Example:
      videoacta index samples/2026-10-29-ple-ordinari --out out/index
    """
    mode = video.ClipMode.EXACT if exact_clips else video.ClipMode.KEYFRAME if clips else None
    container = video.Container.MKV if mkv else video.Container.MP4
    with user_errors(), ProgressBars(enabled=not quiet and not as_json) as bars:
        result = pipeline.run_index(
            session_dir, out, container=container, clips=mode, force=force,
            replace_signed=replace_signed, progress=bars,
        )  # fmt: skip
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    recorded = sum(1 for item in result.items if item.start is not None)
    click.echo(
        f"Indexed {recorded} of {len(result.items)} items in {result.duration:.1f} s of "
        f"recording ({len(result.parts)} parts) into {out}"
    )


@click.command()
@click.argument("session_dir", type=SESSION_DIR)
@out_option(
    "The index folder made by `videoacta index`; acta.pdf and its data go into it.", exists=True
)
@click.option(
    "--lang",
    type=click.Choice([language.value for language in Language]),
    help="Language of the document (default: the session's).",
)
@click.option("--force", is_flag=True, help="Replace an existing acta.pdf (never a signed one).")
@csv_options
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def render(
    session_dir: Path, out: Path, lang: str | None, force: bool, quiet: bool, as_json: bool,
    csv_key_file: Path | None, csv_generation: int,
) -> None:  # fmt: skip
    """Write the acta: a tagged PDF/A-3a (PDF/UA-1) summary and agenda index, its data embedded.

    Reads OUT/index.json (made by `videoacta index` from the same SESSION_DIR), checks the size
    and SHA-256 it gives each recording part and the recording against the files, and writes into
    OUT, each file atomically: votes.popolo.json, votes.csv, index.html (the viewer), manifest.json
    (size and SHA-256 of every other file, and of the original recording parts) and acta.pdf,
    which embeds the manifest, index.json and the vote files and has two empty signature fields
    (the secretary certifies, the chair gives the visto bueno). The same files as `build` makes
    without a signer.

    \b
    Example:
      videoacta render samples/2026-10-29-ple-ordinari --out out/index
    """
    language = Language(lang) if lang else None
    csv = csv_settings(csv_key_file, csv_generation)
    with user_errors(), ProgressBars(enabled=not quiet and not as_json) as bars:
        result = pipeline.run_render(
            session_dir, out, language=language, force=force, csv=csv, progress=bars
        )
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    click.echo(
        f"Wrote {result.document} ({result.pages} pages, {result.language.value}) and "
        f"{', '.join(path.name for path in result.files if path != result.document)}"
    )


@click.command()
@click.argument("session_dir", type=SESSION_DIR)
@out_option("Where packages go: the package is OUT/SESSION-ID, made atomically.")
@signer_options
@csv_options
@click.option("--force", is_flag=True, help="Replace an existing unsigned package.")
@click.option("--replace-signed", is_flag=True, help="With --force, replace even a signed package.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option(
    "--eni",
    "eni",
    is_flag=True,
    help="Also write the ENI files (as `videoacta eni`), with the same signer.",
)
@click.option(
    "--transcribe", is_flag=True, help="Transcribe the speech after the index stage (--model)."
)
@model_option(required=False)
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON.")
def build(
    session_dir: Path, out: Path, force: bool, replace_signed: bool, quiet: bool, eni: bool,
    as_json: bool, **values: Any,
) -> None:  # fmt: skip
    """Build the whole video-minutes package of a session, and certify it as the secretary.

    Runs every stage: checks and counts the votes, places the session on its recording
    (stream copy with chapters, posters, hashes), writes the open data, the viewer page, the
    manifest and the acta (tagged PDF/A-3a, UA-1; manifest embedded), then signs the acta with the
    secretary's certificate if a signer is given. Without signer options the package is left
    unsigned, for the secretary to sign later with `videoacta sign`. With --eni (which needs
    a signer) it also files the certified package as `videoacta eni` does. With --transcribe
    --model DIR it transcribes the speech as `videoacta transcribe` does (the session folder
    must have no transcript.json) and hands the transcript to the outputs.

    \b
    Example:
      videoacta build samples/2026-10-29-ple-ordinari --out out --pkcs12 secretary.p12 --eni
    """
    csv = csv_settings(values.pop("csv_key_file"), values.pop("csv_generation"))
    transcription = options_of(values.pop("transcribe"), values.pop("model"), None)
    options = sign_options("secretary", values)
    if eni and options is None:
        raise click.UsageError("--eni needs a signer: --pkcs12 FILE, or --pkcs11-module")
    with user_errors(), ProgressBars(enabled=not quiet and not as_json) as bars:
        result = pipeline.build(
            session_dir, out, force=force, replace_signed=replace_signed, signing=options,
            prompt=prompt, csv=csv, eni=eni, progress=bars, transcription=transcription,
        )  # fmt: skip
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    click.echo(_build_summary(result, values.get("trust", ())))


def _build_summary(result: pipeline.BuildResult, trust: tuple[Path, ...]) -> str:
    lines = [f"Warning: {warning}" for warning in result.warnings]
    lines.append(f"Package: {result.package}")
    if result.signed:
        lines.append(f"Certified by {result.signer} (the secretary) at {result.level}.")
    if result.eni is not None:
        lines.append(f"Filed as ENI {result.eni}: after the visto bueno, run `videoacta eni`.")
    else:
        lines.append("UNSIGNED: the secretary has not certified it yet.")
    signed = Role.SECRETARY if result.signed else None
    lines += hints.next_steps(result.package, signed=signed, trust=trust, root=result.root)
    return "\n".join(lines)
