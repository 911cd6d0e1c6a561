"""What one reader's outputs are made from: the validated playbooks, scoped to the
engagements asked for and filtered for the reader.

Every output that reads playbooks starts here (:func:`select`): the site's pages, the
PDFs, the packets, the readiness review and `playbook build`. It checks the
engagements named, sets aside the errors of the others, refuses a client's or
prospect's output that would hold other clients' engagements, and, when asked, stops
on errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from generator.audience import VENDOR_TEAM, ReaderName, for_audience, reader
from generator.config import Config
from generator.diagnostics import Severity, did_you_mean
from generator.errors import PlaybookError
from generator.portfolio import Portfolio
from generator.validation import Result


class UnknownEngagementError(PlaybookError):
    """An engagement asked for is not in the playbooks."""


class UnnamedEngagementError(PlaybookError):
    """A client's or prospect's output holding several engagements names none."""


class InvalidPlaybooksError(PlaybookError):
    """The playbooks an output needs have errors; ``selection.result`` holds them."""

    def __init__(self, selection: Selection) -> None:
        count = selection.result.count(Severity.ERROR)
        super().__init__(f"the playbooks have {count} error{'s' if count != 1 else ''}")
        self.selection = selection


@dataclass(frozen=True)
class Selection:
    """The playbooks of ``engagements`` as ``audience`` may read them."""

    result: Result
    """The validation result as these engagements see it: errors of other engagements
    are warnings (:meth:`Result.scoped`)."""
    audience: ReaderName
    engagements: tuple[str, ...]
    """The engagements chosen: those named, or every valid one."""
    set_aside: int
    """How many errors of other engagements do not stop this output."""

    @cached_property
    def portfolio(self) -> Portfolio:
        """The chosen engagements, with what the reader may not see taken out."""
        return for_audience(self.result.portfolio, self.audience, self.engagements)

    @property
    def note(self) -> str | None:
        """What to tell the user about the errors set aside, if any."""
        if not self.set_aside:
            return None
        many = self.set_aside != 1
        return (
            f"{self.set_aside} error{'s' if many else ''} in other engagements "
            f"{'do' if many else 'does'} not stop this command; they are shown as warnings, "
            "and `playbook validate` fails on them"
        )

    def require_valid(self) -> Selection:
        """This selection, or :class:`InvalidPlaybooksError` when its playbooks have errors."""
        if self.result.failed():
            raise InvalidPlaybooksError(self)
        return self


def select(
    result: Result,
    config: Config,
    engagements: Sequence[str] = (),
    audience: ReaderName = VENDOR_TEAM,
    *,
    output: str | None = None,
) -> Selection:
    """``result`` as an output of ``engagements`` (all when empty) for ``audience`` sees it.

    Raises :class:`UnknownEngagementError` for an engagement not in the playbooks; with
    ``output`` (what is made, "site" or "build"), :class:`UnnamedEngagementError` when
    it is one client's or prospect's and names none among several. An output that needs
    valid playbooks asks :meth:`Selection.require_valid`.
    """
    every = tuple(p.id for p in result.portfolio.playbooks)
    unknown = [e for e in engagements if e not in every]
    if unknown:
        where = config.settings.root
        hint = did_you_mean(unknown[0], every)
        if hint:
            raise UnknownEngagementError(f"unknown engagement `{unknown[0]}` in {where}; {hint}")
        raise UnknownEngagementError(
            f"unknown engagement `{unknown[0]}` (engagements in {where}: "
            f"{', '.join(sorted(every)) or 'none'}; an engagement whose engagement file has "
            "errors is not listed)"
        )
    if output is not None and reader(audience).must_name_engagement(engagements, every):
        raise UnnamedEngagementError(
            f"a {audience} {output} must name its engagement (one of {', '.join(every)}): "
            "other clients' names must not appear in it"
        )
    scoped = result.scoped(engagements)
    set_aside = result.count(Severity.ERROR) - scoped.count(Severity.ERROR)
    return Selection(scoped, audience, tuple(engagements) or every, set_aside)
