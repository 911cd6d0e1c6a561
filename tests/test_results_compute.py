"""`playbook results compute`: scorecard values computed from a contact export by the
catalog's methods, recorded with where they came from, and computed again by `validate`."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from generator.computing.compute import ComputeError, compute
from generator.computing.profiles import ProfileError, load_profile
from generator.models import MetricDefinition
from tests.conftest import Invoke, findings

HEADER = "contact_id,offered_at,outcome,wait_seconds,talk_seconds,customer_id,survey_score\n"
DAY_60 = ("--engagement", "northwind-support", "--day", "60")


def contacts(count: int, seed: int = 5) -> list[tuple[int, datetime, str, int, int, str, str]]:
    """Contacts of November and December 2026, the same for the same arguments."""
    chance = random.Random(seed)
    start = datetime(2026, 11, 1)
    rows = []
    for n in range(count):
        at = start + timedelta(minutes=chance.randrange(61 * 24 * 60))
        abandoned = chance.random() < 0.08
        wait = int(chance.expovariate(1 / 30))
        score = "" if abandoned or chance.random() < 0.6 else str(chance.randint(1, 5))
        outcome = "abandoned" if abandoned else "answered"
        rows.append(
            (n, at, outcome, wait, 0 if abandoned else 300, f"c{chance.randrange(400)}", score)
        )
    return rows


def write(path: Path, rows: list[tuple[int, datetime, str, int, int, str, str]]) -> Path:
    path.write_text(
        HEADER
        + "".join(
            f"{n},{at:%Y-%m-%d %H:%M:%S},{o},{w},{t},{c},{s}\n" for n, at, o, w, t, c, s in rows
        )
    )
    return path


def utc(at: datetime) -> str:
    """A time of Northwind's clock (Chicago) as platforms export it: in UTC, marked Z."""
    return f"{at.replace(tzinfo=ZoneInfo('America/Chicago')).astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def metric(id_: str, unit: str, method: dict[str, object]) -> MetricDefinition:
    """A catalog metric computed by ``method``."""
    return MetricDefinition.model_validate(
        {
            "id": id_,
            "name": id_,
            "unit": unit,
            "direction": "higher",
            "category": "quality",
            "formula": "-",
            "source": "-",
            "method": method,
        }
    )


def service_level(variant: str, short: int = 0) -> MetricDefinition:
    """A catalog's service level, 20 seconds, by ``variant`` of the formula."""
    method = {"name": "service-level", "variant": variant, "threshold": 20}
    return metric("service-level", "percent", {**method, "short_abandon": short})


def in_period(rows: list, first: date, last: date) -> list:
    return [r for r in rows if first <= r[1].date() <= last]


def test_the_day_60_results_are_computed_and_recorded_with_their_provenance(
    examples: Path, invoke: Invoke
) -> None:
    rows = contacts(3000)
    export = write(examples.parent / "contacts.csv", rows)
    done = invoke("results", "compute", str(export), *DAY_60)
    assert done.exit_code == 0, done.output
    # the day-60 period: the day after the day-30 review to the day-60 review
    used = in_period(rows, date(2026, 12, 2), date(2026, 12, 31))
    offered = len(used)
    within = sum(1 for r in used if r[2] == "answered" and r[3] <= 30)
    answered = sorted((r for r in used if r[2] == "answered"), key=lambda r: (r[1], r[0]))
    scored = [r for r in used if r[6]]
    satisfied = sum(1 for r in scored if int(r[6]) >= 4)
    repeat = 0
    for r in answered:
        later = [o for o in answered if o[5] == r[5] and (o[1], o[0]) > (r[1], r[0])]
        if later and min(o[1] for o in later) <= r[1] + timedelta(days=7):
            repeat += 1
    expected = {
        "service-level": round(100 * within / offered, 1),
        "csat": round(100 * satisfied / len(scored), 1),
        "fcr": round(100 * (len(answered) - repeat) / len(answered), 1),
    }
    for metric, value in expected.items():
        assert (
            f"added `{metric}`: {value:g}" in done.stdout or f"`{metric}`: {value:g}" in done.stdout
        ), (
            metric,
            done.stdout,
        )
    text = (examples / "northwind-support" / "results.yaml").read_text()
    assert "            profile: generic\n" in text
    assert "              - {path: ../../contacts.csv, sha256: " in text
    assert "            method: {name: top-box, scale: 5, top: 2}\n" in text
    checked = invoke("validate")
    assert [line for line in findings(checked.output) if "PB823" in line] == []  # the same
    # a computed miss asks for its root cause and actions, as any miss does
    assert any("PB802" in line for line in findings(checked.output))


