"""Staffing by Erlang C and Erlang A: the figures of published tables and of exact limits,
a simulation of the queue, and the plan's queues checked against their service levels
(PB406), found at the planned agents."""

from __future__ import annotations

import heapq
import math
import random
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from generator.config import load_config
from generator.models.ramp import Staffing
from generator.render.page import SiteOptions
from generator.render.pages import render_site
from generator.validation import validate
from generator.views.staffing import (
    MOST_AGENTS,
    Queue,
    StaffingCheck,
    check,
    erlang_a,
    erlang_c,
    scheduled,
    service_level,
    speed_of_answer,
)
from tests.conftest import Invoke, findings, replace_in, where


@pytest.mark.parametrize(
    ("servers", "load", "waiting"),
    [(11, 10.0, 0.6821), (13, 10.0, 0.2853), (14, 10.0, 0.1741), (15, 10.0, 0.1020)],
)
def test_the_chance_of_waiting_is_erlang_cs_of_the_published_tables(
    servers: int, load: float, waiting: float
) -> None:
    assert erlang_c(servers, load) == pytest.approx(waiting, abs=5e-5)


def test_100_contacts_per_half_hour_of_180_seconds_need_14_agents_for_80_in_20() -> None:
    queue = Queue(volume=100, interval_minutes=30, handle_time=180, answered=80, within=20)
    assert queue.load == pytest.approx(10.0)
    assert queue.needed() == 14
    assert queue.reached(14) == pytest.approx(88.84, abs=0.01)
    assert queue.reached(13) == pytest.approx(79.56, abs=0.01)  # one short of 80%
    assert speed_of_answer(14, 10.0, 180) == pytest.approx(7.8, abs=0.05)


def test_an_overloaded_queue_answers_nothing_in_time() -> None:
    assert erlang_c(10, 10.0) == 1.0
    assert service_level(9, 10.0, 180, 20) == 0.0
    assert math.isinf(speed_of_answer(10, 10.0, 180))


def test_a_large_queue_needs_no_factorials() -> None:
    # 2,000 erlangs: a factorial-based formula would overflow a float
    queue = Queue(volume=20_000, interval_minutes=30, handle_time=180, answered=80, within=20)
    assert 2_000 < queue.needed() < 2_100
    assert 0 < erlang_c(2_050, 2_000.0) < 1


def test_chat_concurrency_the_occupancy_cap_and_shrinkage() -> None:
    calls = Queue(volume=120, interval_minutes=30, handle_time=360, answered=80, within=20)
    assert calls.needed() == 29  # 24 erlangs
    chats = Queue(
        volume=120, interval_minutes=30, handle_time=360, answered=80, within=20, concurrency=2
    )
    assert chats.needed() == 15  # each agent is two servers
    capped = Queue(
        volume=100, interval_minutes=30, handle_time=180, answered=50, within=20, occupancy_cap=70
    )
    assert capped.needed() == 15  # 10 erlangs at most 70% busy: 15 agents, not the 12 of 50/20
    assert scheduled(29, 30) == 42
    assert scheduled(29, 0) == 29


def test_a_plan_short_of_agents_is_found_at_them(examples: Path, invoke: Invoke) -> None:
    plan = examples / "northwind-support" / "ramp.yaml"
    replace_in(plan, "      agents: 18\n", "      agents: 15\n")
    lines = _found(invoke, "PB406")
    assert lines == [
        f"{where(plan, 'agents: 15', offset=8)}: PB406 80% in 60 s at 90 contacts per 30 "
        "minutes with AHT 540 s, 2 at a time per agent needs 16 agents on the queue (23 "
        "scheduled at 30% shrinkage); the plan has 15, who reach 66.2%"
    ]


