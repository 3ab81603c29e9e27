"""`python -m videoacta` runs the command-line interface."""

from videoacta.cli import main

main()
