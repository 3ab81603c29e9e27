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
  with a vote type's name as a string (`vote_type.value != "ordinary"`);
- any other vote type tested: a `VoteType` member anywhere but as a key of a dict display (secrecy
  tested by exclusion: `vote_type not in (VoteType.ORDINARY, VoteType.NOMINAL)`), and `VoteType`
  itself as a value (`VoteType("ordinary")`, `list(VoteType)`, `T = VoteType`);
- the secretary's view asked for: `Audience` anywhere but `Audience.PUBLIC` (it shows the items
  debated in camera);
- a whole model dumped by pydantic's functions (`to_jsonable_python`, `to_json`, a TypeAdapter's
  `dump_python` / `dump_json`), by `dict()` of a call (`dict(r.model_copy())`; `dict(zip(...))`
  is fine), or by iterating over it for its (name, value) pairs (`{k: v for k, v in result}`);
- a tally, a result or the proceedings made text whole: `str`, `repr`, `format`, `print`, an
  f-string or `.format()` of a name that holds one (`str(run.tally)`, `f"{result}"`);
- a raw event's or cast's choice read: `.choice` (the input and replay modules read it).

A place in ALLOWED (choice_scan_places.py) is a reviewed exception: a call or a whole line.
"""

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.core.choice_scan_places import ALLOWED, EXEMPT
from videoacta.core.terms import VoteType

PACKAGE = Path(__file__).resolve().parents[2] / "videoacta"
__all__ = ["ALLOWED", "EXEMPT", "PACKAGE", "scanned_modules", "trespasses"]

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
    "getattr": slice(1, 2), "hasattr": slice(1, 2), "setattr": slice(1, 2),
    "delattr": slice(1, 2), "attrgetter": slice(None), "itemgetter": slice(None),
    "methodcaller": slice(0, 1), "__getattribute__": slice(0, 1),
}  # fmt: skip
KEY_READERS = frozenset({"get", "pop", "setdefault", "__getitem__"})
# A model's fields as a dict or JSON: pydantic's methods (v1's names too, a TypeAdapter's, and
# pydantic_core's functions), and the builtins.
MODEL_DUMPS = frozenset(
    {"model_dump", "model_dump_json", "dict", "json", "dump_python", "dump_json"}
    | {"to_jsonable_python", "to_json"}
)
DUMPS = MODEL_DUMPS | {"asdict", "vars"}
# A dict made of these is no model: pairs zipped or listed, keys.
PAIRS = frozenset({"zip", "items", "fromkeys", "enumerate"})
# The names that hold a tally, a result, a round or the proceedings: made text whole, or iterated
# over for their fields, they carry every choice.
CHOICE_HOLDERS = frozenset(
    {"tally", "proceedings", "result", "results", "round", "rounds", "trail", "run", "count"}
)
TEXT_MAKERS = frozenset({"str", "repr", "ascii", "format", "print"})
SECRET = "secret"
VOTE_TYPE_NAMES = frozenset(v.value for v in VoteType) - {SECRET}  # "secret" is flagged anywhere


def scanned_modules(root: Path = PACKAGE) -> list[Path]:
    """Every module of videoacta but the exempt ones."""
    return [m for m in sorted(root.rglob("*.py")) if m.relative_to(root).as_posix() not in EXEMPT]


@dataclass(frozen=True)
class Scan:
    """What the checks of one module need to know about it."""

    module: str  # its path under videoacta/, as ALLOWED names it
    allowed: Mapping[tuple[str, str], str]  # ALLOWED, or a part of it
    aliases: dict[str, str]  # names imported under another name
    parents: dict[int, ast.AST]  # each node's parent, by the node's id
    called: frozenset[int]  # the ids of the nodes called (`getattr` in `getattr(r, x)`)
    keyword_values: frozenset[int]  # the ids of keyword arguments' values (`class_="secret"`)
    dict_keys: frozenset[int]  # the ids of the keys of dict displays
    annotations: frozenset[int]  # the ids of every node inside an annotation

    def allows(self, call: ast.Call) -> bool:
        return (self.module, ast.unparse(call)) in self.allowed

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(id(node))


def trespasses(
    source: str, module: str = "", allowed: Mapping[tuple[str, str], str] = ALLOWED
) -> list[str]:
    """Each place in `source` (the module `module`, for ALLOWED) that the scan flags."""
    tree = ast.parse(source)
    scan = _scan(tree, module, allowed)
    nodes = list(ast.walk(tree))
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
    lines = source.splitlines()
    return [
        f"{line}: {what}"
        for line, _, what in sorted(found)
        if (module, lines[line - 1].strip()) not in allowed
    ]


def _scan(tree: ast.Module, module: str, allowed: Mapping[tuple[str, str], str]) -> Scan:
    nodes = list(ast.walk(tree))
    annotated = [n.annotation for n in nodes if isinstance(n, ast.arg | ast.AnnAssign)]
    annotated += [n.returns for n in nodes if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    return Scan(
        module=module,
        allowed=allowed,
        aliases=_aliases(tree),
        parents={id(child): node for node in nodes for child in ast.iter_child_nodes(node)},
        called=frozenset(id(n.func) for n in nodes if isinstance(n, ast.Call)),
        keyword_values=frozenset(id(n.value) for n in nodes if isinstance(n, ast.keyword)),
        dict_keys=frozenset(id(k) for n in nodes if isinstance(n, ast.Dict) for k in n.keys if k),
        annotations=frozenset(id(n) for a in annotated if a for n in ast.walk(a)),
    )


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
    return _by_kind(node, scan) + _iterated(node, scan)


def _by_kind(node: ast.AST, scan: Scan) -> list[str]:
    if isinstance(node, ast.Attribute):
        return _attribute(node, scan)
    if isinstance(node, ast.Call):
        return _call(node, scan) + _made_text(node, scan)
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        return [f"[{name!r}]" for name in _names(node.slice)]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        secret = node.value.casefold() == SECRET and id(node) not in scan.keyword_values
        return ['"secret"'] if secret else []
    if isinstance(node, ast.Name):
        return _name(node, scan)
    if isinstance(node, ast.Compare):
        return _vote_type_names([node.left, *node.comparators])
    if isinstance(node, ast.FormattedValue) and _holds_choices(node.value):
        return [f"{ast.unparse(node.value)} made text"]
    return []


def _name(node: ast.Name, scan: Scan) -> list[str]:
    name = scan.aliases.get(node.id, node.id)
    if name in NAME_READERS and id(node) not in scan.called:
        return [f"{name} as a value"]
    if name in ("VoteType", "Audience"):
        return _vocabulary(node, name, scan)
    return []


def _attribute(node: ast.Attribute, scan: Scan) -> list[str]:
    if node.attr in FIELDS:
        return [f".{node.attr}"]
    if node.attr == "SECRET":
        return ["VoteType.SECRET"]
    if node.attr == "__dict__":
        return [".__dict__"]
    if node.attr == "choice" and isinstance(node.ctx, ast.Load):
        return [".choice"]
    if node.attr in ("VoteType", "Audience"):
        return _vocabulary(node, node.attr, scan)
    return []


def _vocabulary(node: ast.expr, name: str, scan: Scan) -> list[str]:
    """`VoteType` but as a label's key or in an annotation; `Audience` but as Audience.PUBLIC."""
    if id(node) in scan.annotations:
        return []
    parent = scan.parent(node)
    if not isinstance(parent, ast.Attribute):
        return [f"{name} as a value"]
    if name == "Audience":
        return [] if parent.attr == "PUBLIC" else [f"Audience.{parent.attr}"]
    return [] if id(parent) in scan.dict_keys else [f"VoteType.{parent.attr}"]


