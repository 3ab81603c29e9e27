"""No file of the package tells how a member voted in a secret ballot.

Two ways: every text file of the sample's package is read back, and no member's option is found
for the secret item; and the writers are handed a tally that (wrongly) carries members' choices
for the secret round, and still publish none of them.
"""

import csv
import io
import json
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import SAMPLE
from tests.publish.conftest import SECRET, Published
from tests.publish.scan import Element, embedded_data, member_choices
from videoacta.core.events import Choice
from videoacta.core.proceedings import Cast
from videoacta.core.published import publication
from videoacta.core.tally import GroupResult, MemberVote, Option, Tally
from videoacta.pipeline import build
from videoacta.publish.opendata import votes_csv
from videoacta.publish.popolo import popolo_document
from videoacta.publish.viewer import render_viewer

TEXT_SUFFIXES = {".html", ".json", ".csv", ".vtt"}


def text_files(folder: Path) -> list[Path]:
    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
    assert {p.name for p in files} >= {"index.html", "index.json", "votes.popolo.json"}
    return files


def choices_in(name: str, text: str) -> list[tuple[str, str, str]]:
    """Every (where, member, option) a published file states."""
    if name.endswith(".json"):
        return list(member_choices(json.loads(text)))
    if name.endswith(".csv"):
        rows = csv.DictReader(io.StringIO(text, newline=""))
        return [(f"item-{r['item']}/", r["member_id"], r["option"]) for r in rows]
    if name.endswith(".html"):
        found = list(member_choices(embedded_data(text)))
        for item in range(1, 100):
            card = Element(text, f"item-{item}")
            found += [
                (f"item-{item}/", a["data-member"] or "", a.get("data-option") or "")
                for a in card.attributes
                if "data-member" in a or "data-option" in a
            ]
        return found
    return []


def secret_choices(folder: Path) -> dict[str, list[tuple[str, str, str]]]:
    leaks = {}
    for path in text_files(folder):
        text = path.read_bytes().decode("utf-8")
        found = [c for c in choices_in(path.name, text) if f"item-{SECRET}/" in c[0]]
        if found:
            leaks[path.name] = found
    return leaks


def test_the_scan_finds_the_choices_of_other_votes(sample_package: Published) -> None:
    """The scan is not blind: it finds the members' options of the nominal vote everywhere."""
    for name in ("votes.popolo.json", "votes.csv", "index.html"):
        text = (sample_package.folder / name).read_bytes().decode("utf-8")
        found = [c for c in choices_in(name, text) if "item-10/" in c[0]]
        assert len({member for _, member, _ in found}) == 21, name


def test_no_file_of_the_package_tells_a_secret_vote(sample_package: Published) -> None:
    assert secret_choices(sample_package.folder) == {}


def test_the_in_camera_package_neither(published: Published) -> None:
    assert secret_choices(published.folder) == {}


def test_the_open_data_state_exactly_the_choices_the_published_view_discloses(
    published: Published,
) -> None:
    """Each file's (item, member, option) are the view's own: the outputs add none of their own."""
    run = published.run
    view = publication(run.session, run.proceedings, run.tally)
    disclosed = {
        (shown.count.item, vote.member, vote.option.value)
        for shown in view.all_rounds
        for vote in shown.votes
    }
    assert {item for item, _, _ in disclosed} == {1, 2, 3, 5, 7, 9, 10}
    for name in ("votes.csv", "votes.popolo.json"):
        text = (published.folder / name).read_bytes().decode("utf-8")
        stated = {
            (int(where.split("item-")[1].split("/")[0]), member, option)
            for where, member, option in choices_in(name, text)
            if "/round-" in where or name.endswith(".csv")
        }
        popolo = {"not voting": "recused"}
        assert {(i, m, popolo.get(o, o)) for i, m, o in stated} == disclosed, name


def poisoned(tally: Tally) -> Tally:
    """The tally with members' options, groups and changes slipped into the secret round."""
    items = []
    for item in tally.items:
        rounds = []
        for result in item.rounds:
            if result.item == SECRET:
                leak = result.participants[0]
                members = (
                    MemberVote(
                        member=leak,
                        group="veins",
                        option=Option.NO,
                        weight=1,
                        cast=True,
                        in_majority=False,
                    ),
                )
                change = Cast(member=leak, choice=Choice.NO, time=result.opened, line=1)
                group = GroupResult(group="veins", counts=result.counts, position="no")
                result = result.model_copy(
                    update={"members": members, "changes": (change,), "groups": (group,)}
                )
            rounds.append(result)
        items.append(item.model_copy(update={"rounds": tuple(rounds)}))
    return tally.model_copy(update={"items": tuple(items)})


def test_writers_publish_no_secret_choice_even_if_the_tally_carries_one(
    sample_package: Published,
) -> None:
    run = sample_package.run
    run = run.model_copy(update={"tally": poisoned(run.tally)})
    page = render_viewer(run=run, index=sample_package.index)
    outputs = {
        "index.html": page,
        "votes.popolo.json": json.dumps(popolo_document(run)),
        "votes.csv": votes_csv(run),
    }
    for name, text in outputs.items():
        assert [c for c in choices_in(name, text) if f"item-{SECRET}/" in c[0]] == [], name
    card = Element(page, f"item-{SECRET}")
    assert [a.get("class") for a in card.attributes if a["tag"] == "table"] == ["interventions"]
    votes = card.text[card.text.index("Votació 1") :]
    assert "Veïns per Vilanova" not in votes


def test_no_file_of_a_built_package_tells_a_secret_vote(tmp_path: Path) -> None:
    """The whole package as `videoacta build` makes it, every text file and acta.pdf's data."""
    built = build(SAMPLE, tmp_path / "out")
    names = {p.name for p in text_files(built.package)}
    assert {"index.html", "votes.csv", "manifest.json"} <= names
    assert secret_choices(built.package) == {}
    attachments = {
        name: content.decode("utf-8")
        for name, contents in PdfReader(built.package / "acta.pdf").attachments.items()
        for content in contents
    }
    assert "votes.popolo.json" in attachments
    for name, text in attachments.items():
        assert [c for c in choices_in(name, text) if f"item-{SECRET}/" in c[0]] == [], name
