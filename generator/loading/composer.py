"""Build plain data and a source map from libyaml's event stream.

The parser is libyaml through PyYAML's C binding; the composing is done here,
iteratively, because PyYAML's own composer recurses in C and crashes on deeply
nested input, resolves scalars by YAML 1.1 and drops duplicate keys silently.
Composing from events is also faster than building PyYAML's node objects.

Positions are kept beside the data in the same shape (a mapping's entries by key, a
list's entries by index), so recording them costs one small tuple per value; a path
such as ``("spec", "timeline", 2, "owner")`` is only walked when a diagnostic needs
its line and column.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any, Final

import yaml

from generator.loading.scalars import MAX_DIGITS, NumberTooLongError, resolve_plain, yaml11_trap

try:
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as _Parser

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 0-based line and column, as libyaml counts them
#: Where one value was written, packed into one integer: the position of its key plus one
#: (0 in lists) above ``_KEY_SHIFT``, its own position below, each as
#: ``line << _COLUMN_BITS | column``. A mapping or a list pairs it with the entries inside.
#: One small integer per value instead of a tuple of tuples: positions were the largest
#: share of a loaded tree's memory.
Entry = int | tuple[int, "dict[str, Entry] | list[Entry]"]

#: Bits of a packed position that hold the column: a file is at most a few MB.
_COLUMN_BITS: Final = 24
_KEY_SHIFT: Final = 56
_VALUE_MASK: Final = (1 << _KEY_SHIFT) - 1
_COLUMN_MASK: Final = (1 << _COLUMN_BITS) - 1


def _unpack(at: int) -> Position:
    return at >> _COLUMN_BITS, at & _COLUMN_MASK


MAX_DEPTH: Final = 64
#: Values that aliases may add on top of what is written; a playbook needs few.
MAX_ALIAS_EXPANSION: Final = 10_000

_TAG_PREFIX: Final = "tag:yaml.org,2002:"
#: Line breaks as libyaml counts lines: CR LF, LF or a lone CR.
LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_STR_TAG: Final = "tag:yaml.org,2002:str"
_CORE_TAGS: Final = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
}
_CONTAINER_TAGS: Final = frozenset({None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_MAY_BE_TRAP: Final = (int, float)
_QUOTE_STYLES: Final = frozenset({'"', "'"})


def split_lines(text: str) -> list[str]:
    """``text``'s lines as libyaml counts them; most files have no CR, and splitting at LF
    alone is many times faster than the pattern."""
    return text.split("\n") if "\r" not in text else LINE_BREAK.split(text)


class ComposeError(Exception):
    """The stream cannot be turned into data; carries the code, message and position."""

    def __init__(self, code: str, message: str, position: Position, hint: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.position = position
        self.hint = hint


@dataclass(frozen=True)
class Note:
    """A problem found while composing that does not stop it (duplicate key, 1.1 trap)."""

    code: str
    message: str
    position: Position
    hint: str | None = None


class SourceMap:
    """Positions of the keys and values of one document."""

    __slots__ = ("_root",)

    def __init__(self, root: Entry | None = None) -> None:
        self._root = root

    def _walk(self, path: Path) -> tuple[int | None, int]:
        """The packed positions at ``path`` (or its deepest written ancestor) and how deep."""
        entry = self._root
        depth = 0
        for part in path:
            if entry is None or isinstance(entry, int):
                break
            inner = entry[1]
            found: Entry | None = None
            if isinstance(inner, dict) and isinstance(part, str):
                found = inner.get(part)
            elif isinstance(inner, list) and isinstance(part, int) and 0 <= part < len(inner):
                found = inner[part]
            if found is None:
                break
            entry = found
            depth += 1
        if entry is None:
            return None, depth
        return (entry if isinstance(entry, int) else entry[0]), depth

    def value(self, path: Path) -> Position:
        """Position of the value at ``path``, or of its nearest ancestor that has one."""
        packed, _ = self._walk(path)
        return _unpack(packed & _VALUE_MASK) if packed is not None else (0, 0)

    def key(self, path: Path) -> Position:
        """Position of the key naming ``path``; the value's when there is no key."""
        packed, depth = self._walk(path)
        if packed is None:
            return (0, 0)
        key = packed >> _KEY_SHIFT
        if depth == len(path) and key:
            return _unpack(key - 1)
        return _unpack(packed & _VALUE_MASK)

    def written(self, path: Path) -> bool:
        """Whether the value at ``path`` was written in the file (not defaulted)."""
        return self._walk(path)[1] == len(path)


