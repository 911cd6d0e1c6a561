"""The YAML parsers that could read playbooks: speed, positions and strictness, side by side.

    .venv/bin/python bench/parsers.py [COUNT] [--rounds N]

Each parser reads every file of a corpus of COUNT engagements (1,000 by default, from
bench/corpus.py) in a process of its own, the parsers taking turns for N rounds (3 by
default); the script prints each one's median wall and CPU time and peak memory, as a
bare launcher measures them (``bench/measure.py``), against libyaml's composer, the
floor `bench/validate.py` compares `playbook validate` with. Then it asks each parser,
again in a process of its own so that a crash is only a finding, whether it gives the
line and column of a value, and what it does with what playbooks must not contain:

- a key written twice (the second silently replacing the first is a lost value);
- a YAML 1.1 boolean (``on``, ``no``), which some parsers turn into true or false;
- aliases that multiply (a few hundred bytes expanding to a billion values);
- lists nested 10,000 deep (a recursive composer overflows its stack).

The parsers: libyaml through PyYAML (its C composer, and its event stream alone), the
playbook reader (libyaml's events composed here, with positions and the checks above),
ruamel.yaml's round-trip loader (positions, in Python), rapidyaml (C++; its Python
binding builds its own tree and gives no positions), and two Rust parsers with Python
bindings, yaml-rs and ryaml (Python values, no positions). The last three are in the
``bench`` extra.

What was chosen, and why. The playbook reader keeps libyaml's events: every finding is
reported at ``path:line:col``, so a parser that gives no positions cannot read playbooks,
however fast it is, and of those that do, libyaml's events are the cheapest. A run on
1,000 engagements (7,501 files, 31 MB; 3 rounds, load average 1.1 at the end), in CPU
against libyaml's composer: rapidyaml 0.13x, yaml-rs 0.24x and ryaml 0.42x, none with
positions; libyaml's events alone 0.58x; the reader 1.27x; ruamel.yaml's round-trip
loader 30x. libyaml's composer, the floor, keeps both values of a key written twice and
reads ``on: no`` as true and false; the reader reports both (PB002, PB009), refuses
aliases that multiply and nesting too deep for its checks. What `playbook validate`
costs above the floor is mostly not reading: `bench/rules.py` gives the rules' share.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.measure import measure  # noqa: E402

Figures = tuple[float, float, int]


def _libyaml_compose(text: str) -> object:
    import yaml  # noqa: PLC0415 - each side imports only its own parser

    return yaml.compose(text, Loader=yaml.CSafeLoader)


def _libyaml_events(text: str) -> object:
    import yaml  # noqa: PLC0415

    parser = yaml.CSafeLoader(text)
    try:
        while parser.get_event() is not None:
            pass
    finally:
        parser.dispose()
    return None


def _playbook_reader(text: str) -> object:
    from generator.loading.composer import compose  # noqa: PLC0415

    return compose(text)


def _ruamel(text: str) -> object:
    from ruamel.yaml import YAML  # noqa: PLC0415

    return YAML(typ="rt").load(text)


def _rapidyaml(text: str) -> object:
    import ryml  # noqa: PLC0415

    return ryml.parse_in_arena(text.encode())


def _yaml_rs(text: str) -> object:
    import yaml_rs  # noqa: PLC0415

    return yaml_rs.loads(text, parse_datetime=False)


def _ryaml(text: str) -> object:
    import ryaml  # noqa: PLC0415

    return ryaml.loads(text)


PARSERS: dict[str, Callable[[str], object]] = {
    "libyaml compose (C)": _libyaml_compose,
    "libyaml events alone": _libyaml_events,
    "playbook reader": _playbook_reader,
    "ruamel.yaml round-trip": _ruamel,
    "rapidyaml (C++)": _rapidyaml,
    "yaml-rs (Rust)": _yaml_rs,
    "ryaml (Rust)": _ryaml,
}
FLOOR = "libyaml compose (C)"
#: The modules of the parsers the ``bench`` extra installs.
_PEERS = ("ryml", "yaml_rs", "ryaml")

#: Where each parser gives the line and column of a value, or None when it cannot.
_POSITIONS = "a:\n  - x\n  - {b: here}\n"


def _position(name: str) -> str:
    """The 1-based line and column of the value ``here`` as the parser tells it."""
    if name == "playbook reader":
        from generator.loading.composer import compose  # noqa: PLC0415

        line, column = compose(_POSITIONS).source_map.value(("a", 1, "b"))
        return f"{line + 1}:{column + 1}"
    if name == "ruamel.yaml round-trip":
        line, column = _ruamel(_POSITIONS)["a"][1].lc.value("b")  # type: ignore[index]
        return f"{line + 1}:{column + 1}"
    if name.startswith("libyaml compose"):
        node = _libyaml_compose(_POSITIONS).value[0][1].value[1].value[0][1]  # type: ignore[attr-defined]
        return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"
    if name == "libyaml events alone":
        import yaml  # noqa: PLC0415

        for event in yaml.parse(_POSITIONS, Loader=yaml.CSafeLoader):
            if getattr(event, "value", None) == "here":
                return f"{event.start_mark.line + 1}:{event.start_mark.column + 1}"
    return "none"


PROBES = {
    "key written twice": "a: 1\na: 2\n",
    "YAML 1.1 boolean": "on: no\n",
    "aliases multiplying": "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)),
    "lists 10,000 deep": "[" * 10_000 + "]" * 10_000 + "\n",
}


def _probe(name: str, probe: str) -> str:
    """What the parser made of the probe, in a few words."""
    text = PROBES[probe]
    if name == "libyaml events alone" and probe != "lists 10,000 deep":
        return "n/a (events are not values)"
    if name.startswith("libyaml compose") and probe == "YAML 1.1 boolean":
        import yaml  # noqa: PLC0415 - its constructor, to see how the scalars resolve

        return "read " + repr(yaml.load(text, Loader=yaml.CSafeLoader))
    try:
        value = PARSERS[name](text)
    except RecursionError:
        return "refused (recursion)"
    except Exception as exc:  # any refusal at all is the finding
        return f"refused ({type(exc).__name__})"
    said = ""
    if name == "playbook reader":
        said = "".join(f"; reported {note.code}: {note.message}" for note in value.notes)  # type: ignore[attr-defined]
        value = value.data  # type: ignore[attr-defined]
    if name == "rapidyaml (C++)" and probe == "aliases multiplying":
        return "accepted (the tree keeps the aliases, unexpanded)"
    if probe == "key written twice":
        kept = "kept both" if not isinstance(value, dict) else f"kept a: {value.get('a')!r}"
        return kept + said
    if probe == "YAML 1.1 boolean" and isinstance(value, dict):
        return "read " + repr(value) + said
    return "accepted" + said


def _side(name: str, listing: Path) -> None:
    parse = PARSERS[name]
    for file in listing.read_text(encoding="utf-8").splitlines():
        parse(Path(file).read_text(encoding="utf-8"))


def _child(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


def _asked(*args: str) -> str:
    """One question to a parser, in its own process: a crash is an answer too."""
    done = subprocess.run(_child(*args), capture_output=True, text=True, check=False)
    if done.returncode < 0:
        return f"crashed (signal {-done.returncode})"
    if done.returncode != 0:
        return "crashed"
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=1000, help="engagements")
    parser.add_argument("--rounds", type=int, default=3, help="turns of each parser")
    parser.add_argument("--side", choices=PARSERS, help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--probe", choices=[*PROBES, "positions"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side and args.probe:
        print(_position(args.side) if args.probe == "positions" else _probe(args.side, args.probe))
        return
    if args.side:
        _side(args.side, args.files)
        return
    missing = [name for name in _PEERS if importlib.util.find_spec(name) is None]
    if missing:
        sys.exit(
            f"bench/parsers.py needs {', '.join(missing)}: install the bench extra with "
            "`.venv/bin/python -m pip install -c constraints.txt -e '.[bench]'`"
        )
    from bench.corpus import generate  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as scratch:
        files = generate(args.count, Path(scratch) / "corpus")
        listing = Path(scratch) / "files.txt"
        listing.write_text("\n".join(map(str, files)), encoding="utf-8")
        size = sum(file.stat().st_size for file in files)
        print(
            f"{len(files)} files ({size / 1e6:.1f} MB), {os.cpu_count()} cores, "
            f"medians of {args.rounds} alternated rounds"
        )
        runs: dict[str, list[Figures]] = {name: [] for name in PARSERS}
        for _ in range(args.rounds):
            for name in PARSERS:
                found = measure(_child("--side", name, "--files", str(listing)), PROJECT)
                runs[name].append((found.wall, found.cpu, found.peak))
    floor = statistics.median(r[1] for r in runs[FLOOR])
    print(f"{'parser':<24} {'wall':>7} {'CPU':>7} {'x floor':>8} {'peak':>7}  positions")
    for name, found in runs.items():
        wall, cpu = (statistics.median(r[i] for r in found) for i in (0, 1))
        peak = statistics.median(r[2] for r in found)
        print(
            f"{name:<24} {wall:6.2f}s {cpu:6.2f}s {cpu / floor:7.2f}x {peak / 1e6:5.0f} MB  "
            f"{_asked('--side', name, '--probe', 'positions')}"
        )
    for probe in PROBES:
        print(f"{probe}:")
        for name in PARSERS:
            print(f"  {name:<24} {_asked('--side', name, '--probe', probe)}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
