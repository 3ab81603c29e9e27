"""Telematic voting (LBRL 46.3): members vote from their own devices in a live session."""