@dataclass
class Composed:
    data: Any
    source_map: SourceMap
    notes: list[Note]


def compose(text: str) -> Composed:
    """Compose one YAML document; raise :class:`ComposeError` when that is impossible.

    An empty stream composes to ``None``.
    """
    parser = _Parser(text)
    quoted: list[Any] = [None]  # the last quoted scalar read, for an unclosed quote
    try:
        return _compose(parser, quoted, text)
    except yaml.MarkedYAMLError as exc:
        raise _clamped(_syntax_error(exc, text, quoted[0]), text) from None
    except ComposeError as exc:
        raise _clamped(exc, text) from None
    finally:
        parser.dispose()


class _Frame:
    """An open mapping or list while its events arrive."""

    __slots__ = (
        "anchor",
        "at",
        "container",
        "dropped",
        "is_map",
        "key",
        "key_at",
        "positions",
        "size",
    )

    def __init__(self, container: Any, at: int, anchor: str | None, dropped: bool) -> None:
        self.container = container
        self.is_map = type(container) is dict
        self.positions: Any = {} if self.is_map else []
        self.at = at
        self.anchor = anchor
        self.dropped = dropped  # inside the value of a duplicate key: composed, then thrown away
        self.key: str | None = None
        self.key_at = 0
        self.size = 1


