"""A word longer than a line (the input rules allow 1,000 characters without a space) wraps
inside the margins: nothing of the acta is drawn past the right margin or off the page."""

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import SAMPLE
from tests.system import require
from videoacta import pipeline
from videoacta.package import DOCUMENT

LONG = "Supercal" + "i" * 400 + "fragilistic"
RIGHT_EDGE = (210 - 22) / 25.4 * 72  # points: the page's width less its right margin


def test_a_very_long_word_stays_within_the_margins(tmp_path: Path) -> None:
    require("pdftotext")
    session = tmp_path / "session"
    shutil.copytree(SAMPLE, session)
    toml = session / "session.toml"
    text = toml.read_text("utf-8")
    text = text.replace('name = "Núria Soler i Bosch"', f'name = "Núria Soler i Bosch {LONG}"')
    toml.write_text(text.replace('chair_title = "Alcaldessa"', f'chair_title = "{LONG}"'), "utf-8")
    folder = tmp_path / "index"
    pipeline.run_index(session, folder)
    pipeline.run_render(session, folder)
    argv = ["pdftotext", "-bbox", str(folder / DOCUMENT), "-"]
    boxes = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    right = max(float(x) for x in re.findall(r'xMax="([0-9.]+)"', boxes))
    assert right <= RIGHT_EDGE + 0.5
    plain = subprocess.run([*argv[:1], str(folder / DOCUMENT), "-"], capture_output=True, text=True)
    assert re.search(r"\b[0-9a-f]{64}\b", plain.stdout)  # a SHA-256 is left whole
