"""session.toml edited by hand (in a text editor) while the editor runs: the page, reloaded,
shows the file as it is now, and the next change in the setup keeps the hand edit. A hand edit
that makes the file or the log invalid is named, and the editor goes on with the file it read."""

from pathlib import Path

from tests.editor.logs import small_folder
from videoacta.editor.workspace import Workspace


def workspace(tmp_path: Path) -> tuple[Path, Workspace]:
    folder, _ = small_folder(tmp_path / "test-session")
    return folder, Workspace(folder, live=True, out=tmp_path / "out")


def test_the_page_reloaded_shows_a_hand_edit_and_the_setup_keeps_it(tmp_path: Path) -> None:
    folder, opened = workspace(tmp_path)
    path = folder / "session.toml"
    path.write_text(path.read_text(encoding="utf-8") + "# a note by hand\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace('"Sala de Plens"', '"Sala Nova"')
    path.write_text(text, encoding="utf-8")
    state = opened.state()
    assert state["session"]["session"]["place"] == "Sala Nova"
    assert state["session_problem"] is None
    opened.setup({"op": "set", "path": ["number"], "value": "2/2026"})
    written = path.read_text(encoding="utf-8")
    assert 'place = "Sala Nova"' in written
    assert "# a note by hand" in written
    assert 'number = "2/2026"' in written


def test_an_invalid_hand_edit_is_named_and_the_file_read_goes_on(tmp_path: Path) -> None:
    folder, opened = workspace(tmp_path)
    path = folder / "session.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('chair = "m1"', 'chair = "m9"'))
    state = opened.state()
    assert state["session"]["session"]["chair"] == "m1"
    assert state["session_problem"] == (
        "session.toml: chair: 'm9' is not in members; the editor goes on with the session.toml "
        "it read, and changes none until the file is valid again"
    )