def _compose(parser: Any, quoted: list[Any], text: str) -> Composed:  # noqa: PLR0912, PLR0915 - one event loop, kept flat for speed
    notes: list[Note] = []
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    expanded = 0
    root: Entry | None = None
    root_value: Any = None
    documents = 0
    get_event = parser.get_event
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    sequence_start = yaml.SequenceStartEvent
    mapping_end = yaml.MappingEndEvent
    sequence_end = yaml.SequenceEndEvent
    lines: list[str] = []  # the text's lines, split when a quoted or block value needs them
    # libyaml also breaks lines at NEL, LS and PS, which editors and LINE_BREAK do not:
    # where they occur, its positions and the text's lines disagree, so the layout
    # checks, which compare the two, are left out.
    layout = _OTHER_BREAKS.search(text) is None

    while True:
        event = get_event()
        if event is None:
            break
        kind = type(event)
        mark = event.start_mark
        at = mark.line << _COLUMN_BITS | mark.column
        top = stack[-1] if stack else None

        if kind is scalar_event:
            if top is not None and top.is_map and top.key is None:  # a key
                # A few dozen field names repeat across every file: one string each.
                name = sys.intern(event.value)
                if event.anchor is not None:  # an anchored key: its text may be reused
                    anchors[event.anchor] = (name, 1)
                if event.style == "" and name == "" and event.tag is None:
                    if event.anchor is not None:  # `&a: key`: YAML 1.2 reads anchor `a:`
                        raise ComposeError(
                            "PB001",
                            f"`&{event.anchor}:` is outside the YAML playbooks use: YAML 1.2 "
                            f"reads an anchor named `{event.anchor}:`, the reader used here an "
                            "empty key",
                            _pos(mark),
                            "playbooks need no anchors on keys: remove it, or end its name "
                            "with a space",
                        )
                    raise ComposeError("PB001", "a mapping key is empty", _pos(mark))
                if name in top.container:
                    first = _key_of(top.positions[name]) if name in top.positions else _pos(mark)
                    notes.append(_duplicate(name, first, _pos(mark)))
                    top.key = _DROP
                else:
                    top.key, top.key_at = name, at
                continue
            if event.style in _QUOTE_STYLES:
                quoted[0] = event
            if event.style and layout:  # quoted or block: layouts libyaml lets through
                lines = lines or split_lines(text)
                _check_layout(event, top, lines)
            try:
                value = _scalar_value(event, notes)
            except NumberTooLongError:
                raise ComposeError(
                    "PB014",
                    f"a number of {len(event.value):,} digits: values have at most "
                    f"{MAX_DIGITS} digits",
                    _pos(mark),
                    "quote it if it is text; otherwise check for a pasted or repeated value",
                ) from None
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            entry: Entry = at
            size = 1
        elif kind is mapping_start or kind is sequence_start:
            if top is not None and top.is_map and top.key is None:
                raise ComposeError(
                    "PB001", "a mapping key must be plain text, found a list or mapping", _pos(mark)
                )
            if event.tag not in _CONTAINER_TAGS:
                raise ComposeError(
                    "PB013",
                    f"unsupported tag `{_short_tag(event.tag)}`: playbooks use plain YAML values",
                    _pos(mark),
                )
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(_pos(mark))
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            dropped = top is not None and (top.dropped or top.key is _DROP)
            stack.append(_Frame({} if kind is mapping_start else [], at, event.anchor, dropped))
            continue
        elif kind is mapping_end or kind is sequence_end:
            frame = stack.pop()
            top = stack[-1] if stack else None
            if frame.anchor is not None:
                open_anchors.discard(frame.anchor)
                anchors[frame.anchor] = (frame.container, frame.size)
            value = frame.container
            entry = (frame.at, frame.positions)
            size = frame.size
        elif kind is yaml.AliasEvent:
            name = event.anchor
            if top is not None and top.is_map and top.key is None:
                raise ComposeError(
                    "PB001", "a mapping key must be plain text, found an alias", _pos(mark)
                )
            if name in open_anchors:
                raise ComposeError(
                    "PB005",
                    f"alias `*{name}` refers to the value that contains it",
                    _pos(mark),
                    "a value cannot include itself; copy the parts you need",
                )
            if name not in anchors:
                raise ComposeError(
                    "PB005", f"alias `*{name}` has no anchor `&{name}` before it", _pos(mark)
                )
            value, size = anchors[name]
            expanded += size
            if expanded > MAX_ALIAS_EXPANSION:
                raise ComposeError(
                    "PB005",
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values",
                    _pos(mark),
                    "this looks like an alias bomb; write the values out instead",
                )
            entry = at
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise ComposeError(
                    "PB012",
                    "a second YAML document starts here: expected one document per file",
                    _pos(mark),
                    "split the documents into files of their own",
                )
            continue
        else:
            continue

        # A value is complete: attach it to the open container, or make it the document.
        if top is None:
            root, root_value = entry, value
            continue
        top.size += size
        if top.is_map:
            key = top.key
            top.key = None
            if key is _DROP or top.dropped:
                continue
            top.container[key] = value
            keyed = (top.key_at + 1) << _KEY_SHIFT
            if isinstance(entry, int):
                top.positions[key] = keyed | entry
            else:
                top.positions[key] = (keyed | entry[0], entry[1])
        else:
            top.container.append(value)
            if not top.dropped:
                top.positions.append(entry)
    return Composed(root_value, SourceMap(root), notes)


def _check_layout(event: Any, top: _Frame | None, lines: list[str]) -> None:
    """Refuse what YAML 1.2 forbids and libyaml accepts around a quoted or block value:
    a `#` right after it (a comment needs a space before it), and a continuation line of
    a quoted value in block layout that is not indented deeper than its key or dash."""
    start, end = event.start_mark, event.end_mark
    if event.style in _QUOTE_STYLES:
        if lines[end.line][end.column : end.column + 1] == "#":
            raise ComposeError(
                "PB001",
                "invalid YAML: a `#` right after a quoted value starts no comment",
                (end.line, end.column),
                'put a space before the comment: version: "2.0"  # note',
            )
        if end.line > start.line and top is not None:
            _check_continuations(start, end.line, top, lines)
    elif _BLOCK_HEADER_COMMENT.match(lines[start.line], start.column):
        raise ComposeError(
            "PB001",
            "invalid YAML: a `#` right after `|` or `>` starts no comment",
            (start.line, start.column + 1),
            "put a space before the comment: note: >  # folded",
        )


#: Line breaks to libyaml (YAML 1.1) that are none to YAML 1.2 and editors.
_OTHER_BREAKS: Final = re.compile("[\x85\u2028\u2029]")
#: A line that reads as a mapping entry or a list item of its own.
_ENTRY: Final = re.compile(r"(- |[^\s\"'#][^:\s]*:(\s|$))")
#: A block scalar's header with a `#` straight after it (`>#`, `|-#`).
_BLOCK_HEADER_COMMENT: Final = re.compile(r"[|>][0-9+-]*#")


