"""How many agents a queue needs to reach its service level: Erlang C.

Contacts arriving at random (Poisson) at ``volume`` per interval, each taking
``handle_time`` seconds, are ``A = volume / interval * handle_time`` erlangs of work. With
``n`` agents (``n > A``), the chance a contact waits is Erlang C,

    C(n, A) = B(n, A) n / (n - A (1 - B(n, A))),   B: Erlang B, by its recurrence
    B(0, A) = 1,  B(k, A) = A B(k-1, A) / (k + A B(k-1, A)),

and the share answered within ``t`` seconds is ``1 - C(n, A) exp(-(n - A) t / handle_time)``;
the average speed of answer is ``C(n, A) handle_time / (n - A)``. The agents needed are the
fewest that reach the service level without working above the occupancy cap (``A / n``).
A chat agent who handles ``concurrency`` chats at once counts for that many servers. The
recurrence keeps every term between 0 and 1, so large queues need no factorials.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from generator.models.ramp import Staffing
from generator.views.text import number

#: More agents than this for one interval is a forecast error, not a queue to solve.
MOST_AGENTS: Final = 20_000


def erlang_c(servers: int, load: float) -> float:
    """The chance a contact waits, with ``servers`` and ``load`` erlangs (1 if overloaded)."""
    if servers <= load:
        return 1.0
    blocked = 1.0
    for k in range(1, servers + 1):
        blocked = load * blocked / (k + load * blocked)
    return servers * blocked / (servers - load * (1 - blocked))


def service_level(servers: int, load: float, handle_time: float, within: float) -> float:
    """The share of contacts answered within ``within`` seconds, from 0 to 1."""
    if servers <= load:
        return 0.0
    waiting = erlang_c(servers, load)
    return 1 - waiting * math.exp(-(servers - load) * within / handle_time)


def speed_of_answer(servers: int, load: float, handle_time: float) -> float:
    """The average wait before an answer, in seconds (infinite when overloaded)."""
    if servers <= load:
        return math.inf
    return erlang_c(servers, load) * handle_time / (servers - load)


@dataclass(frozen=True)
class Queue:
    """One channel's busiest interval and the service level it must reach."""

    volume: float
    interval_minutes: int
    handle_time: float
    answered: float  # percent
    within: float  # seconds
    concurrency: int = 1
    occupancy_cap: float = 100.0  # percent

    @property
    def load(self) -> float:
        """The work offered, in erlangs."""
        return self.volume / (self.interval_minutes * 60) * self.handle_time

    def reached(self, agents: int) -> float:
        """The service level ``agents`` reach, in percent."""
        return 100 * service_level(
            agents * self.concurrency, self.load, self.handle_time, self.within
        )

    def needed(self) -> int:
        """The fewest agents that reach the service level within the occupancy cap, at
        most :data:`MOST_AGENTS`; Erlang B carried from one count of servers to the next."""
        load, blocked, servers = self.load, 1.0, 0
        for agents in range(1, MOST_AGENTS + 1):
            for _ in range(self.concurrency):
                servers += 1
                blocked = load * blocked / (servers + load * blocked)
            if servers <= load or 100 * load / servers > self.occupancy_cap:
                continue
            waiting = servers * blocked / (servers - load * (1 - blocked))
            reached = 1 - waiting * math.exp(-(servers - load) * self.within / self.handle_time)
            if 100 * reached >= self.answered:
                return agents
        return MOST_AGENTS


def scheduled(on_phones: int, shrinkage: float) -> int:
    """The agents to schedule so that ``on_phones`` are there after ``shrinkage`` percent
    (absence, breaks, training) is taken away."""
    return math.ceil(on_phones / (1 - shrinkage / 100)) if shrinkage < 100 else on_phones


@dataclass(frozen=True)
class StaffingCheck:
    """A planned staffing against what its queue needs."""

    channel: str
    from_day: int
    queue: Queue
    planned: int
    needed: int
    #: The service level the planned agents reach, in percent.
    reached: float
    #: The agents to schedule for ``needed`` to be on the queue after shrinkage.
    to_schedule: int
    shrinkage: float

    @property
    def short(self) -> bool:
        return self.planned < self.needed

    @property
    def goal(self) -> str:
        """``80% in 20 s``."""
        return f"{number(self.queue.answered)}% in {number(self.queue.within)} s"

    @property
    def demand(self) -> str:
        """``120 contacts per 30 minutes with AHT 360 s`` (and the chats an agent takes)."""
        return self._demand("contacts per {m} minutes with", "at a time per agent")

    @property
    def interval(self) -> str:
        """``90 per 30 min, AHT 540 s, 2 at once``: the demand, as a table cell says it."""
        return self._demand("per {m} min,", "at once")

    def _demand(self, per: str, concurrent: str) -> str:
        queue = self.queue
        words = (
            f"{number(queue.volume)} {per.format(m=queue.interval_minutes)} "
            f"AHT {number(queue.handle_time)} s"
        )
        if queue.concurrency > 1:
            words += f", {queue.concurrency} {concurrent}"
        return words

    @property
    def words(self) -> str:
        """What the check found, in a sentence."""
        needs = (
            f"{self.goal} at {self.demand} needs {self.needed} agents on the queue "
            f"({self.to_schedule} scheduled at {number(self.shrinkage)}% shrinkage)"
        )
        reach = f"reach {number(round(self.reached, 1))}%"
        if self.short:
            return f"{needs}; the plan has {self.planned}, who {reach}"
        return f"{needs}; the plan's {self.planned} {reach}"


def check(staffing: Staffing) -> StaffingCheck:
    """The planned ``staffing`` against what its queue needs."""
    queue = Queue(
        volume=staffing.volume,
        interval_minutes=staffing.interval,
        handle_time=staffing.handle_time,
        answered=staffing.answered,
        within=staffing.within,
        concurrency=staffing.concurrency,
        occupancy_cap=staffing.occupancy_cap,
    )
    needed = queue.needed()
    return StaffingCheck(
        staffing.channel,
        staffing.from_day,
        queue,
        staffing.agents,
        needed,
        queue.reached(staffing.agents) if staffing.agents else 0.0,
        scheduled(needed, staffing.shrinkage),
        staffing.shrinkage,
    )
