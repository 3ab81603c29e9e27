"""A generated corpus of malformed inputs, through the loaders and the real CLI.

The property: `tally` either succeeds or prints exactly one line `Error: …` and exits 3, and
`load_spec` either returns or raises InputError with a one-line message. Deterministic
(derandomized) and small; set HOSTILE_EXAMPLES=2000 to search longer.
"""

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import session_data, to_toml, write_folder
from tests.hostile import assert_refused_or_tallied, tally
from tests.inputs.test_inputs import base_log
from videoacta.batch.runspec import load_spec
from videoacta.errors import InputError

CORPUS = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "50")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


ZONES = [dt.UTC, *(dt.timezone(dt.timedelta(hours=h)) for h in (-12, -1, 1, 2, 14))]
TIMES = st.datetimes(
    min_value=dt.datetime(1899, 12, 31),
    max_value=dt.datetime(3000, 1, 2),
    timezones=st.sampled_from(ZONES),
).map(dt.datetime.isoformat)
TIMES |= st.datetimes(
    min_value=dt.datetime(2026, 10, 28),
    max_value=dt.datetime(2026, 10, 31),
    timezones=st.sampled_from(ZONES),
).map(dt.datetime.isoformat)
SCALARS = st.one_of(
    TIMES,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 10**4, 10**6, 2**63, 10**4000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", "\x00", "\n", "\u0661", "\u00b2", "m1", "yes", "1/3", "\ufeff"]),
    st.sampled_from(
        ["2026-10-29T19:00:00+01:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00Z"]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
DEEP = st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n)


def _toml_scalar(value: Any) -> str:
    if value is None:
        return '""'
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, bool | int):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return json.dumps(value)


TOML_VALUES = st.one_of(
    SCALARS.map(_toml_scalar),
    DEEP,
    st.sampled_from(
        ["9999-12-31", "0001-01-01", "1979-04-03T19:00:00Z", "{a = {b = 1}}", "[1, 'a']"]
    ),
)


@st.composite
def mutated_lines(draw: st.DrawFn, lines: list[str], value: st.SearchStrategy[str]) -> str:
    """A valid file with one line changed: a value replaced, the line dropped, or garbage added."""
    lines = list(lines)
    index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    how = draw(st.sampled_from(["value", "drop", "insert", "bytes"]))
    if how == "value" and " = " in lines[index]:
        lines[index] = lines[index].split(" = ")[0] + " = " + draw(value)
    elif how == "drop":
        del lines[index]
    elif how == "insert":
        lines.insert(index, draw(st.text(max_size=30)))
    else:
        lines[index] += draw(st.binary(max_size=4)).decode("latin-1")
    return "\n".join(lines) + "\n"


SESSION_LINES = to_toml(session_data()).splitlines()


@CORPUS
@given(text=mutated_lines(SESSION_LINES, TOML_VALUES))
def test_corpus_session_toml(tmp_path: Path, text: str) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "session.toml").write_bytes(text.encode("utf-8", "surrogateescape"))
    assert_refused_or_tallied(tally(folder))


@st.composite
def mutated_session(draw: st.DrawFn) -> dict[str, Any]:
    """A valid session with one field, at any depth, set to another value of any type."""
    data = session_data()
    node: Any = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        if isinstance(node[key], dict | list) and node[key] and draw(st.booleans()):
            node = node[key]
            continue
        node[key] = draw(
            SCALARS.filter(lambda v: v is not None) | st.lists(st.integers(), max_size=2)
        )
        return data


@CORPUS
@given(data=mutated_session())
def test_corpus_session_fields(tmp_path: Path, data: dict[str, Any]) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "session.toml").write_text(to_toml(data) + "\n", encoding="utf-8")
    assert_refused_or_tallied(tally(folder))


EVENT_KEYS = ["time", "type", "item", "member", "choice", "ballots", "reason", "speaker"]


@st.composite
def mutated_log(draw: st.DrawFn) -> bytes:
    """The base log with one line changed: a field set to any JSON or dropped, or a new line."""
    events = base_log().events
    index = draw(st.integers(min_value=0, max_value=len(events) - 1))
    how = draw(st.sampled_from(["field", "drop", "line", "swap", "deep"]))
    lines = [json.dumps(e, ensure_ascii=False) for e in events]
    if how == "field":
        events[index][draw(st.sampled_from(EVENT_KEYS))] = draw(JSON)
        lines[index] = json.dumps(events[index], ensure_ascii=False)
    elif how == "drop" and len(events[index]) > 1:
        del events[index][draw(st.sampled_from(sorted(events[index])))]
        lines[index] = json.dumps(events[index])
    elif how == "line":
        lines[index] = draw(st.text(max_size=40))
    elif how == "swap":
        other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    else:
        lines[index] = draw(DEEP)
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape")


@CORPUS
@given(data=mutated_log())
def test_corpus_votes_jsonl(tmp_path: Path, data: bytes) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "votes.jsonl").write_bytes(data)
    assert_refused_or_tallied(tally(folder))


CELLS = st.one_of(
    st.sampled_from(["1", "2", "3", "01", " 1 ", "\u0661", "\u00b2", "1e3", "-1", "99999999999"]),
    st.sampled_from(["m1", "m2", "m9", "sec", "yes", "no", "abstain", "si", ""]),
    TIMES,
    st.text(max_size=12),
)
COLUMN_CELLS = {
    "item": st.just("1") | CELLS,
    "member": st.sampled_from(["m1", "m2", "m3"]) | CELLS,
    "choice": st.sampled_from(["yes", "no", "abstain"]) | CELLS,
    "time": st.just("") | TIMES | CELLS,
    "x": CELLS,
}
HEADERS = st.sampled_from([["item", "member", "choice", "time"], ["item", "member", "choice"]])
HEADERS |= st.lists(st.sampled_from(sorted(COLUMN_CELLS)), max_size=5)


@st.composite
def csv_file(draw: st.DrawFn) -> bytes:
    """A votes.csv: a header of known columns, rows that mostly fit it, maybe a BOM or latin-1."""
    header = draw(HEADERS)
    row = st.tuples(*(COLUMN_CELLS[column] for column in header)).map(list)
    rows = draw(st.lists(row | st.lists(CELLS, max_size=5), max_size=5))
    quote = draw(st.booleans())
    text = "\n".join(
        ",".join(json.dumps(c) if quote else c for c in row) for row in [header, *rows]
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]))
    return (text + "\n").encode(encoding, "replace")


@CORPUS
@given(data=csv_file())
def test_corpus_votes_csv(tmp_path: Path, data: bytes) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "votes.jsonl").unlink(missing_ok=True)
    (folder / "votes.csv").write_bytes(data)
    assert_refused_or_tallied(tally(folder))


SPEC_LINES = [
    'inbox = "inbox"',
    'output = "out"',
    'ready = "closed"',
    "settle = 30",
    "workers = 2",
    'scheduler = "tcp://127.0.0.1:8786"',
    "[retries]",
    "count = 2",
    "backoff = 5.0",
    "[signer]",
    'pkcs12 = "secretary.p12"',
    'passphrase_env = "VIDEOACTA_PASS"',
    'tsa_url = "http://127.0.0.1:9/tsa"',
    'tsa_header = ["X-A: 1"]',
]


@CORPUS
@given(text=mutated_lines(SPEC_LINES, TOML_VALUES))
def test_corpus_run_spec(tmp_path: Path, text: str) -> None:
    path = tmp_path / "run.toml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    message = f"{path}: loaded"
    try:
        load_spec(path)
    except InputError as error:
        message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
