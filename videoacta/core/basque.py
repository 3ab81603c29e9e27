"""Basque dates: the suffixes a numeral takes, which depend on how the number is said.

Euskaltzaindia's rule 37 ("Data nola adierazi") writes a date as `2026ko urriaren 29a`: the year
takes `-ko` (`-eko` after a consonant: `2025eko`), the month the genitive (`urriaren`, in the
month names), the day the article `-a` (none after `hamaika`, which ends in `a`: `urriaren 11`).
The sound that ends a number is the sound of its last word: Basque counts in twenties
(`hogeita hamaika` is 31), so 1, 5, 10 and 15 past a score end in a consonant (`bat`, `bost`,
`hamar`, `hamabost`), and a round hundred ends in `ehun`.
"""

SCORE = 20
CONSONANT_ENDINGS = frozenset({1, 5, 10, 15})  # bat, bost, hamar, hamabost
HAMAIKA = 11  # ends in `a`: takes no second `a`


def _ends_in_consonant(number: int) -> bool:
    """Whether the spoken number ends in a consonant (`bat`, `bost`, `hamar`, `ehun`)."""
    below_hundred = number % 100
    if below_hundred:
        return below_hundred % SCORE in CONSONANT_ENDINGS
    return number % 1000 != 0  # `ehun`, `berrehun`...; a round thousand ends in `mila`


def year_of(year: int) -> str:
    """The year as the first word of a date: `2026ko`, `2025eko`, `2000ko`, `2100eko`."""
    return f"{year}{'eko' if _ends_in_consonant(year) else 'ko'}"


def day_with_article(day: int) -> str:
    """The day of the month with its article: `29a`, `1a`, but `11` and `31` (`hamaika`)."""
    return f"{day}" if day % SCORE == HAMAIKA else f"{day}a"
