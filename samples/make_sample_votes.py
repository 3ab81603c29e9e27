"""Write the vote log of the sample session: samples/2026-10-29-ple-ordinari/votes.jsonl.

    python samples/make_sample_votes.py

The log is what the town hall's voting system would record during the session: the roll call,
the opening, every agenda item with its interventions and votes, the incidents (a recusal, a
changed vote, a reopened vote, a tie and the casting vote, a recess, a member who leaves and
comes back) and the closing. The members and groups come from session.toml in the same folder;
who votes what, and when, is written out below, one function per agenda item.

Plain standard library and deterministic: the same session.toml always gives the same bytes.
Every vote states the counts it must give, and the script stops if its own bookkeeping disagrees,
so the numbers in session.toml's comments, here and in `videoacta tally` can be checked against
each other.

The whole session lasts under six minutes (a synthetic recording has to match these times):
roll call 19:00:01, opening 19:00:05, recess 19:02:40 to 19:03:10 (the recording is paused, so it
has two parts), closing 19:05:40. The casts of an electronic vote arrive within two seconds.
"""

import datetime as dt
import json
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "2026-10-29-ple-ordinari"
TZ = dt.timezone(dt.timedelta(hours=1))  # Europe/Madrid on 29 October 2026 (winter time)
CASTS_PER_SECOND = 10  # how many casts of an electronic vote the log gives the same second
REMOTE = {
    "attendance": "remote",
    "identity": "certificat idCAT a la plataforma de videoconferència municipal; "
    "DNI mostrat a la secretària",
    "in_spain": True,
}

YES, NO, ABSTAIN = "yes", "no", "abstain"
Counts = tuple[int, int, int, int, int]  # yes, no, abstain, absent, recused


