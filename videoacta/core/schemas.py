"""JSON Schemas of the input contract and of index.json, as printed by `videoacta schema`."""

from typing import Any

from pydantic import TypeAdapter

from videoacta.core.events import Event
from videoacta.core.session import Session
from videoacta.core.video_index import Index


def session_schema() -> dict[str, Any]:
    """The schema of `session.toml` (as the JSON its TOML parses to)."""
    schema = Session.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "videoacta session.toml"
    return schema


def event_schema() -> dict[str, Any]:
    """The schema of one line of `votes.jsonl`."""
    schema = TypeAdapter(Event).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "videoacta votes.jsonl line"
    return schema


def index_schema() -> dict[str, Any]:
    """The schema of a package's `index.json`, as it is written."""
    schema = Index.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "videoacta index.json"
    return schema


SCHEMAS = {"session": session_schema, "event": event_schema, "index": index_schema}