def test_validate_finds_a_computed_value_that_does_not_hold(examples: Path, invoke: Invoke) -> None:
    export = write(examples.parent / "contacts.csv", contacts(1500))
    assert invoke("results", "compute", str(export), *DAY_60).exit_code == 0
    results = examples / "northwind-support" / "results.yaml"
    text = results.read_text()
    start = text.index("- metric: csat", text.index("- day: 60"))
    value_line = text.index("value: ", start)
    end = text.index("\n", value_line)
    results.write_text(text[:value_line] + "value: 99" + text[end:])
    lines = [line for line in findings(invoke("validate").output) if "PB823" in line]
    assert len(lines) == 1
    assert "computed again from its exports by its method, the value is" in lines[0]
    assert lines[0].endswith("not 99")
    results.write_text(text)
    with export.open("a") as more:
        more.write("99999,2026-12-10 10:00:00,answered,3,200,c1,5\n")
    lines = [line for line in findings(invoke("validate").output) if "PB823" in line]
    assert lines
    assert all(
        "../../contacts.csv changed since this value was computed from it" in line for line in lines
    )


# wait, outcome: answered within 20 s: 3; answered later: 2; abandoned at 3 s (short),
# at 10 s (within 20) and at 40 s (after 20)
TINY = [
    (4, "answered"),
    (10, "answered"),
    (19, "answered"),
    (25, "answered"),
    (60, "answered"),
    (3, "abandoned"),
    (10, "abandoned"),
    (40, "abandoned"),
]


@pytest.mark.parametrize(
    ("variant", "short", "expected"),
    [
        ("offered", 5, 42.9),  # 3 / (8 - 1 short)
        ("answered", 5, 60.0),  # 3 / 5
        ("abandoned-after-threshold", 5, 50.0),  # 3 / (5 + 1)
        ("abandons-within-met", 5, 57.1),  # (3 + 1) / 7
        ("all-offered", 5, 37.5),  # 3 / 8: short abandons count
        ("offered", 0, 37.5),  # no short abandons: 3 / 8
    ],
)
def test_each_service_level_variant_counts_the_same_calls_its_own_way(
    tmp_path: Path, variant: str, short: int, expected: float
) -> None:
    export = tmp_path / "tiny.csv"
    export.write_text(
        "contact_id,offered_at,outcome,wait_seconds\n"
        + "".join(f"{n},2026-11-10 09:00:00,{o},{w}\n" for n, (w, o) in enumerate(TINY))
    )
    metric = service_level(variant, short)
    found = compute(
        [export], load_profile("generic"), (date(2026, 11, 2), date(2026, 12, 1)), [metric]
    )
    assert found.values[0].value == expected


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            "id,when\n1,2026-11-10\n",
            "the exports have no column contact_id, offered_at, outcome, wait_seconds",
        ),
        ("\x00\x01\x02binary", "no column"),
    ],
)
def test_an_export_that_cannot_be_read_is_refused(
    examples: Path, invoke: Invoke, content: str, said: str
) -> None:
    export = examples.parent / "export.csv"
    export.write_text(content)
    before = (examples / "northwind-support" / "results.yaml").read_bytes()
    done = invoke("results", "compute", str(export), *DAY_60)
    assert done.exit_code == 2
    assert said in done.stderr
    assert (examples / "northwind-support" / "results.yaml").read_bytes() == before


