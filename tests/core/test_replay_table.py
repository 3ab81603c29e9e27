"""The replay's table: one handler per event type of the vote log, taking that type."""

from typing import get_args, get_type_hints

from videoacta.core import events as ev
from videoacta.core.replay import HANDLERS
from videoacta.errors import InputError, RuleBroken, VideoactaError


def event_types() -> set[type[ev.EventBase]]:
    union, _discriminator = get_args(ev.Event)
    return set(get_args(union))


def test_every_event_type_has_a_handler_and_no_handler_is_left_over() -> None:
    assert len(event_types()) == 25
    assert set(HANDLERS) == event_types()


def test_each_handler_takes_the_event_type_it_is_listed_under() -> None:
    taken = {kind: get_type_hints(handler)["event"] for kind, handler in HANDLERS.items()}
    assert taken == {kind: kind for kind in HANDLERS}


def test_a_broken_rule_is_an_input_error_of_the_hierarchy() -> None:
    assert issubclass(RuleBroken, VideoactaError)
    assert RuleBroken.exit_code == InputError.exit_code