def _check_continuations(start: Any, last: int, top: _Frame, lines: list[str]) -> None:
    """Each continuation line of a quoted value, written in block layout, must be
    indented with spaces deeper than the key (or dash) that holds the value. A line that
    reads as an entry of its own (`unit: percent`, `- id: x`) means a closing quote is
    missing, and is told so at the quote."""
    owner = _unpack(top.key_at if top.is_map else top.at)
    if lines[owner[0]][owner[1] : owner[1] + 1] in ("[", "{"):
        return  # inside brackets: indentation does not count
    for number in range(start.line + 1, last + 1):
        line = lines[number]
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if body.strip() and indent <= owner[1]:
            if _ENTRY.match(body):
                raise ComposeError(
                    "PB001",
                    f"invalid YAML: the quoted value that starts here runs on to line "
                    f"{last + 1}, over line {number + 1}, which reads as an entry of its own",
                    (start.line, start.column),
                    "is its closing quote missing? A quoted value ends at the next matching quote",
                )
            tab = " with a tab" if body.startswith("\t") else ""
            raise ComposeError(
                "PB001",
                f"invalid YAML: this line of a quoted value starts{tab} at column "
                f"{indent + 1}, not deeper than the value's key at column {owner[1] + 1}",
                (number, indent),
                "indent every line of a quoted value with spaces, deeper than its key",
            )


#: Stands for the key of a duplicate entry, whose value is composed and thrown away.
_DROP: Final = "\0drop"


def _key_of(entry: Entry) -> Position:
    """Where the key of a mapping's ``entry`` was written."""
    packed = entry if isinstance(entry, int) else entry[0]
    return _unpack((packed >> _KEY_SHIFT) - 1)


def _duplicate(key: str, first: Position, pos: Position) -> Note:
    return Note(
        "PB002",
        f"duplicate key `{key}`: it is already set on line {first[0] + 1}",
        pos,
        "remove one of the two; YAML keeps only one value per key",
    )


def _pos(mark: Any) -> Position:
    """A libyaml mark as (line, column): made only where a note or error needs it."""
    return (mark.line, mark.column)


def _scalar_value(event: Any, notes: list[Note]) -> Any:
    tag = event.tag
    text: str = event.value
    if tag is None or tag == "!":
        if event.style:  # quoted or block scalars are always text
            return text
        value = resolve_plain(text)
        # Only short words and numbers can be YAML 1.1 traps; skip the rest cheaply.
        if (type(value) is str and len(text) <= 3) or type(value) in _MAY_BE_TRAP:
            trap = yaml11_trap(text)
            if trap is not None:
                notes.append(
                    Note(
                        "PB009",
                        f"`{text}` means different things to YAML 1.1 and 1.2",
                        _pos(event.start_mark),
                        trap,
                    )
                )
        return value
    if tag == _STR_TAG:
        return text
    wanted = _CORE_TAGS.get(tag)
    if wanted is None:
        raise ComposeError(
            "PB013",
            f"unsupported tag `{_short_tag(tag)}`: playbooks use plain YAML values",
            _pos(event.start_mark),
            "remove the tag; quote the value if it should stay text",
        )
    value = resolve_plain(text)
    if wanted is float and type(value) is int:
        return float(value)
    if type(value) is not wanted:
        raise ComposeError(
            "PB013", f"`{text}` cannot be read as `{_short_tag(tag)}`", _pos(event.start_mark)
        )
    return value


def _short_tag(tag: str) -> str:
    """A tag as it is written in the file: ``!!int`` rather than ``tag:yaml.org,2002:int``."""
    return "!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag


def _too_deep(pos: Position) -> ComposeError:
    return ComposeError(
        "PB006",
        f"nesting is deeper than {MAX_DEPTH} levels",
        pos,
        "playbooks need a handful of levels; check for runaway brackets",
    )


def _deepest_level(text: str, pos: Position) -> ComposeError:
    """Where nesting first passes ``MAX_DEPTH``, when libyaml refused it further on.

    libyaml scans ahead and stops at its own limit (about 1,000 levels) before the
    composer sees the level that passes ours; composing the text up to libyaml's stop
    finds that level, so the report is the same whichever layer notices first.
    """
    lines = text.split("\n")[: pos[0] + 1]
    lines[-1] = lines[-1][: pos[1]]
    try:
        compose("\n".join(lines))
    except ComposeError as exc:
        if exc.code == "PB006":
            return exc
    return _too_deep(pos)


