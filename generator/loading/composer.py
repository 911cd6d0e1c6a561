"""Build plain data and a source map from libyaml's event stream.

The parser is libyaml through PyYAML's C binding; the composing is done here,
iteratively, because PyYAML's own composer recurses in C and crashes on deeply
nested input, resolves scalars by YAML 1.1 and drops duplicate keys silently.
Composing from events is also faster than building PyYAML's node objects.

Every key and value gets its position in the :class:`SourceMap`, keyed by its path
inside the document (``("spec", "timeline", 2, "owner")``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from generator.loading.scalars import resolve_plain, yaml11_trap

try:
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as _Parser

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 0-based line and column, as libyaml counts them

MAX_DEPTH: Final = 64
#: Values that aliases may add on top of what is written; a playbook needs few.
MAX_ALIAS_EXPANSION: Final = 10_000

_TAG_PREFIX: Final = "tag:yaml.org,2002:"
_STR_TAG: Final = "tag:yaml.org,2002:str"
_CORE_TAGS: Final = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
}
_CONTAINER_TAGS: Final = frozenset({None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
#: A key outside the document, where the value of a duplicate key is composed and dropped.
DROPPED: Final = "\0dropped"


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


@dataclass
class SourceMap:
    """Positions of the keys and values of one document, by path."""

    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def value(self, path: Path) -> Position:
        """Position of the value at ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return (0, 0)

    def key(self, path: Path) -> Position:
        """Position of the key naming ``path``; the value's when there is no key."""
        found = self.keys.get(path)
        return found if found is not None else self.value(path)


@dataclass
class Composed:
    data: Any
    source_map: SourceMap
    notes: list[Note]


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_pos", "path", "size")

    def __init__(self, path: Path, container: dict[str, Any] | list[Any], anchor: str | None):
        self.path = path
        self.container = container
        self.anchor = anchor
        self.key: str | None = None
        self.key_pos: Position = (0, 0)
        self.size = 1


def compose(text: str) -> Composed:
    """Compose one YAML document; raise :class:`ComposeError` when that is impossible.

    An empty stream composes to ``None``.
    """
    parser = _Parser(text)
    try:
        return _Composer().run(parser)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    finally:
        parser.dispose()