class Sitting:
    """The session as it unfolds: the clock, who is present, and the events written so far."""

    def __init__(self, session: dict[str, Any]) -> None:
        self.date: dt.date = session["date"]
        self.chair: str = session["chair"]
        self.members: dict[str, dict[str, Any]] = {m["id"]: m for m in session["members"]}
        self.now = dt.datetime.combine(self.date, dt.time(19, 0), TZ)
        self.events: list[dict[str, Any]] = []
        self.present: set[str] = set()
        self.out_of_room: set[str] = set()
        self.recused: set[str] = set()  # of the item being dealt with

    # -- the clock and the log ---------------------------------------------------------------

    def at(self, clock: str) -> None:
        """Move the clock forward to a fixed time of day, such as "19:02:40"."""
        time = dt.datetime.combine(self.date, dt.time.fromisoformat(clock), TZ)
        if time < self.now:
            raise SystemExit(f"the schedule overruns {clock}: it is already {self.now:%H:%M:%S}")
        self.now = time

    def wait(self, seconds: int) -> None:
        self.now += dt.timedelta(seconds=seconds)

    def log(self, kind: str, after: int = 1, **fields: Any) -> None:
        """Write one event at the current time, then let `after` seconds pass."""
        self.events.append({"time": self.now.isoformat(), "type": kind, **fields})
        self.wait(after)

    # -- attendance ----------------------------------------------------------------------------

    def join(self, member: str, remote: bool = False) -> None:
        self.log("member_joined", after=0, member=member, **(REMOTE if remote else {}))
        self.present.add(member)

    def leave(self, member: str, reason: str) -> None:
        self.log("member_left", member=member, reason=reason)
        self.present.discard(member)

    def step_out(self, member: str) -> None:
        self.log("member_stepped_out", member=member)
        self.out_of_room.add(member)

    def step_back(self, member: str) -> None:
        self.log("member_returned", member=member)
        self.out_of_room.discard(member)

    # -- items and speeches --------------------------------------------------------------------

    def speech(self, speaker: str, seconds: int) -> None:
        self.log("speech_started", after=seconds, speaker=speaker)
        self.log("speech_ended", speaker=speaker)

    def open_item(self, item: int) -> None:
        self.recused.clear()
        self.log("item_opened", item=item)

    def close_item(self, item: int) -> None:
        self.log("item_closed", item=item)

    def recuse(self, item: int, member: str, reason: str) -> None:
        self.log("recusal", item=item, member=member, reason=reason)
        self.recused.add(member)

    # -- votes ---------------------------------------------------------------------------------

    def voters(self) -> list[str]:
        """Members who can vote now: present, in the room and not recused, in seat order."""
        gone = self.out_of_room | self.recused
        return [m for m in self.members if m in self.present and m not in gone]

    def lines(self, by_group: dict[str, str], **by_member: str) -> dict[str, str]:
        """Each voter's choice: their group's line, unless they are named."""
        return {m: by_member.get(m, by_group[self.members[m]["group"]]) for m in self.voters()}

    def vote(
        self,
        item: int,
        choices: dict[str, str],
        expect: Counts,
        changes: dict[str, str] | None = None,
    ) -> None:
        """An electronic vote: the casts arrive a few a second; `changes` are recast at the end."""
        self.log("vote_opened", item=item)
        for n, (member, choice) in enumerate(choices.items(), start=1):
            last = n % CASTS_PER_SECOND == 0 or n == len(choices)
            self.log("vote_cast", after=int(last), item=item, member=member, choice=choice)
        for member, choice in (changes or {}).items():
            self.log("vote_cast", item=item, member=member, choice=choice)
        self.check(item, {**choices, **(changes or {})}, expect)
        self.log("vote_closed", item=item)

    def nominal_vote(self, item: int, choices: dict[str, str], expect: Counts) -> None:
        """The secretary calls the members alphabetically by surname, the chair last (ROF 101)."""
        self.log("vote_opened", item=item)
        for member in sorted(choices, key=self.call_order):
            self.log("vote_cast", item=item, member=member, choice=choices[member])
        self.check(item, choices, expect)
        self.log("vote_closed", item=item)

    def secret_vote(self, item: int, ballots: dict[str, int], expect: Counts) -> None:
        """A ballot: the log says who cast one, and only the totals say how (ROF 102)."""
        voters = self.voters()
        assert sum(ballots.values()) == len(voters), "one ballot per voter"
        self.log("vote_opened", item=item)
        for n, member in enumerate(voters, start=1):
            last = n % CASTS_PER_SECOND == 0 or n == len(voters)
            self.log("vote_cast", after=int(last), item=item, member=member)
        totals = [ballots[YES], ballots[NO], ballots[ABSTAIN]]
        self.check(item, {}, expect, totals)
        self.log("vote_closed", item=item, ballots=ballots)

    def call_order(self, member: str) -> tuple[bool, str]:
        """Alphabetical by first surname ("Núria Soler i Bosch" -> "soler"), the chair last."""
        name = self.members[member]["name"]
        surname = name.split(" i ")[0].split()[-1]
        folded = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode()
        return member == self.chair, folded.lower()

    def check(
        self, item: int, final: dict[str, str], expect: Counts, ballots: list[int] | None = None
    ) -> None:
        """Count the round as a secretary would and compare with what the item must give."""
        if ballots is None:
            yes, no, abstain = (
                sum(1 for c in final.values() if c == o) for o in (YES, NO, ABSTAIN)
            )
            # Present but casting no vote, or outside the room: an abstention (LBRL 46.2.d).
            abstain += len(set(self.voters()) - set(final))
            abstain += len((self.present & self.out_of_room) - self.recused)
        else:
            yes, no, abstain = ballots  # abstain: the blank ballots
        absent = len(set(self.members) - self.present)
        counts = (yes, no, abstain, absent, len(self.recused))
        if counts != expect or sum(counts) != len(self.members):
            raise SystemExit(f"item {item}: the vote gives {counts}, not {expect}")


# -- the session, item by item ------------------------------------------------------------------
# Government: Veïns (m01-m08) and L'Estany Verd (m18-m19). Opposition: Acord Ciutadà (m09-m13),
# Endavant (m14-m16; m17 absent) and Independents de la Riera (m21; m20 excused).