def test_a_forecast_no_queue_can_be_staffed_for_is_said_as_such() -> None:
    found = check(
        Staffing(
            channel="voice",
            from_day=1,
            volume=1_000_000,
            interval=15,
            handle_time=86_400,
            agents=10,
            answered=80,
            within=20,
        )
    )
    assert found.short
    assert found.needed == MOST_AGENTS
    assert "at 1000000 contacts per 15 minutes with AHT 86400 s" in found.words  # no 1e+06


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "      volume: 90 ",
            "      volume: 0 ",
            "`volume`: expected at least 1, found the number 0",
        ),
        ("      agents: 18\n", "      agents: -1\n", "`agents`: expected at least 0"),
        (
            "      within: 60\n",
            "      within: 60\n      interval: 20\n",
            "`interval`: expected one of `15`, `30`, `60`, found the number 20",
        ),
        ("      concurrency: 2 ", "      concurrency: 11 ", "`concurrency`: expected at most 10"),
        ("      answered: 80 ", "      answered: 100 ", "`answered`: expected less than 100"),
        (
            "      within: 60\n",
            "      within: 60\n      patience: 0\n",
            "`patience`: expected at least 1",
        ),
        (
            "      within: 30\n",
            "      within: 30\n      volume: 30\n",
            "the staffing of voice gives both a `forecast` and the busiest interval's `volume` "
            "or `agents`: keep one",
        ),
        (
            "      volume: 90            # chats in the busiest half hour (Mondays at 10:00)\n",
            "",
            "the staffing of chat needs the busiest interval's `volume` and `agents`, or a "
            "`forecast` of each interval",
        ),
        (
            '            - {at: "09:30", volume: 10, agents: 5}\n',
            '            - {at: "08:30", volume: 10, agents: 5}\n',
            "the forecast for Mon has the interval at 08:30 after the one at 09:00: list each "
            "interval once, in order of time",
        ),
        (
            '            - {at: "09:30", volume: 10, agents: 5}\n',
            '            - {at: "9:30", volume: 10, agents: 5}\n',
            "`at`: expected a time of day written HH:MM (24-hour), found '9:30'",
        ),
        (
            '            - {at: "09:30", volume: 10, agents: 5}\n',
            '            - {at: "09:30", volume: -10, agents: 5}\n',
            "`volume`: expected at least 0",
        ),
        (
            "          intervals:\n",
            "          intervals: []\n          spare:\n",
            "`intervals`: expected at least 1 item, found none",
        ),
        (
            "          intervals:\n",
            "          intervals:\n"
            + "".join(
                f'            - {{at: "{h:02d}:{m:02d}", volume: 1, agents: 1}}\n'
                for h in range(24)
                for m in (0, 15, 30, 45)
            )
            + '            - {at: "23:59", volume: 1, agents: 1}\n',
            "`intervals`: expected at most 96 items, found 115",
        ),
    ],
)
def test_an_impossible_queue_is_refused_at_its_field(
    examples: Path, invoke: Invoke, old: str, new: str, said: str
) -> None:
    plan = examples / "northwind-support" / "ramp.yaml"
    replace_in(plan, old, new)
    done = invoke("validate")
    assert done.exit_code == 1
    assert said in done.output, done.output
    assert "Traceback" not in done.output


def test_callers_who_never_hang_up_make_erlang_a_erlang_c() -> None:
    endless = erlang_a(14, 10.0, 180, patience=10_000_000, within=20)
    assert 100 * endless.service_level == pytest.approx(88.84, abs=0.01)
    assert endless.abandoned < 1e-5
    assert endless.occupancy == pytest.approx(10 / 14, abs=1e-5)


def test_callers_as_patient_as_a_call_is_long_find_the_present_by_poisson() -> None:
    # With patience equal to the handle time every contact present leaves at the same rate,
    # served or not, so the number present is Poisson with the load as its mean.
    load, agents = 10.0, 12
    present = [math.exp(-load + k * math.log(load) - math.lgamma(k + 1)) for k in range(200)]
    found = erlang_a(agents, load, 180, patience=180, within=20)
    waiting = sum(present[agents:])
    queued = sum((k - agents) * p for k, p in enumerate(present) if k > agents)
    assert found.abandoned == pytest.approx(queued / load, rel=1e-9)
    assert 1 - waiting < found.service_level < 1  # all who do not wait, and some who do