def _clamped(exc: ComposeError, text: str) -> ComposeError:
    """``exc`` placed on a line the file has; libyaml may point past the last one.

    The empty "line" after a final line break is not one an editor can show, so a
    position there moves to the end of the last line.
    """
    lines = split_lines(text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    line, column = exc.position
    if line >= len(lines):
        line, column = len(lines) - 1, len(lines[-1])
    exc.position = (line, min(column, len(lines[line])))
    return exc


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, quoted: Any) -> ComposeError:
    mark = exc.problem_mark or exc.context_mark
    pos = (mark.line, mark.column) if mark is not None else (0, 0)
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    if "maximum nesting depth" in problem:
        return _deepest_level(text, pos)
    if "end of stream" in problem and "quoted scalar" in context and exc.context_mark:
        opened = (exc.context_mark.line, exc.context_mark.column)
        return ComposeError(
            "PB001",
            "invalid YAML: this quoted value is never closed: the file ends inside it",
            opened,
            "add the closing quote at the end of the value",
        )
    if quoted is not None and quoted.start_mark.line < quoted.end_mark.line == pos[0]:
        opened = (quoted.start_mark.line, quoted.start_mark.column)
        return ComposeError(
            "PB001",
            f"invalid YAML: the quoted value that starts here runs on to line {pos[0] + 1}, "
            f"where the YAML breaks ({problem})",
            opened,
            "is its closing quote missing? A quoted value ends at the next matching quote",
        )
    if "tab character" in problem or (
        "cannot start any token" in problem and _char_at(text, pos) == "\t"
    ):
        return ComposeError(
            "PB010",
            "tab character: YAML indentation must use spaces",
            pos,
            "replace the tab with spaces; most editors can show tabs",
        )
    hint = _SYNTAX_HINTS.get(problem)
    context = f" ({context})" if context else ""
    if _valid_yaml_1_2(text):
        return ComposeError(
            "PB001",
            f"valid YAML, but outside the subset playbooks are read in: {problem}{context}",
            pos,
            "write this part in block style, one `key: value` or `- item` per line, with "
            "keys and values on the same line",
        )
    return ComposeError("PB001", f"invalid YAML: {problem}{context}", pos, hint)


#: The largest text given a second opinion: playbook files are a few KB.
_SECOND_OPINION_CHARS: Final = 200_000


def _valid_yaml_1_2(text: str) -> bool:
    """Whether a YAML 1.2 parser of its own (ruamel.yaml's, in pure Python: its C one is
    libyaml again) reads ``text``: then the error is the reader's limit, not the file's.
    Asked only once the file has failed, so it costs nothing on valid files."""
    from ruamel.yaml import YAML  # noqa: PLC0415 - only on this error path

    if len(text) > _SECOND_OPINION_CHARS:  # a pure-Python parse of a huge file is slow
        return False
    try:
        YAML(typ="safe", pure=True).load(text)
    except Exception:  # any failure of the second opinion means: not shown to be valid
        return False
    return True


def _char_at(text: str, pos: Position) -> str:
    lines = split_lines(text)
    if pos[0] < len(lines) and pos[1] < len(lines[pos[0]]):
        return lines[pos[0]][pos[1]]
    return ""


_SYNTAX_HINTS: Final = {
    "mapping values are not allowed in this context": (
        'a value that contains `: ` must be quoted, for example title: "Go-live: day 11"'
    ),
    "mapping values are not allowed here": (
        'a value that contains `: ` must be quoted, for example title: "Go-live: day 11"'
    ),
    "found character that cannot start any token": ("quote values that start with @, `, %, | or >"),
    "found unexpected ':'": (
        "quote the text around the `:`. If this is valid YAML 1.2 (such as `key:,` in a "
        "flow mapping), it is a form the YAML reader used here (libyaml) does not accept: "
        "write the value out or use block style"
    ),
    "could not find expected ':'": "a key on this line is missing its `:`",
    "did not find expected key": "check the indentation of this line against the lines above",
}