def test_a_pipe_mixed_kinds_and_unknown_profiles_are_refused(
    examples: Path, invoke: Invoke
) -> None:
    fifo = examples.parent / "export.csv"
    os.mkfifo(fifo)
    done = invoke("results", "compute", str(fifo), *DAY_60)
    assert done.exit_code == 2
    assert "not a regular file" in done.stderr
    first = write(examples.parent / "a.csv", contacts(10))
    other = examples.parent / "b.parquet"
    other.write_bytes(b"PAR1")
    done = invoke("results", "compute", str(first), str(other), *DAY_60)
    assert "give exports of one kind: all .csv, all .xlsx or all .parquet" in done.stderr
    done = invoke("results", "compute", str(first), *DAY_60, "--profile", "zendesk")
    assert done.exit_code == 2
    assert "shipped profiles: amazon-connect, generic, zendesk-talk" in done.stderr


def test_a_profile_of_the_repositorys_own_reads_another_platforms_columns(
    examples: Path, invoke: Invoke
) -> None:
    rows = contacts(800)
    export = examples.parent / "platform.csv"
    export.write_text(
        "Call ID,Queue Entry,Disposition,Queue Wait,Talk,Caller,CSAT\n"
        + "".join(
            f"{n},{at:%Y-%m-%d %H:%M:%S},{'ANSWERED' if o == 'answered' else 'Caller Hung Up'},"
            f"{w},{t},{c},{s}\n"
            for n, at, o, w, t, c, s in rows
        )
    )
    profile = examples.parent / "platform.toml"
    profile.write_text(
        'name = "A platform"\n[columns]\ncontact_id = "Call ID"\noffered_at = "Queue Entry"\n'
        'outcome = "Disposition"\nwait_seconds = "Queue Wait"\ntalk_seconds = "Talk"\n'
        'customer_id = "Caller"\nsurvey_score = "CSAT"\n'
        '[outcomes]\nanswered = ["answered"]\nabandoned = ["caller hung up"]\n'
    )
    generic = write(examples.parent / "generic.csv", rows)
    same = invoke(
        "results", "compute", str(export), *DAY_60, "--profile", str(profile), "--dry-run"
    )
    assert same.exit_code == 0, same.output
    plain = invoke("results", "compute", str(generic), *DAY_60, "--dry-run")
    assert same.stdout.splitlines()[:3] == plain.stdout.splitlines()[:3]  # the same values
    bad = examples.parent / "bad.toml"
    bad.write_text(
        '[columns]\ncontact_id = "a"\ncolour = "b"\n[outcomes]\nanswered = []\nabandoned = []\n'
    )
    with pytest.raises(ProfileError, match="colour"):
        load_profile(str(bad))
    with pytest.raises(ComputeError):
        compute([export], load_profile("generic"), (date(2026, 12, 2), date(2026, 12, 31)), [])


def test_a_workbook_computes_like_its_csv(examples: Path, invoke: Invoke) -> None:
    rows = contacts(600)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    for n, at, outcome, wait, talk, customer, score in rows:
        sheet.append([n, at, outcome, wait, talk, customer, int(score) if score else None])
    workbook = examples.parent / "contacts.xlsx"
    book.save(workbook)
    from_book = invoke("results", "compute", str(workbook), *DAY_60, "--dry-run")
    assert from_book.exit_code == 0, from_book.output
    from_csv = invoke(
        "results", "compute", str(write(examples.parent / "c.csv", rows)), *DAY_60, "--dry-run"
    )
    assert from_book.stdout.splitlines()[:3] == from_csv.stdout.splitlines()[:3]
    broken = examples.parent / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    done = invoke("results", "compute", str(broken), *DAY_60)
    assert done.exit_code == 2
    assert "broken.xlsx: not a workbook that can be read" in done.stderr


def _values(done_stdout: str) -> list[str]:
    """The lines of a dry run that record a value."""
    return [line for line in done_stdout.splitlines() if line.startswith(("added", "observed"))]


