"""The signing vocabulary, kept free of heavy imports so the CLI can offer it as choices."""

from enum import StrEnum

from videoacta.core.identity import Role


class Level(StrEnum):
    """PAdES baseline levels."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"


# The two signature fields the document is made with, one per role.
FIELDS = {Role.SECRETARY: "Signature_Secretary", Role.CHAIR: "Signature_Chair"}
