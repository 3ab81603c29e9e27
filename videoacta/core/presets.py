"""The presets of `[rules] preset = "..."`: each body's rules as data, next to their sources.

Every value is what `[rules]` would say written out; a value written in `[rules]` wins over the
preset's. Sources: Ley 7/1985 (LBRL), RD 2568/1986 (ROF), Ley 40/2015, the Constitución
Española (CE), the Reglamento del Congreso de los Diputados (RCD), the Constitution of 1958 and
ordonnance 58-1066 (France), the Règlement de l'Assemblée nationale (RAN), the Constitution
of the United States (US Const.), the Standing Rules of the Senate (SR) and the Rules of the
House of Representatives (HR).
"""

from typing import Any

PRESETS: dict[str, dict[str, Any]] = {
    # A Spanish town council's plenary (Ple / Pleno): today's defaults, written out.
    "town_council": {
        # LBRL 46.2.c, ROF 90.1: a third of the legal number, never fewer than 3, for the whole
        # session (checked at every vote).
        "quorum": {"fraction": "1/3", "minimum": 3, "of": "legal", "checked": "every_vote"},
        # LBRL 47.1, ROF 99.1: more yes than no among those present.
        "majority": "simple",
        # LBRL 46.2.d, ROF 100.2: a tie is voted again; if it persists, the mayor's casting vote.
        "ties": "casting_vote",
        # ROF 99.5: the vote is personal and cannot be delegated.
        "proxies": "forbidden",
        # LBRL 46.2.d: a member who is out of the room when the vote is taken abstains.
        "out_of_room": "abstain",
    },
    # A board of a consortium or an association of bodies, with a weight per member (each in
    # [[members]]): Ley 40/2015, the basic rules of collegiate bodies.
    "board": {
        # Ley 40/2015 art. 17.2: constituted with the chair, the secretary and at least half of
        # the members.
        "quorum": {"fraction": "1/2", "minimum": 2, "of": "legal", "checked": "opening"},
        # Ley 40/2015 art. 17.5: resolutions by a majority of the votes (weights count).
        "majority": "simple",
        # Ley 40/2015 art. 19.2.d: the chair settles ties "excepto si se trata de los órganos
        # colegiados a que se refiere el artículo 15.2" (bodies of representatives of other
        # bodies) unless their own rules say so: a tie fails.
        "ties": "fails",
        "proxies": "forbidden",
        "out_of_room": "absent",
    },
    # The Congreso de los Diputados.
    "congreso": {
        # CE 79.1, RCD 78.1: to adopt resolutions the majority of the members must attend; RCD
        # 78.2: a vote without that quorum is put off.
        "quorum": {
            "fraction": "more_than_half",
            "minimum": 1,
            "of": "legal",
            "checked": "every_vote",
        },
        # CE 79.2, RCD 79.1: "la mayoría simple de los miembros presentes": more yes than no,
        # abstentions do not count (special majorities, e.g. CE 81 "absolute", per item).
        "majority": "simple",
        # RCD 88.1: a tie is voted a second time; if it persists, after a pause a third; "si de
        # nuevo se produjese empate, se entenderá desechado". No casting vote.
        "ties": {"rule": "repeat", "rounds": 3, "then": "fails"},
        # CE 79.3, RCD 79.2: "El voto de los Diputados es personal e indelegable" (the remote
        # vote of RCD 82.2 is the member's own cast, not a proxy).
        "proxies": "forbidden",
        "out_of_room": "absent",
    },
    # The Assemblée nationale (France).
    "assemblee_nationale": {
        # RAN 61: the Assembly is always quorate to deliberate; the quorum (more than half of the
        # seats filled) is checked only when a group's president asks, before the vote.
        "quorum": {
            "fraction": "more_than_half",
            "minimum": 1,
            "of": "in_office",
            "checked": "on_request",
        },
        # RAN 68: the absolute majority of the votes cast ("suffrages exprimés": yes and no);
        # "en cas d'égalité des voix, la question mise aux voix n'est pas adoptée".
        "majority": "more_than_half of present_voting",
        "ties": "fails",
        # Constitution art. 27: the vote is personal, but an organic law may allow a delegation
        # "nul ne peut recevoir délégation de plus d'un mandat"; ordonnance 58-1066 art. 1-3.
        "proxies": "allowed",
        "max_proxies": 1,
        "out_of_room": "absent",
    },
    # The United States Senate.
    "us_senate": {
        # US Const. art. I sec. 5 cl. 1: "a Majority of each shall constitute a Quorum to do
        # Business"; a majority of the senators duly chosen and sworn (the seats filled). SR VI:
        # the quorum is presumed until a senator suggests its absence (a quorum call).
        "quorum": {
            "fraction": "more_than_half",
            "minimum": 1,
            "of": "in_office",
            "checked": "on_request",
        },
        # A majority of the senators voting, a quorum being present: more yeas than nays; a
        # senator who answers "present" (or gives a live pair) does not vote (special
        # majorities per item, e.g. SR XXII cloture: "at_least 3/5 of in_office").
        "majority": "more_than_half of present_voting",
        # US Const. art. I sec. 3 cl. 4: the Vice President "shall have no Vote, unless they be
        # equally divided": no repeat, the presiding officer's casting vote.
        "ties": {"rule": "repeat", "rounds": 1, "then": "casting_vote"},
        # SR XII: the yeas and nays are called by name and each senator answers in person;
        # proxy voting is not permitted on the floor.
        "proxies": "forbidden",
        # A senator not in the chamber when the roll is called is not voting (absent).
        "out_of_room": "absent",
    },
    # The United States House of Representatives.
    "us_house": {
        # US Const. art. I sec. 5 cl. 1: "a Majority of each shall constitute a Quorum to do
        # Business"; a majority of the members chosen, sworn and living (the seats filled).
        # HR XX cl. 5-7: the quorum is presumed until a member makes a point of order that it
        # is not present (a vote that shows none present is no quorum).
        "quorum": {
            "fraction": "more_than_half",
            "minimum": 1,
            "of": "in_office",
            "checked": "on_request",
        },
        # HR XX: the yeas and nays; a question is decided by a majority of those voting, a
        # quorum being present: more yeas than nays; a member who answers "Present" is present
        # and does not vote. Special majorities per item, e.g. HR XV cl. 1(a) on a motion to
        # suspend the rules, "two-thirds of the Members voting": "at_least 2/3 of
        # present_voting" (yeas against yeas and nays, "Present" left out).
        "majority": "more_than_half of present_voting",
        # House practice (Deschler-Brown, ch. 30; HR I cl. 7): a question on which the vote is
        # tied is lost; the Speaker may vote to make or break a tie, but no casting vote is
        # added after the count: a tie fails, without a repeat.
        "ties": "fails",
        # HR III cl. 1 and XX: each member votes in person; no proxy voting on the floor
        # (the exception, H.Res. 965 of the 116th Congress, renewed in the 117th, allowed a
        # member to cast the vote of up to 10 others during the pandemic: not this preset).
        "proxies": "forbidden",
        # A member not in the chamber when the vote is taken is not voting (absent).
        "out_of_room": "absent",
    },
}
