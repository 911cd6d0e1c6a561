"""How many agents a queue needs to reach its service level: Erlang C, or Erlang A when
callers' patience is known.

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

Erlang A (Palm's M/M/n+M) lets a waiting contact leave after an exponential patience of
mean ``1 / theta``. With ``k`` contacts present, they leave at ``min(k, n) mu +
max(k - n, 0) theta`` (``mu = 1 / handle_time``), so the chance an arrival finds ``k`` is

    p(k) = p(0) prod_{i=1..k} lambda / (min(i, n) mu + max(i - n, 0) theta),

which stays finite whatever the load: callers who leave keep the queue stable even with
fewer agents than erlangs. An arrival who finds ``j`` ahead in the queue moves up at rate
``n mu + i theta`` while ``i`` are ahead, is answered at ``n mu`` from the front, and
leaves at ``theta`` meanwhile; the chance it is answered within ``t`` is that small
chain's absorption by ``t``, computed exactly by uniformisation. The service level is the
share of all offered contacts answered within ``t`` (those who leave count against it),
and the abandonment is the share who leave before an answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from generator.models.ramp import Staffing
from generator.views.text import number

#: More agents than this for one interval is a forecast error, not a queue to solve.
MOST_AGENTS: Final = 20_000
#: The most contacts present, and steps times places of the waiting chain, Erlang A is
#: worked for; a queue beyond them is checked by Erlang C, which never asks for fewer
#: agents.
_MOST_PRESENT: Final = 200_000
_MOST_WORK: Final = 1_000_000
#: The erlangs of a forecast's different intervals, added up, that Erlang A is worked
#: for: beyond them (a week of quarter hours on a very large queue), every interval is
#: checked by Erlang C, which never asks for fewer agents, so that a check of one
#: staffing takes about a second at most.
FORECAST_ERLANGS: Final = 20_000


class TooLarge(ValueError):
    """The queue is too large to work out by Erlang A in reasonable time."""


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
class Abandoning:
    """What Erlang A gives for one count of servers: shares from 0 to 1."""

    service_level: float
    abandoned: float
    #: The busy share of the servers' time.
    occupancy: float


@lru_cache(maxsize=256)  # a check asks for the same servers' figures several times
def erlang_a(
    servers: int, load: float, handle_time: float, patience: float, within: float
) -> Abandoning:
    """Erlang A with ``servers``, ``load`` erlangs, callers' mean ``patience`` in seconds,
    and the service level counted ``within`` seconds."""
    mu, theta = 1 / handle_time, 1 / patience
    arrival = load * mu
    found = _present(servers, arrival, mu, theta)
    waiting = found[servers:]
    answered_by = _answered_by(len(waiting), servers * mu, theta, within)
    level = sum(found[:servers]) + sum(p * a for p, a in zip(waiting, answered_by, strict=True))
    queued = sum(j * p for j, p in enumerate(waiting))
    abandoned = theta * queued / arrival  # leaving rate over arrival rate (Little)
    busy = sum(min(k, servers) * p for k, p in enumerate(found))
    return Abandoning(level, abandoned, busy / servers)


def _present(servers: int, arrival: float, mu: float, theta: float) -> list[float]:
    """The chance an arrival finds ``k`` contacts present, for ``k`` up to where the rest
    is negligible; computed in logarithms so that no term overflows."""
    logs, log_arrival, top, k = [0.0], math.log(arrival), 0.0, 0
    while True:
        k += 1
        leaving = min(k, servers) * mu + max(k - servers, 0) * theta
        logs.append(logs[-1] + log_arrival - math.log(leaving))
        top = max(top, logs[-1])
        if k > servers and leaving > arrival and logs[-1] < top - 40:
            break
        if k > _MOST_PRESENT:
            raise TooLarge(k)
    weights = [math.exp(x - top) for x in logs]
    total = sum(weights)
    return [w / total for w in weights]


def _answered_by(depth: int, serving: float, theta: float, within: float) -> list[float]:
    """For ``j`` ahead in the queue (``j < depth``), the chance of being answered within
    ``within`` seconds: the chain of places ``j, j - 1, ..., 0, answered`` with a departure
    at ``theta`` from each, uniformised at its fastest rate and summed over the Poisson
    number of its steps. The chain only moves forward, so a place's chance needs only the
    places before it; from places too far back to pass in time (more steps than the
    Poisson count reaches but with a chance below e^-70) the chance is taken as 0."""
    reach = _reachable(depth, serving, theta, within)
    if reach == 0:
        return [0.0] * depth
    rates = [serving + j * theta for j in range(reach)]
    fastest = rates[-1] + theta
    mean = fastest * within
    steps = _steps(mean)
    if reach * steps > _MOST_WORK:
        raise TooLarge(reach * steps)
    chance = [0.0] * reach  # answered after m steps of the uniformised chain
    total = [0.0] * reach
    log_weight, log_mean = -mean, math.log(mean)
    for m in range(steps + 1):
        weight = math.exp(log_weight)
        if weight:
            total = [t + weight * c for t, c in zip(total, chance, strict=True)]
        chance = [
            (1 - (rate + theta) / fastest) * c + rate / fastest * (chance[j - 1] if j else 1.0)
            for j, (rate, c) in enumerate(zip(rates, chance, strict=True))
        ]
        log_weight += log_mean - math.log(m + 1)
    return total + [0.0] * (depth - reach)


def _steps(mean: float) -> int:
    """Steps of a Poisson count of ``mean`` beyond which the rest weighs below e^-70."""
    return int(mean + 12 * math.sqrt(mean) + 30)


def _reachable(depth: int, serving: float, theta: float, within: float) -> int:
    """The places ahead (up to ``depth``) from which the front can be reached in time: the
    first ``j`` whose ``j + 1`` moves are more than the Poisson count of the fastest rate
    up to it reaches."""
    for j in range(depth):
        if j + 1 > _steps((serving + (j + 1) * theta) * within):
            return j
    return depth


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
    #: Callers' mean patience in the queue, in seconds: Erlang A when given.
    patience: float | None = None

    @property
    def load(self) -> float:
        """The work offered, in erlangs."""
        return self.volume / (self.interval_minutes * 60) * self.handle_time

    def reached(self, agents: int) -> float:
        """The service level ``agents`` reach, in percent."""
        servers = agents * self.concurrency
        found = self._abandoning(servers)
        if found is not None:
            return 100 * found.service_level
        return 100 * service_level(servers, self.load, self.handle_time, self.within)

    def abandoned(self, agents: int) -> float | None:
        """The share of callers who leave before an answer with ``agents``, in percent
        (Erlang A; None without a patience, or for a queue too large for it)."""
        found = self._abandoning(agents * self.concurrency)
        return None if found is None else 100 * found.abandoned

    def occupancy(self, agents: int) -> float:
        """The share of the agents' time busy with contacts, in percent (above 100 when
        Erlang C's queue is overloaded)."""
        servers = agents * self.concurrency
        found = self._abandoning(servers)
        if found is not None:
            return 100 * found.occupancy
        return 100 * self.load / servers if servers else math.inf

    def _abandoning(self, servers: int) -> Abandoning | None:
        """Erlang A with ``servers``; None without a patience, without servers, or for a
        queue too large to work out."""
        if self.patience is None or not servers:
            return None
        try:
            return erlang_a(servers, self.load, self.handle_time, self.patience, self.within)
        except TooLarge:
            return None

    def needed(self) -> int:
        """The fewest agents that reach the service level within the occupancy cap, at
        most :data:`MOST_AGENTS`."""
        enough = self._needed_by_erlang_c()
        if self.patience is None or enough >= MOST_AGENTS:
            return enough
        return self._needed_by_erlang_a(enough)

    def _needed_by_erlang_a(self, enough: int) -> int:
        """The fewest agents by Erlang A: both the service level and the occupancy only
        improve with more agents, and callers who leave never make a queue need more agents
        than Erlang C's ``enough``, so a halving search up to it finds them. It starts
        where the two goals allow: the contacts answered in time are at most those
        answered at all, so the busy agents carry at least ``answered`` percent of the
        load, and may be busy at most ``occupancy_cap`` percent of their time."""
        carried = self.load * self.answered / self.occupancy_cap / self.concurrency
        low, high = min(enough, max(1, math.ceil(carried))), enough
        while low < high:
            middle = (low + high) // 2
            found = self._abandoning(middle * self.concurrency)
            if found is None:  # too large for Erlang A: Erlang C's count stands
                return enough
            if (
                100 * found.service_level >= self.answered
                and 100 * found.occupancy <= self.occupancy_cap
            ):
                high = middle
            else:
                low = middle + 1
        return low

    def _needed_by_erlang_c(self) -> int:
        """Erlang C's fewest agents; Erlang B carried from one count of servers to the
        next."""
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
    """A planned staffing against what its queue needs: the busiest interval's, with every
    interval's own check when the plan gives the forecast interval by interval."""

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
    #: The days of the week and the start of this interval, for a forecast's interval.
    day: str | None = None
    at: str | None = None
    #: Where the interval is in the forecast: the day's index and the interval's.
    place: tuple[int, int] | None = None
    #: Each interval of the forecast, checked; empty without a forecast.
    intervals: tuple[StaffingCheck, ...] = ()
    #: Checked by Erlang C although callers' patience is given: the forecast is too large.
    without_patience: bool = False

    @property
    def short(self) -> bool:
        return self.planned < self.needed

    @property
    def when(self) -> str | None:
        """``Mon-Fri 10:00``, for a forecast's interval."""
        return f"{self.day} {self.at}" if self.day else None

    @property
    def short_intervals(self) -> tuple[StaffingCheck, ...]:
        """The forecast's intervals with fewer agents than they need."""
        return tuple(found for found in self.intervals if found.short)

    @property
    def short_anywhere(self) -> bool:
        """Short in the busiest interval or in any interval of the forecast."""
        return self.short or bool(self.short_intervals)

    @property
    def intervals_short(self) -> str:
        """``2 of 36 intervals short``, or nothing when none of a forecast's is."""
        found = self.short_intervals
        return f"{len(found)} of {len(self.intervals)} intervals short" if found else ""

    @property
    def days(self) -> tuple[DayHours, ...]:
        """The forecast's agent hours, day pattern by day pattern."""
        hours = self.queue.interval_minutes / 60
        grouped: dict[int, list[StaffingCheck]] = {}
        for found in self.intervals:
            grouped.setdefault(found.place[0] if found.place else 0, []).append(found)
        return tuple(
            DayHours(
                found[0].day or "",
                len(found),
                tuple(f for f in found if f.short),
                hours * sum(f.planned for f in found),
                hours * sum(f.needed for f in found),
                hours * sum(f.to_schedule for f in found),
            )
            for found in grouped.values()
        )

    @property
    def method(self) -> str | None:
        """Why Erlang C checked a forecast whose callers' patience is given, if it did."""
        if not self.without_patience:
            return None
        return (
            "checked by Erlang C, which never asks for fewer agents: the forecast is too "
            "large to work out by Erlang A"
        )

    @property
    def method_note(self) -> str:
        """:attr:`method` as a sentence of its own, or nothing."""
        method = self.method
        return f"{method[:1].upper()}{method[1:]}." if method else ""

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
        """``90 per 30 min, AHT 540 s, 2 at once``: the demand, as a table cell says it
        (after the interval's days and time, for a forecast's)."""
        demand = self._demand("per {m} min,", "at once")
        return f"{self.when}: {demand}" if self.when else demand

    def _demand(self, per: str, concurrent: str) -> str:
        queue = self.queue
        words = (
            f"{number(queue.volume)} {per.format(m=queue.interval_minutes)} "
            f"AHT {number(queue.handle_time)} s"
        )
        if queue.concurrency > 1:
            words += f", {queue.concurrency} {concurrent}"
        if queue.patience is not None:
            words += f", patience {number(queue.patience)} s"
        return words

    @property
    def words(self) -> str:
        """What the check found, in a sentence."""
        needs = (
            f"{self.goal} at {self.demand} needs {self.needed} agents on the queue "
            f"({self.to_schedule} scheduled at {number(self.shrinkage)}% shrinkage)"
        )
        if self.when:
            needs = f"{self.when}: {needs}"
        reach = f"reach {number(round(self.reached, 1))}%"
        leave = self.queue.abandoned(self.planned)
        if leave is not None:
            reach += f" with {number(round(leave, 1))}% leaving unanswered"
        if self.short and self.reached >= self.queue.answered:
            busy = self.queue.occupancy(self.planned)
            reach += (
                f" but are busy {number(round(busy, 1))}% of the time, above the "
                f"{number(self.queue.occupancy_cap)}% cap"
            )
        said = (
            f"{needs}; the plan has {self.planned}, who {reach}"
            if self.short
            else f"{needs}; the plan's {self.planned} {reach}"
        )
        return f"{said} ({self.method})" if self.method else said