def _call(node: ast.Call, scan: Scan) -> list[str]:
    callee = _callee(node, scan.aliases)
    if callee is None:
        return []
    if callee in NAME_READERS:
        names = node.args[NAME_READERS[callee]]
        found = [f"{callee} {name!r}" for arg in names for name in _names(arg)]
        dynamic = any(not isinstance(arg, ast.Constant) for arg in names)
        if dynamic and not scan.allows(node):
            found.append(f"{callee} of a name that is not a constant")
        return found
    if callee in KEY_READERS and isinstance(node.func, ast.Attribute):
        return [f".{callee}({name!r})" for arg in node.args[:1] for name in _names(arg)]
    if callee in DUMPS and _dumps_a_model(node, scan) and not scan.allows(node):
        return [f"{callee}() of a whole model"]
    return []


def _dumps_a_model(node: ast.Call, scan: Scan) -> bool:
    """`x.model_dump()`, `x.dict()`, `vars(x)`, `asdict(x)`, `dict(x)`, `dict(x.model_copy())`;
    not `dict(zip(...))`, not `dict()` of a dict display."""
    if isinstance(node.func, ast.Attribute) and node.func.attr in MODEL_DUMPS:
        return True
    if len(node.args) != 1 or isinstance(node.args[0], ast.Dict):
        return False
    inner = node.args[0]
    return not isinstance(inner, ast.Call) or _callee(inner, scan.aliases) not in PAIRS


def _made_text(node: ast.Call, scan: Scan) -> list[str]:
    """`str(run.tally)`, `repr(result)`, `print(proceedings)`, `"{}".format(result)`."""
    callee = _callee(node, scan.aliases)
    text = callee in TEXT_MAKERS and isinstance(node.func, ast.Name)
    text = text or (callee == "format" and isinstance(node.func, ast.Attribute))
    held = [*node.args, *(k.value for k in node.keywords)] if text else []
    return [f"{ast.unparse(arg)} made text" for arg in held if _holds_choices(arg)]


def _holds_choices(node: ast.expr) -> bool:
    """A plain name or attribute whose last name holds a tally, a result or the proceedings."""
    if isinstance(node, ast.Name):
        return node.id in CHOICE_HOLDERS
    return isinstance(node, ast.Attribute) and node.attr in CHOICE_HOLDERS


def _iterated(node: ast.AST, scan: Scan) -> list[str]:
    """`for name, value in result`: a pydantic model iterated over gives its fields."""
    loop = scan.parent(node)
    if not isinstance(loop, ast.comprehension | ast.For) or loop.iter is not node:
        return []
    pair = isinstance(loop.target, ast.Tuple) and len(loop.target.elts) == 2
    return [f"iteration over {ast.unparse(node)}"] if pair and _holds_choices(node) else []


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