def test_a_zendesk_talk_export_computes_the_calls_it_offered_and_says_what_it_cannot(
    examples: Path, invoke: Invoke
) -> None:
    rows = contacts(800)
    export = examples.parent / "talk.csv"
    with export.open("w") as stream:
        stream.write(
            "id,created_at,direction,completion_status,wait_time,talk_time,hold_time,"
            "wrap_up_time,customer_id\n"
        )
        for n, at, outcome, wait, talk, customer, _ in rows:
            status = "completed" if outcome == "answered" else "abandoned_in_queue"
            stream.write(f"{n},{utc(at)},inbound,{status},{wait},{talk},0,0,")
            stream.write(f"{customer}\n")
        for n in range(40):  # never queued: ended in the menu, or dialled out
            stream.write(f"{9000 + n},2026-11-20T10:00:00Z,inbound,abandoned_in_ivr,0,0,0,0,x\n")
            stream.write(f"{9500 + n},2026-11-20T10:00:00Z,outbound,completed,0,90,0,0,x\n")
    talk = invoke(
        "results", "compute", str(export), *DAY_60, "--profile", "zendesk-talk", "--dry-run"
    )
    assert talk.exit_code == 0, talk.output
    generic = write(examples.parent / "generic.csv", rows)
    plain = invoke("results", "compute", str(generic), *DAY_60, "--dry-run")
    assert _values(talk.stdout)
    assert set(_values(talk.stdout)) < set(_values(plain.stdout))  # the same values
    assert "80 not contacts offered to the queue" in talk.stdout
    assert "Not computed: `csat`, because the exports have no survey_score column." in talk.stdout


def test_an_amazon_connect_export_is_answered_when_an_agent_took_it(
    examples: Path, invoke: Invoke
) -> None:
    rows = contacts(800)
    export = examples.parent / "connect.csv"
    with export.open("w") as stream:
        stream.write(
            "ContactId,InitiationTimestamp,Queue.EnqueueTimestamp,Queue.Duration,"
            "Agent.ConnectedToAgentTimestamp,Agent.AgentInteractionDuration,"
            "Agent.CustomerHoldDuration,Agent.AfterContactWorkDuration,CustomerEndpoint.Address\n"
        )
        for n, at, outcome, wait, talk, customer, _ in rows:
            queued = utc(at)
            answered = utc(at + timedelta(seconds=wait))
            taken = answered if outcome == "answered" else ""
            stream.write(f"c-{n},{queued},{queued},{wait},{taken},{talk},0,0,{customer}\n")
        for n in range(25):  # self-service in the menu: never queued
            stream.write(f"ivr-{n},2026-11-20T10:00:00Z,,,,,,,x\n")
    connect = invoke(
        "results", "compute", str(export), *DAY_60, "--profile", "amazon-connect", "--dry-run"
    )
    assert connect.exit_code == 0, connect.output
    plain = invoke(
        "results", "compute", str(write(examples.parent / "g.csv", rows)), *DAY_60, "--dry-run"
    )
    assert _values(connect.stdout)
    assert set(_values(connect.stdout)) <= set(_values(plain.stdout))
    assert "25 not contacts offered to the queue" in connect.stdout


