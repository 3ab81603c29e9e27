"""The source scan behind tests/core/test_choice_scan.py: each place that reads a member's choice,
an incident or a publication rule's flag, or tests a secret ballot, but through the published view.

It reads source text with `ast` and imports nothing of videoacta but its vocabulary. It looks for:

- a choice's carrier read as an attribute (`result.members`, `round.casts`, ...), or a rule's
  flag (`spec.in_camera`, `spec.members_in_minutes`), or the log's incidents (`.incidents`: a
  change of vote names the member);
- the same names as strings handed to whatever reads a field by its name: `getattr`, `hasattr`,
  `operator.attrgetter` and the like (also renamed on import, or taken as a value), a subscript
  (`r.model_dump()["members"]`, `vars(r)["changes"]`), `.get(...)`, a `match` pattern
  (`case {"members": m}`, `case RoundResult(members=m)`);
- such a reader given a name that is not a constant (`getattr(r, name)`);
- a whole model turned into a dict or JSON (`model_dump`, `model_dump_json`, `vars`, `__dict__`,
  `dataclasses.asdict`, `dict(model)`): a tally or proceedings dumped into an output would carry
  every choice;
- a secret ballot tested: `VoteType.SECRET` or the string "secret" anywhere (a comparison, an
  `in` over a tuple or set, a `match` case, a constant set aside for later), and a comparison
  with a vote type's name as a string (`vote_type.value != "ordinary"`).

A place in ALLOWED is a reviewed exception: a dump or a dynamic `getattr` of a model that holds no
member's choice, named by its module and the exact call.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

from videoacta.core.terms import VoteType

PACKAGE = Path(__file__).resolve().parents[2] / "videoacta"

# The modules that handle members' choices or apply the rules themselves, and why.
EXEMPT = {
    "core/published.py": "the published view: the one place that applies ROF 88.1 and ROF 102",
    "core/tally.py": "counts every member's choice into each round's result",
    "core/results.py": "the models of those results: members' votes, groups' stands, changes",
    "core/proceedings.py": "the models of the replayed log: each round's casts, the incidents",
    "core/replay_state.py": "the replay's state machine: records each cast and each incident",
    "core/vote_rules.py": "the replay's handlers of a vote: casts, ballots, changes of vote",
    "core/attendance.py": "who is present, moment by moment, over the session's roster",
    "core/session.py": "the session contract: declares the roster and each item's rule flags",
    "core/terms.py": "declares the vocabulary, VoteType.SECRET included",
    "inputs/csvlog.py": "turns a votes.csv of members' final choices into a vote log",
    "inputs/session_folder.py": "reads session.toml and checks the roster it declares",
    "document/labels/ca.py": "the acta's words for each vote type, keyed by VoteType",
    "document/labels/es.py": "the acta's words for each vote type, keyed by VoteType",
    "document/labels/en.py": "the acta's words for each vote type, keyed by VoteType",
}

# Reviewed dumps and dynamic reads: (module, the call as `ast.unparse` writes it) and what it is.
ALLOWED = {
    ("core/replay.py", "dict(_ENTRIES)"): "the table from event type to handler",
    ("media/index_stage.py", "index.model_dump(mode='json')"): "index.json, made from the view",
    ("package.py", "a.digest.model_dump()"): "a file's size and SHA-256",
    ("package.py", "manifest.model_dump(mode='json')"): "manifest.json: files and digests",
    ("publish/popolo.py", "result.requirement.model_dump()"): "a round's required majority",
    ("publish/popolo.py", "check.model_dump()"): "a quorum check: present and required",
    ("batch/history.py", "entry.model_dump(mode='json')"): "batch.jsonl: a session's outcome",
    ("batch/history.py", "end.model_dump(mode='json')"): "batch.jsonl: the end of a run",
    ("batch/inbox.py", "cache.model_dump(mode='json')"): "the inbox's cache of input hashes",
    ("batch/runspec.py", "self.signer.model_dump()"): "the run spec's signer settings",
    ("batch/runspec.py", "getattr(self, key)"): "the run spec's file paths, made absolute",
    ("signing/signers.py", "dict(server.headers)"): "a time-stamp server's HTTP headers",
    ("cli/batch_command.py", "summary.model_dump(mode='json')"): "a batch run's summary",
    ("cli/session_commands.py", "status.model_dump(mode='json')"): "doctor: a tool's status",
    ("cli/signing_commands.py", "result.model_dump(mode='json')"): "a SignResult, a VerifyReport",
    ("cli/stage_commands.py", "result.model_dump(mode='json')"): "an IndexResult, a BuildResult",
}

# RoundResult.members, .groups, .changes, .participants; Round.casts, .final_choices(), .changes().
# `members` and `groups` are also the session's roster: outputs take people and groups from the
# view (`people`, `roster`, `political_groups`), so the name alone decides.
CHOICE_CARRIERS = frozenset(
    {"members", "groups", "changes", "participants", "casts", "final_choices"}
)
RULE_FIELDS = frozenset({"in_camera", "members_in_minutes", "incidents"})
FIELDS = CHOICE_CARRIERS | RULE_FIELDS
# What reads an attribute or an item by its name, and where in its arguments the name is.
NAME_READERS = {
    "getattr": slice(1, 2),
    "hasattr": slice(1, 2),
    "setattr": slice(1, 2),
    "delattr": slice(1, 2),
    "attrgetter": slice(None),
    "itemgetter": slice(None),
    "methodcaller": slice(0, 1),
    "__getattribute__": slice(0, 1),
}
KEY_READERS = frozenset({"get", "pop", "setdefault", "__getitem__"})
# A model's fields as a dict or JSON: pydantic's methods (v1's names too), and the builtins.
MODEL_DUMPS = frozenset({"model_dump", "model_dump_json", "dict", "json"})
DUMPS = MODEL_DUMPS | {"asdict", "vars"}
SECRET = "secret"
VOTE_TYPE_NAMES = frozenset(v.value for v in VoteType) - {SECRET}  # "secret" is flagged anywhere


def scanned_modules(root: Path = PACKAGE) -> list[Path]:
    """Every module of videoacta but the exempt ones."""
    return [m for m in sorted(root.rglob("*.py")) if m.relative_to(root).as_posix() not in EXEMPT]


@dataclass(frozen=True)
class Scan:
    """What the checks of one module need to know about it."""

    module: str  # its path under videoacta/, as ALLOWED names it
    aliases: dict[str, str]  # names imported under another name
    called: frozenset[int]  # the ids of the nodes called (`getattr` in `getattr(r, x)`)
    keyword_values: frozenset[int]  # the ids of keyword arguments' values (`class_="secret"`)

    def allowed(self, call: ast.Call) -> bool:
        return (self.module, ast.unparse(call)) in ALLOWED


def trespasses(source: str, module: str = "") -> list[str]:
    """Each place in `source` (the module `module`, for ALLOWED) that the scan flags."""
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    scan = Scan(
        module=module,
        aliases=_aliases(tree),
        called=frozenset(id(n.func) for n in nodes if isinstance(n, ast.Call)),
        keyword_values=frozenset(id(n.value) for n in nodes if isinstance(n, ast.keyword)),
    )
    found = {
        (node.lineno, node.col_offset, what)
        for node in nodes
        if hasattr(node, "lineno")
        for what in _flags(node, scan)
    }
    found |= {
        (case.pattern.lineno, case.pattern.col_offset, what)
        for case in nodes
        if isinstance(case, ast.match_case)
        for what in _pattern(case.pattern)
    }
    return [f"{line}: {what}" for line, _, what in sorted(found)]


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Names imported under another name: `from operator import attrgetter as ag` gives ag."""
    return {
        alias.asname: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname
    }