def _simulated(
    agents: int, load: float, handle: float, patience: float, within: float
) -> tuple[float, float]:
    """The shares answered within ``within`` and abandoned, over 200,000 simulated calls
    served in order of arrival: a caller's wait is when the first agent frees up, and a
    caller whose patience is shorter leaves and takes no agent's time."""
    chance = random.Random(7)
    free = [0.0] * agents
    now, answered, left, calls = 0.0, 0, 0, 200_000
    for _ in range(calls):
        now += chance.expovariate(load / handle)
        patient = chance.expovariate(1 / patience)
        start = max(now, free[0])
        if start - now > patient:
            left += 1
            continue
        heapq.heapreplace(free, start + chance.expovariate(1 / handle))
        answered += start - now <= within
    return answered / calls, left / calls


@pytest.mark.parametrize(("agents", "patience"), [(10, 60), (12, 180), (14, 300)])
def test_erlang_a_agrees_with_a_simulation_of_the_queue(agents: int, patience: float) -> None:
    found = erlang_a(agents, 10.0, 180, patience, within=20)
    level, left = _simulated(agents, 10.0, 180, patience, 20)
    assert found.service_level == pytest.approx(level, abs=0.01)
    assert found.abandoned == pytest.approx(left, abs=0.005)


def test_a_queue_whose_callers_hang_up_needs_fewer_agents_than_erlang_c_says() -> None:
    waiting = Queue(volume=120, interval_minutes=30, handle_time=360, answered=80, within=20)
    leaving = Queue(
        volume=120, interval_minutes=30, handle_time=360, answered=80, within=20, patience=120
    )
    assert waiting.needed() == 29
    assert leaving.needed() == 26
    assert leaving.reached(26) >= 80 > leaving.reached(25)
    assert leaving.abandoned(26) == pytest.approx(6.5, abs=0.05)
    # fewer agents than erlangs: Erlang C answers no one, Erlang A a share (callers leave)
    assert waiting.reached(20) == 0
    assert 0 < leaving.reached(20) < 50


def test_a_queue_too_large_for_erlang_a_is_checked_by_erlang_c_quickly() -> None:
    for staffing in (
        Staffing(
            channel="voice",
            from_day=1,
            volume=1_000_000,
            interval=15,
            handle_time=180,
            agents=10,
            answered=80,
            within=60,
            patience=10,
        ),
        Staffing(
            channel="voice",
            from_day=1,
            volume=300_000,
            interval=15,
            handle_time=1,
            agents=100,
            answered=80,
            within=3_600,
            patience=3_600,
        ),
    ):
        found = check(staffing)
        assert found.short
        assert found.needed == check(staffing.model_copy(update={"patience": None})).needed


def test_a_plan_with_callers_patience_is_checked_by_erlang_a(
    examples: Path, invoke: Invoke
) -> None:
    plan = examples / "northwind-support" / "ramp.yaml"
    replace_in(plan, "      agents: 18\n", "      agents: 13\n      patience: 300\n")
    lines = _found(invoke, "PB406")
    assert lines == [
        f"{where(plan, 'agents: 13', offset=8)}: PB406 80% in 60 s at 90 contacts per 30 "
        "minutes with AHT 540 s, 2 at a time per agent, patience 300 s needs 16 agents on the "
        "queue (23 scheduled at 30% shrinkage); the plan has 13, who reach 70.7% with 10.8% "
        "leaving unanswered"
    ]
    replace_in(plan, "      agents: 13\n", "      agents: 14\n")
    (line,) = _found(invoke, "PB406")
    assert line.endswith(
        "the plan has 14, who reach 81% with 7% leaving unanswered but are busy 89.7% of the "
        "time, above the 85% cap"
    )


MONDAY_PEAK = '            - {at: "11:00", volume: 28, agents: 10}\n'