@dataclass(frozen=True)
class DayHours:
    """One day pattern of a forecast: its intervals and agent hours on the queue."""

    days: str
    intervals: int
    short: tuple[StaffingCheck, ...]
    planned_hours: float
    needed_hours: float
    #: The hours to schedule for the needed ones after shrinkage.
    scheduled_hours: float

    @property
    def words(self) -> str:
        """``Mon-Fri: 2 of 28 intervals short (10:00, 10:30); 180 agent hours on the
        queue planned a day, 186 needed (266 scheduled)``."""
        short = (
            f"{len(self.short)} of {self.intervals} intervals short "
            f"({', '.join(str(found.at) for found in self.short)})"
            if self.short
            else f"all {self.intervals} intervals staffed"
        )
        return (
            f"{self.days}: {short}; {number(self.planned_hours)} agent hours on the queue "
            f"planned a day, {number(self.needed_hours)} needed "
            f"({number(self.scheduled_hours)} scheduled)"
        )


@lru_cache(maxsize=64)  # the rule, the pages, the PDFs and the packet ask for the same
def check(staffing: Staffing) -> StaffingCheck:
    """The planned ``staffing`` against what its queue needs: the busiest interval's, with
    each interval of its forecast when it has one."""
    if staffing.volume is not None and staffing.agents is not None:
        return _checked(staffing, staffing.volume, staffing.agents)
    volumes = {slot.volume for day in staffing.forecast for slot in day.intervals}
    erlangs = sum(volumes) / (staffing.interval * 60) * staffing.handle_time
    too_large = staffing.patience is not None and erlangs > FORECAST_ERLANGS
    if too_large:
        staffing = staffing.model_copy(update={"patience": None})
    intervals = tuple(
        _checked(staffing, slot.volume, slot.agents, (day.days, slot.at), (d, i))
        for d, day in enumerate(staffing.forecast)
        for i, slot in enumerate(day.intervals)
    )
    if too_large:
        intervals = tuple(replace(found, without_patience=True) for found in intervals)
    busiest = max(intervals, key=lambda found: found.queue.volume)
    return replace(busiest, intervals=intervals)