@pytest.mark.parametrize(
    ("durations", "written"),
    [("milliseconds", lambda s: str(s * 1000)), ("clock", lambda s: f"0:{s // 60:02}:{s % 60:02}")],
)
def test_durations_in_milliseconds_or_on_a_clock_read_as_seconds(
    examples: Path, invoke: Invoke, durations: str, written: Callable[[int], str]
) -> None:
    rows = contacts(600)
    export = examples.parent / "timed.csv"
    export.write_text(
        HEADER
        + "".join(
            f"{n},{at:%Y-%m-%d %H:%M:%S},{o},{written(w)},{written(t)},{c},{s}\n"
            for n, at, o, w, t, c, s in rows
        )
    )
    profile = examples.parent / "timed.toml"
    shipped = (Path(__file__).parents[1] / "generator/computing/profiles/generic.toml").read_text()
    profile.write_text(f'durations = "{durations}"\n' + shipped)
    timed = invoke(
        "results", "compute", str(export), *DAY_60, "--profile", str(profile), "--dry-run"
    )
    plain = invoke(
        "results", "compute", str(write(examples.parent / "g.csv", rows)), *DAY_60, "--dry-run"
    )
    assert timed.exit_code == 0, timed.output
    assert _values(timed.stdout) == _values(plain.stdout)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('durations = "minutes"\n', "durations is one of seconds, milliseconds, clock"),
        ("[only]\ndirection = 3\n", "[only] direction is a list of the export's words"),
        ("[only]\ndirection = []\n", "[only] direction is a list of the export's words"),
        ("only = 1\n", "[only] is a table of columns"),
    ],
)
def test_a_profile_with_a_bad_reading_rule_is_refused_by_name(
    examples: Path, text: str, said: str
) -> None:
    shipped = (Path(__file__).parents[1] / "generator/computing/profiles/generic.toml").read_text()
    profile = examples.parent / "bad.toml"
    profile.write_text(text + shipped if not text.startswith("[") else shipped + text)
    with pytest.raises(ProfileError, match=re.escape(said)):
        load_profile(str(profile))


def test_a_profile_without_an_outcome_or_a_column_its_rules_name_is_refused(
    examples: Path, invoke: Invoke
) -> None:
    profile = examples.parent / "p.toml"
    profile.write_text(
        '[columns]\ncontact_id = "contact_id"\noffered_at = "offered_at"\n'
        'wait_seconds = "wait_seconds"\n[outcomes]\n'
    )
    with pytest.raises(
        ProfileError, match=r"no column for outcome \(or \[outcomes\] answered_when\)"
    ):
        load_profile(str(profile))
    profile.write_text(profile.read_text() + 'answered_when = "agent"\n[only]\nqueue = true\n')
    export = write(examples.parent / "g.csv", contacts(50))
    done = invoke("results", "compute", str(export), *DAY_60, "--profile", str(profile))
    assert done.exit_code == 2
    assert "the exports have no column agent, queue" in done.stderr


@pytest.mark.parametrize("written", ["Z", "+02:00", "-0500"])
def test_times_with_an_offset_are_read_on_the_engagement_s_clock(
    tmp_path: Path, written: str
) -> None:
    """The same calls, written in local time and then with an offset from UTC: the same
    ones fall in the period (the engagement's days), so the same values come out."""
    chicago = ZoneInfo("America/Chicago")
    offset = UTC if written == "Z" else datetime.strptime(written, "%z").tzinfo
    rows = contacts(900, seed=11)
    local = write(tmp_path / "local.csv", rows)
    shifted = tmp_path / "offset.csv"
    shifted.write_text(
        HEADER
        + "".join(
            f"{n},{at.replace(tzinfo=chicago).astimezone(offset):%Y-%m-%dT%H:%M:%S}"
            f"{'Z' if written == 'Z' else written},{o},{w},{t},{c},{s}\n"
            for n, at, o, w, t, c, s in rows
        )
    )
    metric = service_level("answered")
    period = (date(2026, 11, 10), date(2026, 11, 20))  # days begin at Chicago's midnight
    plain = compute([local], load_profile("generic"), period, [metric], "America/Chicago")
    offset_read = compute([shifted], load_profile("generic"), period, [metric], "America/Chicago")
    assert (offset_read.outside, offset_read.values) == (plain.outside, plain.values)
    assert plain.rows - plain.outside == len(in_period(rows, *period))
    utc_read = compute([shifted], load_profile("generic"), period, [metric], "UTC")
    assert utc_read.outside != plain.outside  # on another clock, other calls fall inside


NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def test_nps_and_quality_are_computed_from_the_scores_each_contact_has(tmp_path: Path) -> None:
    export = tmp_path / "scored.csv"
    scores = [("10", "90"), ("10", "80"), ("9", "79.5"), ("8", ""), ("6", "60"), ("3", "")]
    export.write_text(
        "contact_id,offered_at,outcome,wait_seconds,recommend_score,qa_score\n"
        + "".join(
            f"{n},2026-11-10 09:00:00,answered,5,{r},{q}\n" for n, (r, q) in enumerate(scores)
        )
        + "9,2026-11-10 09:00:00,abandoned,40,,\n"  # neither surveyed nor scored
        + "10,2026-11-10 09:00:00,answered,5,11,\n"  # not a 0-10 answer: not counted
    )
    found = compute(
        [export],
        load_profile("generic"),
        NOVEMBER,
        [
            metric("nps", "score", {"name": "net-promoter"}),
            metric("qa-pass", "percent", {"name": "qa-pass", "pass_mark": 80}),
            metric("qa-score", "percent", {"name": "qa-score"}),
        ],
    )
    # 3 promoters and 2 detractors of 6 answers: 16.7 points; 2 of 4 scored pass 80;
    # the average of 90, 80, 79.5 and 60
    assert [(v.metric, v.value, v.counted) for v in found.values] == [
        ("nps", 16.7, 6),
        ("qa-pass", 50.0, 4),
        ("qa-score", 77.4, 4),
    ]
    with pytest.raises(ComputeError, match="`qa-pass` needs its `pass_mark`"):
        compute(
            [export],
            load_profile("generic"),
            NOVEMBER,
            [metric("qa-pass", "percent", {"name": "qa-pass"})],
        )
    with pytest.raises(ComputeError, match="`nps` is in days; its method gives a score"):
        compute(
            [export],
            load_profile("generic"),
            NOVEMBER,
            [metric("nps", "days", {"name": "net-promoter"})],
        )


def test_a_sales_campaign_s_rates_are_computed_from_its_lead_export(tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "contact_id,offered_at,outcome,wait_seconds,qualified,transferred,meeting_booked,"
        "meeting_held\n"
        "1,2026-11-10 09:00:00,answered,120,true,true,true,true\n"
        "2,2026-11-10 09:05:00,answered,240,true,false,true,false\n"
        "3,2026-11-10 09:10:00,answered,600,false,false,false,\n"
        "4,2026-11-10 09:15:00,abandoned,180,,,,\n"  # never reached live
        "5,2026-11-11 10:00:00,answered,60,true,true,true,\n"  # meeting not yet held or not
    )
    found = compute(
        [leads],
        load_profile("generic"),
        NOVEMBER,
        [
            metric("speed-to-lead", "minutes", {"name": "speed-to-lead"}),
            metric("contact-rate", "percent", {"name": "contact-rate"}),
            metric("qualification-rate", "percent", {"name": "qualification-rate"}),
            metric("transfer-rate", "percent", {"name": "transfer-rate"}),
            metric("show-rate", "percent", {"name": "show-rate"}),
        ],
    )
    assert [(v.metric, v.value, v.counted) for v in found.values] == [
        ("speed-to-lead", 4.0, 5),  # (2 + 4 + 10 + 3 + 1) / 5 minutes
        ("contact-rate", 80.0, 5),
        ("qualification-rate", 75.0, 4),
        ("transfer-rate", 50.0, 4),
        ("show-rate", 50.0, 2),  # of the booked meetings whose outcome is known
    ]


def test_a_method_the_export_cannot_feed_is_said_and_the_others_computed(tmp_path: Path) -> None:
    export = write(tmp_path / "plain.csv", contacts(50))
    found = compute(
        [export],
        load_profile("generic"),
        NOVEMBER,
        [
            service_level("offered"),
            metric("nps", "score", {"name": "net-promoter"}),
            metric("show-rate", "percent", {"name": "show-rate"}),
        ],
    )
    assert [v.metric for v in found.values] == ["service-level"]
    assert found.unread == {
        "nps": "the exports have no recommend_score column",
        "show-rate": "the exports have no meeting_booked or meeting_held column",
    }
    with pytest.raises(ComputeError, match="`backlog` is not computed from contact records"):
        compute(
            [export],
            load_profile("generic"),
            NOVEMBER,
            [metric("backlog", "count", {"name": "backlog"})],
        )
