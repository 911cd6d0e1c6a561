"""Composing libyaml events: data, positions, and input that must be refused."""

from __future__ import annotations

import textwrap
import time
import tracemalloc

import pytest

from generator.loading.composer import MAX_DEPTH, ComposeError, compose


def _compose(text: str):  # type: ignore[no-untyped-def]
    return compose(textwrap.dedent(text).lstrip("\n"))


def test_every_key_and_value_keeps_its_position() -> None:
    composed = _compose(
        """
        spec:
          timeline:
            - id: kickoff
              owner: ann
            - {id: launch, owner: bob}
        """
    )
    smap = composed.source_map
    assert composed.data == {
        "spec": {"timeline": [{"id": "kickoff", "owner": "ann"}, {"id": "launch", "owner": "bob"}]}
    }
    assert smap.key(("spec", "timeline", 0, "owner")) == (3, 6)
    assert smap.value(("spec", "timeline", 0, "owner")) == (3, 13)
    assert smap.value(("spec", "timeline", 1)) == (4, 6)
    assert smap.value(("spec", "timeline", 1, "owner")) == (4, 26)
    assert smap.written(("spec", "timeline", 1, "owner"))
    # A path that was never written falls back to its nearest written ancestor.
    assert not smap.written(("spec", "timeline", 1, "due"))
    assert smap.value(("spec", "timeline", 1, "due")) == (4, 6)
    assert smap.key(("spec", "timeline", 1)) == (4, 6)


def test_columns_count_characters_not_bytes() -> None:
    composed = compose("names: [Chloé, Zoë, Ünal]\n")
    assert composed.source_map.value(("names", 2)) == (0, 20)


def test_far_lines_and_columns_keep_their_positions() -> None:
    # Positions are packed into integers: a value a million characters along a line, on
    # the 200,000th line, under a key far along too, comes back where it was written.
    filler = "x" * 1_000_000
    keys = "".join(f"k{number}: 1\n" for number in range(1, 199_998))
    composed = compose(f"b: [1]\n{keys}far: {{pad: {filler}, key: value}}\n")
    assert composed.notes == []
    smap = composed.source_map
    line = 199_998
    assert smap.key(("far",)) == (line, 0)
    assert smap.value(("far", "pad")) == (line, 11)
    assert smap.key(("far", "key")) == (line, 11 + 1_000_000 + 2)
    assert smap.value(("far", "key")) == (line, 11 + 1_000_000 + 7)
    assert smap.value(("b", 0)) == (0, 4)


def test_duplicate_key_is_noted_and_the_first_value_kept() -> None:
    composed = _compose(
        """
        owner: ann
        owner: bob
        """
    )
    assert composed.data == {"owner": "ann"}
    (note,) = composed.notes
    assert (note.code, note.position) == ("PB002", (1, 0))
    assert note.message == "duplicate key `owner`: it is already set on line 1"


def test_a_duplicated_subtree_does_not_move_positions_of_the_first() -> None:
    composed = _compose(
        """
        spec:
          a: 1
        spec:
          a: 2
        """
    )
    assert composed.data == {"spec": {"a": 1}}
    assert composed.source_map.value(("spec", "a")) == (1, 5)


def test_quoted_values_stay_text() -> None:
    composed = compose("version: \"1.0\"\nday: '30'\nflag: 'no'\n")
    assert composed.data == {"version": "1.0", "day": "30", "flag": "no"}
    assert composed.notes == []


def test_aliases_are_resolved_within_budget() -> None:
    composed = _compose(
        """
        hours: &hours {opens: "08:00", closes: "18:00"}
        again: *hours
        """
    )
    assert composed.data["again"] == {"opens": "08:00", "closes": "18:00"}


def test_alias_bomb_is_refused_quickly_and_in_little_memory() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ComposeError) as caught:
        compose("\n".join(levels) + "\n")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert caught.value.code == "PB005"
    assert "more than 10,000 values" in caught.value.message
    # Nine levels of nine would be 387 million strings; refusing them costs next to nothing.
    assert peak < 5_000_000
    assert elapsed < 5