def _checked(
    staffing: Staffing,
    volume: int,
    agents: int,
    when: tuple[str, str] | None = None,
    place: tuple[int, int] | None = None,
) -> StaffingCheck:
    queue = Queue(
        volume=volume,
        interval_minutes=staffing.interval,
        handle_time=staffing.handle_time,
        answered=staffing.answered,
        within=staffing.within,
        concurrency=staffing.concurrency,
        occupancy_cap=staffing.occupancy_cap,
        patience=staffing.patience,
    )
    needed = _needed(queue)
    day, at = when or (None, None)
    return StaffingCheck(
        staffing.channel,
        staffing.from_day,
        queue,
        agents,
        needed,
        _reached(queue, agents),
        scheduled(needed, staffing.shrinkage),
        staffing.shrinkage,
        day,
        at,
        place,
    )


def _reached(queue: Queue, agents: int) -> float:
    """The share of contacts ``agents`` answer in time: all of none, none with nobody."""
    if not queue.volume:
        return 100.0
    return queue.reached(agents) if agents else 0.0


@lru_cache(maxsize=1024)  # a forecast repeats its volumes, and engagements their queues
def _needed(queue: Queue) -> int:
    """The agents ``queue`` needs; none for an interval without contacts."""
    return queue.needed() if queue.volume else 0
