"""The words of a signature's reason and stamp: a substitution is written and read back."""

from pathlib import Path

import pytest

from videoacta.core.identity import Role
from videoacta.core.terms import Language
from videoacta.signing.stamp import reason_text, stamp_role, substitution


@pytest.mark.parametrize("language", list(Language))
def test_a_substitution_is_read_back_from_the_signature_reason(language: Language) -> None:
    reason = reason_text(Role.CHAIR, language, "Alcalde accidental; decret 12/2026")
    assert substitution(reason) == "Alcalde accidental; decret 12/2026"
    assert substitution(reason_text(Role.CHAIR, language)) is None
    assert substitution(None) is None


def test_the_stamp_shows_the_substitution_wrapped() -> None:
    assert stamp_role(Role.CHAIR, Language.CA) == "Presidència, vist i plau"
    text = stamp_role(
        Role.CHAIR, Language.CA, "tinent d'alcalde en funcions d'alcalde per absència"
    )
    assert text.splitlines() == [
        "Presidència, vist i plau",
        "Substitució: tinent d'alcalde en funcions",
        "d'alcalde per absència",
    ]


def test_the_stamp_is_set_in_the_shipped_font_whatever_the_host_has(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The stamp's font is the Noto Sans inside the package, never a system font (which would make
    the signed acta depend on the host) nor pyHanko's Courier (not embedded: not PDF/A)."""
    from importlib.resources import files

    from videoacta.signing import stamp

    monkeypatch.setattr(stamp, "FALLBACK_FONTS", ())
    shipped = Path(str(files("videoacta.fonts"))) / "NotoSans-Regular.ttf"
    assert stamp.font_path() == shipped
    assert shipped.is_file()
