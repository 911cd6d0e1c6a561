"""Staffing by Erlang C: the figures of published tables, and the plan's queues checked
against their service levels (PB406), found at the planned agents."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from generator.models.ramp import Staffing
from generator.views.staffing import (
    MOST_AGENTS,
    Queue,
    check,
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
    lines = [line for line in findings(invoke("validate").output) if "PB406" in line]
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
    ],
)
def test_an_impossible_queue_is_refused_at_its_field(
    examples: Path, invoke: Invoke, old: str, new: str, said: str
) -> None:
    plan = examples / "northwind-support" / "ramp.yaml"
    replace_in(plan, old, new)
    done = invoke("validate")
    assert done.exit_code == 1
    assert said in done.output