def _callee(call: ast.Call, aliases: dict[str, str]) -> str | None:
    if isinstance(call.func, ast.Name):
        return aliases.get(call.func.id, call.func.id)
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _flags(node: ast.AST, scan: Scan) -> list[str]:
    if isinstance(node, ast.Attribute):
        return _attribute(node)
    if isinstance(node, ast.Call):
        return _call(node, scan)
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        return [f"[{name!r}]" for name in _names(node.slice)]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        secret = node.value.casefold() == SECRET and id(node) not in scan.keyword_values
        return ['"secret"'] if secret else []
    if isinstance(node, ast.Name) and id(node) not in scan.called:
        name = scan.aliases.get(node.id, node.id)
        return [f"{name} as a value"] if name in NAME_READERS else []
    if isinstance(node, ast.Compare):
        return _vote_type_names([node.left, *node.comparators])
    return []


def _attribute(node: ast.Attribute) -> list[str]:
    if node.attr in FIELDS:
        return [f".{node.attr}"]
    if node.attr == "SECRET":
        return ["VoteType.SECRET"]
    if node.attr == "__dict__":
        return [".__dict__"]
    return []


def _call(node: ast.Call, scan: Scan) -> list[str]:
    callee = _callee(node, scan.aliases)
    if callee is None:
        return []
    if callee in NAME_READERS:
        names = node.args[NAME_READERS[callee]]
        found = [f"{callee} {name!r}" for arg in names for name in _names(arg)]
        dynamic = any(not isinstance(arg, ast.Constant) for arg in names)
        if dynamic and not scan.allowed(node):
            found.append(f"{callee} of a name that is not a constant")
        return found
    if callee in KEY_READERS and isinstance(node.func, ast.Attribute):
        return [f".{callee}({name!r})" for arg in node.args[:1] for name in _names(arg)]
    if callee in DUMPS and _dumps_a_model(node) and not scan.allowed(node):
        return [f"{callee}() of a whole model"]
    return []


def _dumps_a_model(node: ast.Call) -> bool:
    """`x.model_dump()`, `x.dict()`, `vars(x)`, `asdict(x)`, `dict(x)`; not `dict(zip(...))`."""
    if isinstance(node.func, ast.Attribute) and node.func.attr in MODEL_DUMPS:
        return True
    return len(node.args) == 1 and not isinstance(node.args[0], ast.Call | ast.Dict)


def _names(node: ast.AST) -> list[str]:
    """The field names a constant (or a tuple or list of them) spells."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if node.value in FIELDS else []
    if isinstance(node, ast.Tuple | ast.List):
        return [name for element in node.elts for name in _names(element)]
    return []


def _vote_type_names(operands: list[ast.expr]) -> list[str]:
    constants = [n for o in operands for n in ast.walk(o) if isinstance(n, ast.Constant)]
    named = {c.value for c in constants if isinstance(c.value, str)} & VOTE_TYPE_NAMES
    return [f"a vote type compared as {name!r}" for name in sorted(named)]


def _pattern(pattern: ast.pattern) -> list[str]:
    found = []
    for node in ast.walk(pattern):
        if isinstance(node, ast.MatchClass):
            found += [f"case ({name}=)" for name in node.kwd_attrs if name in FIELDS]
        elif isinstance(node, ast.MatchMapping):
            found += [f"case {{{name!r}: }}" for key in node.keys for name in _names(key)]
        elif isinstance(node, ast.MatchValue):
            found += _vote_type_names([node.value])
    return found