def test_deep_nesting_is_refused_without_recursion() -> None:
    depth = 200_000  # deep enough to crash a recursive composer
    with pytest.raises(ComposeError) as caught:
        compose("spec: " + "[" * depth + "]" * depth + "\n")
    assert caught.value.code == "PB006"
    # The document mapping is the first level; the 64th bracket is one too many.
    assert caught.value.position == (0, 6 + MAX_DEPTH - 1)


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1
    composed = compose("[" * depth + "]" * depth)
    assert composed.data is not None


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("a: &x [1, *x]\n", "PB005", "alias `*x` refers to the value that contains it"),
        ("a: *nowhere\n", "PB005", "alias `*nowhere` has no anchor `&nowhere` before it"),
        ("a: 1\n---\nb: 2\n", "PB012", "a second YAML document starts here"),
        ("a: !!binary aGVsbG8=\n", "PB013", "unsupported tag `!!binary`"),
        ("a: !!int twelve\n", "PB013", "`twelve` cannot be read as `!!int`"),
        ("? [a, b]\n: c\n", "PB001", "a mapping key must be plain text"),
        ("a:\n\tb: 1\n", "PB010", "tab character: YAML indentation must use spaces"),
        ("a: [1, 2\n", "PB001", "invalid YAML"),
    ],
)
def test_refused_input(text: str, code: str, message: str) -> None:
    with pytest.raises(ComposeError) as caught:
        compose(text)
    assert caught.value.code == code
    assert message in caught.value.message


def test_explicit_core_tags_are_honoured() -> None:
    composed = compose("a: !!str 30\nb: !!float 3\nc: !!int 7\n")
    assert composed.data == {"a": "30", "b": 3.0, "c": 7}
    assert type(composed.data["b"]) is float


def test_an_anchored_key_can_be_reused_as_a_value() -> None:
    composed = compose("&role owner: jokafor\nbackup_for: *role\n")
    assert composed.data == {"owner": "jokafor", "backup_for": "owner"}


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ('version: "2.0"# c\n', (0, 14), "a `#` right after a quoted value starts no comment"),
        ("note: >-# c\n  text\n", (0, 7), "a `#` right after `|` or `>` starts no comment"),
        ('a:\n  b: "one\n two"\n', (2, 1), "starts at column 2, not deeper than the value's key"),
        ('a: "one\n\ttwo"\n', (1, 0), "starts with a tab at column 1"),
        ('a: "one\n"\n', (1, 0), "starts at column 1, not deeper than the value's key"),
    ],
    ids=["comment-after-quote", "block-header", "under-indented", "tab", "closing-quote"],
)
def test_layouts_yaml_forbids_and_libyaml_lets_through_are_refused(
    text: str, position: tuple[int, int], message: str
) -> None:
    with pytest.raises(ComposeError) as raised:
        compose(text)
    assert raised.value.code == "PB001"
    assert raised.value.position == position
    assert message in raised.value.message


@pytest.mark.parametrize(
    "text",
    [
        'a: "one\n two"\n',
        'a:\n  - "one\n    two"\n',
        'a: ["one\ntwo"]\n',
        'a: "x"  # c\n',
        "a: > # c\n  text\n",
        'a: "one\u2028two"\nb: 1\n',  # a break to libyaml only: no layout is judged
    ],
    ids=["indented", "in-a-list", "in-brackets", "spaced-comment", "spaced-header", "ls"],
)
def test_layouts_yaml_allows_compose(text: str) -> None:
    assert compose(text).data is not None


def test_valid_yaml_the_reader_refuses_is_told_apart_from_invalid_yaml() -> None:
    with pytest.raises(ComposeError) as limit:
        compose("x: {a:, b: 1}\n")
    assert limit.value.message.startswith("valid YAML, but outside the subset playbooks")
    with pytest.raises(ComposeError) as broken:
        compose("x: [\n")
    assert broken.value.message.startswith("invalid YAML: ")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_lines_break_where_libyaml_breaks_them_whatever_the_line_ends(newline: str) -> None:
    text = newline.join(["a:", '  b: "one', ' two"', ""])
    with pytest.raises(ComposeError) as raised:
        compose(text)
    assert raised.value.position == (2, 1)
    assert "not deeper than the value's key" in raised.value.message