def test_a_forecast_is_checked_interval_by_interval_and_found_at_the_first_short_one(
    examples: Path, invoke: Invoke
) -> None:
    plan = examples / "northwind-support" / "ramp.yaml"
    replace_in(plan, MONDAY_PEAK, MONDAY_PEAK.replace("agents: 10", "agents: 9"))
    replace_in(
        plan,
        '            - {at: "11:30", volume: 30, agents: 10}\n',
        '            - {at: "11:30", volume: 30, agents: 8}\n',
    )
    lines = _found(invoke, "PB406")
    assert lines == [
        f"{where(plan, 'agents: 9', offset=8)}: PB406 Mon 11:00: 80% in 30 s at 28 contacts "
        "per 30 minutes with AHT 420 s needs 10 agents on the queue (15 scheduled at 30% "
        "shrinkage); the plan has 9, who reach 75.9%; Mon: 2 of 18 intervals short (11:00, "
        "11:30); 47.5 agent hours on the queue planned a day, 49 needed (75 scheduled)"
    ]
    # the same calls on Tuesday to Friday are their own day: short there too, found there
    tuesday = '            - {at: "11:00", volume: 24, agents: 9}\n'
    replace_in(plan, tuesday, tuesday.replace("agents: 9", "agents: 7"))
    lines = _found(invoke, "PB406")
    assert len(lines) == 2
    place = where(plan, "volume: 24, agents: 7", offset=20)
    assert lines[1].startswith(f"{place}: PB406 Tue-Fri 11:00: ")
    assert lines[1].endswith("the plan has 7, who reach 56%")  # the day's only short one


def test_a_forecast_shows_each_day_and_interval_with_what_is_short(examples: Path) -> None:
    plan = examples / "northwind-support" / "ramp.yaml"
    replace_in(plan, MONDAY_PEAK, MONDAY_PEAK.replace("agents: 10", "agents: 9"))
    (voice,) = [found for found in _checks(examples) if found.intervals]
    assert voice.when == "Mon 11:30"  # the busiest interval heads the table
    assert not voice.short
    assert voice.short_anywhere
    assert [day.words for day in voice.days] == [
        "Mon: 1 of 18 intervals short (11:00); 48.5 agent hours on the queue planned a day, 49 "
        "needed (75 scheduled)",
        "Tue-Fri: all 18 intervals staffed; 44.5 agent hours on the queue planned a day, 44.5 "
        "needed (67 scheduled)",
    ]
    page = render_plan(examples)
    assert (
        "| Voice from day 40 | Mon 11:30: 30 per 30 min, AHT 420 s | 80% in 30 s | 10 on the "
        'queue, 15 scheduled | <span class="pb-result pb-result--missed">10: 82\\.1%, 1 of 36 '
        "intervals short</span> |"
    ) in page
    assert "### Voice from day 40, interval by interval" in page
    assert (
        '| Mon | 11:00 | 28 | 10 | <span class="pb-result pb-result--missed">9: 75\\.9%, short</span> |'
    ) in page
    assert "<summary>Every interval of the forecast</summary>" in page


def test_an_interval_without_contacts_needs_no_agents() -> None:
    found = check(
        Staffing.model_validate(
            {
                "channel": "voice",
                "from_day": 1,
                "handle_time": 300,
                "answered": 80,
                "within": 20,
                "forecast": [
                    {
                        "days": "Sun",
                        "intervals": [
                            {"at": "08:00", "volume": 0, "agents": 0},
                            {"at": "08:30", "volume": 10, "agents": 4},
                        ],
                    }
                ],
            }
        )
    )
    assert [(i.needed, i.short, i.reached) for i in found.intervals] == [
        (0, False, 100.0),
        (4, False, pytest.approx(91.2, abs=0.1)),
    ]
    assert found.when == "Sun 08:30"