def roll_call(s: Sitting) -> None:
    s.at("19:00:01")
    for n in range(1, 22):
        member = f"m{n:02d}"
        if member in ("m17", "m20"):  # absent without excuse; excused
            continue
        s.join(member, remote=member in ("m10", "m19"))
        if n % 5 == 0:
            s.wait(1)
    s.at("19:00:05")
    s.log("session_opened")
    s.speech("m01", 3)  # the mayor opens the session and states the quorum


def item_1(s: Sitting) -> None:
    """Minutes of the previous session: unanimous."""
    s.open_item(1)
    s.speech("sec", 4)  # the draft went out with the call
    s.speech("m09", 3)  # Acord Ciutadà points out a misspelt name, corrected in the text
    s.vote(
        1,
        s.lines({"veins": YES, "acord": YES, "endavant": YES, "verd": YES, "independents": YES}),
        expect=(19, 0, 0, 2, 0),
    )
    s.close_item(1)


def item_2(s: Sitting) -> None:
    """The 2025 general account: m13 presses "no" by mistake and corrects it to "abstain"."""
    s.open_item(2)
    s.speech("m03", 8)  # the deputy mayor for finance presents it
    s.speech("int", 5)  # the comptroller's report
    s.speech("m09", 5)
    s.speech("m14", 4)
    choices = s.lines(
        {"veins": YES, "verd": YES, "acord": ABSTAIN, "endavant": NO, "independents": ABSTAIN},
        m13=NO,
    )
    s.vote(2, choices, expect=(10, 3, 6, 2, 0), changes={"m13": ABSTAIN})
    s.close_item(2)


def item_3(s: Sitting) -> None:
    """Initial approval of the town plan: absolute majority, reached by one vote."""
    s.open_item(3)
    s.speech("m02", 8)
    s.speech("m21", 4)
    s.speech("m14", 5)
    s.speech("m09", 6)
    s.speech("m02", 3)  # the reply
    choices = s.lines({"veins": YES, "verd": YES, "independents": YES, "acord": NO, "endavant": NO})
    s.vote(3, choices, expect=(11, 8, 0, 2, 0))
    s.close_item(3)


def item_4(s: Sitting) -> None:
    """The town's gold medal: two thirds of the members in office."""
    s.open_item(4)
    s.speech("m04", 7)
    s.speech("m16", 4)
    s.speech("m12", 4)
    s.speech("m18", 3)
    choices = s.lines(
        {"veins": YES, "verd": YES, "acord": YES, "independents": YES, "endavant": ABSTAIN}
    )
    s.vote(4, choices, expect=(16, 0, 3, 2, 0))
    s.close_item(4)


def item_5(s: Sitting) -> None:
    """An urban development agreement: m11 has a conflict of interest and leaves the room."""
    s.open_item(5)
    s.speech("m11", 3)
    s.recuse(5, "m11", "El seu germà és administrador de Promocions Estany Nord, SL (LBRL 76)")
    s.step_out("m11")
    s.speech("m02", 8)
    s.speech("m15", 5)
    s.speech("m09", 3)
    choices = s.lines(
        {"veins": YES, "verd": YES, "independents": YES, "acord": ABSTAIN, "endavant": NO}
    )
    s.vote(5, choices, expect=(11, 3, 4, 2, 1))
    s.close_item(5)
    s.step_back("m11")


def recess(s: Sitting) -> None:
    s.speech("m01", 4)  # the mayor grants the recess Acord Ciutadà asked for
    s.at("19:02:40")
    s.log("recess_started", reason="A petició del grup d'Acord Ciutadà, abans de l'elecció")
    s.at("19:03:10")
    s.log("recess_ended")


def item_6(s: Sitting) -> None:
    """Election of the justice of the peace: a secret ballot, totals only."""
    s.open_item(6)
    s.speech("sec", 4)  # the candidate, and how to vote: yes, no or a blank ballot
    s.secret_vote(6, {YES: 14, NO: 2, ABSTAIN: 3}, expect=(14, 2, 3, 2, 0))
    s.speech("m01", 2)  # the mayor proclaims the result: 14 votes, more than 21/2
    s.close_item(6)


