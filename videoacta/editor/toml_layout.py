"""Where the comments of a hand-edited session.toml belong, so that an edit keeps them in place.

tomlkit keeps every comment, but files a block written above a table's header as the tail of the
table before it: removing `[[items]]` 4 would take the heading written above item 5 with it, and
a key added to a table would land below the next table's heading. `normalize` gives each such
block to the table it introduces, as the text before its header, by one rule: the comments right
under a table's last key are that table's; from the first blank line on, they introduce the next
table. The document still renders byte for byte the same. The entry operations then treat those
blocks as headings of places in the list: they stay where they are when entries move.
"""

from collections.abc import Iterator

from tomlkit.container import Container
from tomlkit.items import AoT, Array, Comment, InlineTable, Item, Key, Null, Table, Whitespace

BLANK = "\n"  # the text before a new entry's header: one blank line


def normalize(document: Container) -> None:
    """Move each block of comments that introduces a table into the text before its header."""
    tables = list(_headed_tables(document))
    owners = [document, *(table.value for table in tables)]
    for before, table in zip(owners, tables, strict=False):
        table.trivia.indent = _take_lead(before) + table.trivia.indent


def insert_entry(entries: AoT | Array, index: int, table: Table | InlineTable) -> None:
    """Insert `table` at `index`; the new entry takes the heading of its place, the entry it
    pushes down gets a blank line. (An inline array has no headings: a plain insert.)"""
    if isinstance(entries, Array):
        entries.insert(index, table)
        return
    assert isinstance(table, Table)
    leads = _leads(entries)
    entries.insert(index, table)
    _set_leads(entries, [*leads[: index + 1], BLANK, *leads[index + 1 :]])


def remove_entry(entries: AoT | Array, index: int) -> None:
    """Remove the entry at `index`; a heading above it passes to the entry that follows."""
    if isinstance(entries, Array):
        del entries[index]
        return
    lead = entries[index].trivia.indent
    del entries[index]
    if index < len(entries):
        after = entries[index]
        after.trivia.indent = _merge(lead, after.trivia.indent)


def move_entry(entries: AoT | Array, index: int, to: int) -> None:
    """Move the entry at `index` to `to`; the headings stay at their places."""
    leads = _leads(entries) if isinstance(entries, AoT) else []
    table = entries[index]
    del entries[index]
    entries.insert(to, table)
    if isinstance(entries, AoT):
        _set_leads(entries, leads)


def _headed_tables(container: Container) -> Iterator[Table]:
    """Every table that renders a header, in the order the document renders them."""
    for key, item in container.body:
        if isinstance(item, Table) and key is not None and not key.is_dotted():
            if not item.is_super_table():
                yield item
            yield from _headed_tables(item.value)
        elif isinstance(item, AoT):
            for table in item.body:
                yield table
                yield from _headed_tables(table.value)


def _take_lead(container: Container) -> str:
    """Cut from `container` the comments and blank lines after its keys that introduce what
    follows: those from the first blank line on."""
    body = container.body
    end = next((n for n, (key, item) in enumerate(body) if _opens_table(key, item)), len(body))
    start = end
    while start > 0 and isinstance(body[start - 1][1], Comment | Whitespace | Null):
        start -= 1
    blank = next((n for n in range(start, end) if _is_blank(body[n][1])), end)
    lead = "".join(item.as_string() for _, item in body[blank:end])
    # Null is what tomlkit itself leaves where it removes an entry: nothing moves in its map.
    body[blank:end] = [(None, Null()) for _ in range(blank, end)]
    return lead


def _opens_table(key: Key | None, item: Item) -> bool:
    return isinstance(item, AoT) or (
        isinstance(item, Table) and key is not None and not key.is_dotted()
    )


def _is_blank(item: Item) -> bool:
    return isinstance(item, Whitespace) and "\n" in item.as_string()


def _leads(entries: AoT) -> list[str]:
    return [table.trivia.indent for table in entries.body]


def _set_leads(entries: AoT, leads: list[str]) -> None:
    for table, lead in zip(entries.body, leads, strict=False):
        table.trivia.indent = lead


def _has_comment(text: str) -> bool:
    return any(line.lstrip().startswith("#") for line in text.splitlines())


def _merge(lead: str, after: str) -> str:
    if not _has_comment(lead):
        return after
    if not _has_comment(after):
        return lead
    return lead + after.lstrip("\n")
