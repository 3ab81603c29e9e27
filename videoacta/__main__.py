"""`python -m videoacta` runs the command-line interface."""

from videoacta.cli import main

if __name__ == "__main__":  # not when a worker process (the acta's typesetter) imports it
    main()
