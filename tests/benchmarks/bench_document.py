"""Benchmark: render acta.pdf for a 21-member, 60-item session and a 577-member body over 200
nominal votes.

Run by hand (pytest does not collect it):

    python tests/benchmarks/bench_document.py [--runs 3]

Sessions and vote logs are generated (two interventions an item, every member casting, a few
changing their vote); the recording index is computed from a one-part timeline without media.
It prints the best wall time of `render_acta` (blocks, Typst, the pikepdf pass) over the runs,
the pages, and the ratio to the target: 2 s for the small session, 60 s for the large body.
"""

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from videoacta.core.published import publication
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import TallyRun, tally
from videoacta.core.terms import Language
from videoacta.core.timeline import build_timeline
from videoacta.core.video_index import (
    Index,
    IndexedPart,
    SessionRef,
    place_interventions,
    place_items,
    place_votes,
)
from videoacta.document.pdfa import Attachment
from videoacta.document.writer import render_acta
from videoacta.inputs.session_folder import read_jsonl

START = dt.datetime(2026, 10, 29, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
GROUPS = ("REN", "RN", "LFI", "LR", "SOC", "DEM", "ECO", "HOR", "LIOT", "GDR", "NI")
CASES = {  # name: members, items, vote type, target seconds
    "21 members, 60 items": (21, 60, "ordinary", 2.0),
    "577 members, 200 nominal votes": (577, 200, "nominal", 60.0),
}


def build_session(members: int, items: int, vote: str) -> Session:
    groups = GROUPS[: max(2, min(len(GROUPS), members // 3))]
    return Session.model_validate(
        {
            "id": "bench",
            "number": "1/2026",
            "place": "Sala de Plens",
            "date": START.date(),
            "chair": "m001",
            "body": {"name": "Consell de prova", "legal_members": members},
            "secretary": {"id": "sec", "name": "Secretària General de Prova"},
            "groups": [{"id": g, "name": f"Grup municipal {g}"} for g in groups],
            "members": [
                {
                    "id": f"m{n:03}",
                    "name": f"Membre {n:03} Cognom i Cognom",
                    "group": groups[n % len(groups)],
                }
                for n in range(1, members + 1)
            ],
            "items": [
                {
                    "number": n,
                    "title": f"Aprovació de la proposta número {n} de l'ordre del dia",
                    "vote": vote,
                }
                for n in range(1, items + 1)
            ],
        }
    )


def build_log(session: Session) -> str:
    rng = random.Random(2026)
    ids = [m.id for m in session.members]
    events: list[dict[str, Any]] = [{"type": "member_joined", "member": m} for m in ids]
    events.append({"type": "session_opened"})
    for item in (i.number for i in session.items):
        events.append({"type": "item_opened", "item": item})
        for speaker in rng.sample(ids, 2):
            events.append({"type": "speech_started", "speaker": speaker})
            events.append({"type": "speech_ended", "speaker": speaker})
        events.append({"type": "vote_opened", "item": item})
        changer = rng.choice(ids)
        events.append({"type": "vote_cast", "item": item, "member": changer, "choice": "abstain"})
        for member in ids:
            choice = rng.choice(("yes", "yes", "no"))
            events.append({"type": "vote_cast", "item": item, "member": member, "choice": choice})
        events += [{"type": "vote_closed", "item": item}, {"type": "item_closed", "item": item}]
    events.append({"type": "session_closed"})
    lines = [
        json.dumps({"time": (START + dt.timedelta(milliseconds=500 * n)).isoformat(), **event})
        for n, event in enumerate(events)
    ]
    return "\n".join(lines) + "\n"


def build_run(members: int, items: int, vote: str) -> tuple[TallyRun, Index]:
    session = build_session(members, items, vote)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "votes.jsonl"
        path.write_text(build_log(session), encoding="utf-8")
        log = read_jsonl(path)
    proceedings = replay(session, log)
    run = TallyRun(session=session, proceedings=proceedings, tally=tally(session, proceedings))
    duration = (proceedings.closed - START).total_seconds() + 60
    timeline = build_timeline([START], [duration], 0.0)
    part = IndexedPart(
        file="recording/part-1.mp4", size=10**9, sha256="0" * 64, duration=duration, offset=0,
        start=START, start_source="session", end=START + dt.timedelta(seconds=duration),
        container="mov,mp4,m4a,3gp,3g2,mj2", video_codec="h264", audio_codec="aac",
        width=1920, height=1080,
    )  # fmt: skip
    view = publication(session, proceedings, run.tally)
    index = Index(
        session=SessionRef.of(session, proceedings),
        duration=duration,
        clock_offset=0.0,
        parts=(part,),
        items=place_items(session, proceedings, run.tally, timeline, view),
        interventions=place_interventions(view, timeline),
        votes=place_votes(run.tally, timeline),
    )
    return run, index


def measure(name: str, runs: int) -> None:
    members, items, vote, target = CASES[name]
    run, index = build_run(members, items, vote)
    data = index.model_dump_json().encode()
    attachments = (
        Attachment(name="index.json", data=data, mime="application/json", relationship="Source",
                   description="Index"),
    )  # fmt: skip
    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        acta = render_acta(run, index, language=Language.CA, attachments=attachments)
        times.append(time.perf_counter() - start)
        pages = acta.pages
    best = min(times)
    print(
        f"{name:<32} {pages:>6} pages  {best:7.2f} s  ({best / pages * 1000:.1f} ms a page)  "
        f"target {target:.0f} s: {best / target:.2f} of it"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="take the best of this many runs")
    args = parser.parse_args()
    for name in CASES:
        measure(name, args.runs)


if __name__ == "__main__":
    main()
