"""Reading a session folder: session.toml and its vote log, within fixed limits."""
