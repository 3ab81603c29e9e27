"""Telematic voting (LBRL 46.3): members vote from their own devices on the editor's live
session."""