class _Composer:
    def __init__(self) -> None:
        self.smap = SourceMap()
        self.notes: list[Note] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.root: Any = None
        self.documents = 0

    def run(self, parser: Any) -> Composed:
        get_event = parser.get_event
        scalar_event = yaml.ScalarEvent
        while True:
            event = get_event()
            if event is None:
                break
            kind = type(event)
            if kind is scalar_event:
                self._scalar(event)
            elif kind is yaml.MappingStartEvent:
                self._start(event, {})
            elif kind is yaml.SequenceStartEvent:
                self._start(event, [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._end()
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise ComposeError(
                        "PB012",
                        "a second YAML document starts here: expected one document per file",
                        _pos(event),
                        "split the documents into files of their own",
                    )
        return Composed(self.root, self.smap, self.notes)

    # -- positions and paths -------------------------------------------------

    def _child_path(self, pos: Position) -> tuple[Path, bool]:
        """Path of the node starting at ``pos``, and whether it is a mapping key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if type(top.container) is list:
            return (*top.path, len(top.container)), False
        if top.key is None:
            return top.path, True
        return (*top.path, top.key), False

    def _attach(self, value: Any, size: int) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        container = top.container
        if type(container) is list:
            container.append(value)
            return
        key = top.key
        top.key = None
        if key is not None and key != DROPPED:
            container[key] = value  # type: ignore[call-overload]

    def _take_key(self, text: str, pos: Position) -> None:
        top = self.stack[-1]
        container = top.container
        assert type(container) is dict
        if text in container:
            first = self.smap.keys.get((*top.path, text), pos)
            self.notes.append(
                Note(
                    "PB002",
                    f"duplicate key `{text}`: it is already set on line {first[0] + 1}",
                    pos,
                    "remove one of the two; YAML keeps only one value per key",
                )
            )
            top.key = DROPPED
            return
        top.key = text
        self.smap.keys[(*top.path, text)] = pos

    # -- events ----------------------------------------------------------------

    def _scalar(self, event: Any) -> None:
        pos = _pos(event)
        path, is_key = self._child_path(pos)
        value = self._scalar_value(event, pos, is_key)
        if is_key:
            if value is None and event.style == "" and event.value == "":
                raise ComposeError("PB001", "a mapping key is empty", pos)
            self._take_key(event.value, pos)
            return
        if self.stack and self.stack[-1].key == DROPPED:
            self._attach(value, 1)
            return
        self.smap.values[path] = pos
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self._attach(value, 1)

    def _scalar_value(self, event: Any, pos: Position, is_key: bool) -> Any:
        tag = event.tag
        text: str = event.value
        if tag is None or tag == "!":
            if event.style:  # quoted or block scalars are always text
                return text
            value = resolve_plain(text)
            # Only short words and numbers can be YAML 1.1 traps; skip the rest cheaply.
            short_word = type(value) is str and len(text) <= 3
            if not is_key and (short_word or type(value) in (int, float)):
                trap = yaml11_trap(text)
                if trap is not None:
                    self.notes.append(
                        Note(
                            "PB009",
                            f"`{text}` means different things to YAML 1.1 and 1.2",
                            pos,
                            trap,
                        )
                    )
            return value
        if tag == _STR_TAG:
            return text
        wanted = _CORE_TAGS.get(tag)
        value = resolve_plain(text)
        if wanted is None:
            raise ComposeError(
                "PB013",
                f"unsupported tag `{_short_tag(tag)}`: playbooks use plain YAML values",
                pos,
                "remove the tag; quote the value if it should stay text",
            )
        if wanted is float and type(value) is int:
            return float(value)
        if type(value) is not wanted:
            raise ComposeError("PB013", f"`{text}` cannot be read as `{_short_tag(tag)}`", pos)
        return value

    def _start(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        pos = _pos(event)
        path, is_key = self._child_path(pos)
        if is_key:
            raise ComposeError(
                "PB001",
                "a mapping key must be plain text, found a list or mapping",
                pos,
            )
        if event.tag not in _CONTAINER_TAGS:
            raise ComposeError(
                "PB013",
                f"unsupported tag `{_short_tag(event.tag)}`: playbooks use plain YAML values",
                pos,
            )
        if len(self.stack) >= MAX_DEPTH:
            raise ComposeError(
                "PB006",
                f"nesting is deeper than {MAX_DEPTH} levels",
                pos,
                "playbooks need a handful of levels; check for runaway brackets",
            )
        dropped = bool(self.stack) and self.stack[-1].key == DROPPED
        if dropped:
            path = (DROPPED, *path)
        else:
            self.smap.values[path] = pos
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(path, container, event.anchor))

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, frame.size)
        self._attach(frame.container, frame.size)

    def _alias(self, event: Any) -> None:
        pos = _pos(event)
        name = event.anchor
        path, is_key = self._child_path(pos)
        if is_key:
            raise ComposeError("PB001", "a mapping key must be plain text, found an alias", pos)
        if name in self.open_anchors:
            raise ComposeError(
                "PB005",
                f"alias `*{name}` refers to the value that contains it",
                pos,
                "a value cannot include itself; copy the parts you need",
            )
        if name not in self.anchors:
            raise ComposeError("PB005", f"alias `*{name}` has no anchor `&{name}` before it", pos)
        value, size = self.anchors[name]
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise ComposeError(
                "PB005",
                f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values",
                pos,
                "this looks like an alias bomb; write the values out instead",
            )
        self.smap.values[path] = pos
        self._attach(value, size)


def _short_tag(tag: str) -> str:
    """A tag as it is written in the file: ``!!int`` rather than ``tag:yaml.org,2002:int``."""
    return "!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag


def _pos(event: Any) -> Position:
    mark = event.start_mark
    return (mark.line, mark.column)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> ComposeError:
    mark = exc.problem_mark or exc.context_mark
    pos = (mark.line, mark.column) if mark is not None else (0, 0)
    problem = (exc.problem or "invalid YAML").strip()
    if "cannot start any token" in problem and _char_at(text, pos) == "\t":
        return ComposeError(
            "PB010",
            "tab character: YAML indentation must use spaces",
            pos,
            "replace the tab with spaces; most editors can show tabs",
        )
    hint = _SYNTAX_HINTS.get(problem)
    context = f" ({exc.context.strip()})" if exc.context else ""
    return ComposeError("PB001", f"invalid YAML: {problem}{context}", pos, hint)


def _char_at(text: str, pos: Position) -> str:
    lines = text.splitlines()
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
    "could not find expected ':'": "a key on this line is missing its `:`",
    "did not find expected key": "check the indentation of this line against the lines above",
}