def item_7(s: Sitting) -> None:
    """A motion whose vote is reopened: the remote vote of m19 was lost by the system."""
    s.open_item(7)
    s.speech("m14", 4)
    s.speech("m09", 3)
    lines = {"veins": YES, "verd": YES, "endavant": YES, "acord": NO, "independents": ABSTAIN}
    choices = s.lines(lines)
    lost = {m: c for m, c in choices.items() if m != "m19"}
    s.vote(7, lost, expect=(12, 5, 2, 2, 0))
    s.speech("sec", 3)  # the secretary reports that m19's vote did not reach the system
    s.log(
        "vote_reopened",
        item=7,
        reason="Incidència del sistema de votació electrònica: no s'ha registrat el vot "
        "de la regidora Elisenda Giralt i Solà, connectada a distància",
    )
    s.vote(7, choices, expect=(13, 5, 1, 2, 0))
    s.close_item(7)


def item_8(s: Sitting) -> None:
    """A motion withdrawn by the group that moved it; then m05 leaves the session."""
    s.open_item(8)
    s.speech("m09", 4)  # Acord Ciutadà withdraws its motion
    s.speech("m01", 2)
    s.log(
        "item_withdrawn",
        item=8,
        reason="Retirada pel grup proposant, que la presentarà esmenada al proper ple",
    )
    s.leave("m05", "Un assumpte familiar urgent")


def item_9(s: Sitting) -> None:
    """A budget change: 9 to 9 twice, the mayor's casting vote decides (ROF 100.2)."""
    s.open_item(9)
    s.speech("m03", 3)
    s.speech("int", 3)
    s.speech("m09", 3)
    s.speech("m14", 3)
    lines = {"veins": YES, "verd": YES, "acord": NO, "endavant": NO, "independents": NO}
    s.vote(9, s.lines(lines), expect=(9, 9, 0, 3, 0))
    s.speech("m01", 2)  # tied: the vote is repeated
    s.vote(9, s.lines(lines), expect=(9, 9, 0, 3, 0))
    s.log("casting_vote", item=9, choice=YES)
    s.close_item(9)


def item_10(s: Sitting) -> None:
    """A motion voted by roll call (nominal), at Endavant's request: rejected."""
    s.open_item(10)
    s.speech("m14", 3)
    s.speech("m18", 3)
    choices = s.lines(
        {"endavant": YES, "verd": YES, "veins": ABSTAIN, "acord": NO, "independents": NO}
    )
    s.nominal_vote(10, choices, expect=(5, 6, 7, 3, 0))
    s.close_item(10)


def control(s: Sitting) -> None:
    """Items 11-13 take no vote: a report, questions and requests. m05 comes back."""
    s.open_item(11)
    s.speech("m01", 3)
    s.speech("m14", 2)  # asks about one of the decrees
    s.close_item(11)
    s.open_item(12)
    s.speech("m12", 3)
    s.join("m05")
    s.wait(1)
    s.speech("m02", 3)
    s.speech("m15", 3)
    s.speech("m06", 3)
    s.close_item(12)
    s.open_item(13)
    s.speech("m21", 3)
    s.speech("m01", 2)
    s.close_item(13)
    s.speech("m01", 2)  # the mayor closes the session
    s.at("19:05:40")
    s.log("session_closed")


def main() -> None:
    session = tomllib.loads((FOLDER / "session.toml").read_text(encoding="utf-8"))
    sitting = Sitting(session)
    parts = [roll_call, item_1, item_2, item_3, item_4, item_5, recess]
    parts += [item_6, item_7, item_8, item_9, item_10, control]
    for part in parts:
        part(sitting)
    lines = [json.dumps(event, ensure_ascii=False) for event in sitting.events]
    (FOLDER / "votes.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} events to {FOLDER / 'votes.jsonl'}")


if __name__ == "__main__":
    main()
