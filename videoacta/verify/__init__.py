"""Verifying a package: its signatures, what changed after them, the manifest and its files."""
