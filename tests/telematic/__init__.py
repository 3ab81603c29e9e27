"""Telematic voting: members' links, their page, the board."""