def test_a_week_of_quarter_hours_is_checked_at_once() -> None:
    day = [
        {"at": f"{q // 4:02d}:{15 * (q % 4):02d}", "volume": 40 + q, "agents": 18 + q // 3}
        for q in range(96)
    ]
    forecast = [{"days": name, "intervals": day} for name in ("Mon", "Tue", "Wed", "Thu", "Fri")]
    found = check(
        Staffing.model_validate(
            {
                "channel": "voice",
                "from_day": 1,
                "interval": 15,
                "handle_time": 300,
                "answered": 80,
                "within": 20,
                "forecast": forecast,
            }
        )
    )
    assert len(found.intervals) == 480
    assert found.when == "Mon 23:45"
    assert [len(day.short) for day in found.days] == [len(found.days[0].short)] * 5
    assert 0 < len(found.days[0].short) < 96


def _checks(examples: Path) -> list[StaffingCheck]:
    portfolio = validate((), load_config()).portfolio
    (northwind,) = [p for p in portfolio.playbooks if p.id == "northwind-support"]
    assert northwind.ramp is not None
    return [check(s) for s in northwind.ramp.model.spec.staffing]


def render_plan(examples: Path) -> str:
    portfolio = validate((), load_config()).portfolio
    options = SiteOptions(today=date(2026, 12, 1), stamp=datetime(2026, 12, 1, tzinfo=UTC))
    pages = {page.path: page.content for page in render_site(portfolio, options)}
    return str(pages["engagements/northwind-support/plan.md"])


def test_a_forecast_above_the_brief_s_volume_cap_is_found_at_its_day(
    examples: Path, invoke: Invoke
) -> None:
    brief = examples / "northwind-support" / "brief.yaml"
    plan = examples / "northwind-support" / "ramp.yaml"
    replace_in(
        brief,
        "      - channel: voice\n        per_day: 250\n",
        "      - channel: voice\n        per_day: 230\n",
    )
    lines = _found(invoke, "PB407")
    # Monday's 239 calls are above the cap; Tuesday to Friday's 205 are within it
    assert lines == [
        f"{where(plan, 'days: Mon', offset=6)}: PB407 warning: the forecast for Mon adds up to "
        "239 voice contacts a day, above the brief's cap of 230 a day"
    ]
    replace_in(brief, "        per_day: 230\n", "        per_day: 239\n")
    assert not _found(invoke, "PB407")


def _found(invoke: Invoke, code: str) -> list[str]:
    """The ``path:line:col: CODE message`` lines of `playbook validate` with ``code``."""
    return [line for line in findings(invoke("validate").output) if f" {code} " in line]


def test_a_forecast_too_large_for_erlang_a_is_checked_by_erlang_c_and_says_so() -> None:
    day = [
        {"at": f"{q // 4:02d}:{15 * (q % 4):02d}", "volume": 2_000 + q, "agents": 1_500}
        for q in range(96)
    ]
    staffing = Staffing.model_validate(
        {
            "channel": "voice",
            "from_day": 1,
            "interval": 15,
            "handle_time": 600,
            "answered": 80,
            "within": 20,
            "patience": 100,
            "occupancy_cap": 100,
            "forecast": [{"days": name, "intervals": day} for name in ("Mon", "Tue", "Wed")],
        }
    )
    found = check(staffing)  # 96 queues of about 1,400 erlangs each
    assert found.without_patience
    plain = check(staffing.model_copy(update={"patience": None}))
    assert [i.needed for i in found.intervals] == [i.needed for i in plain.intervals]
    assert found.intervals[0].words.endswith(
        "(checked by Erlang C, which never asks for fewer agents: the forecast is too large "
        "to work out by Erlang A)"
    )
    assert found.method_note == (  # the sentence the plan's page and PDF give under its table
        "Checked by Erlang C, which never asks for fewer agents: the forecast is too large to "
        "work out by Erlang A."
    )
    # a few intervals of the same queues are worked out by Erlang A
    few = staffing.forecast[0].model_copy(update={"intervals": staffing.forecast[0].intervals[:8]})
    small = check(staffing.model_copy(update={"forecast": (few,)}))
    assert not small.without_patience
    assert small.intervals[0].needed < plain.intervals[0].needed  # callers who leave
