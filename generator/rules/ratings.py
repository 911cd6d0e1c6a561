"""Rules on the client's ratings of milestones: the client rates, once a milestone is done.

A rating is the client's word on a deliverable: one given by the vendor's own people, or
before the milestone was done, would be the vendor marking its own work.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.rules.registry import Context, Finding, rule
from generator.views.progress import scorecard
from generator.views.text import long_date, person_label


@rule("PB811", "rating-not-by-client")
def rating_not_by_client(ctx: Context) -> Iterator[Finding]:
    """A milestone's rating is given by someone who is not on the client's side.

    Only the client's people rate the vendor's milestones; a rating by the vendor's own
    people says nothing the client would sign.
    """
    for playbook in ctx.portfolio.playbooks:
        card = scorecard(playbook)
        if card is None:
            continue
        for index, progress in enumerate(card.model.spec.milestones):
            rating = progress.rating
            person = playbook.people.get(rating.by) if rating else None
            if rating is None or person is None or person.party == "client":
                continue
            yield Finding(
                card,
                ("spec", "milestones", index, "rating", "by"),
                f"{person_label(person.id, playbook.people)} is on the {person.party}'s side: "
                "only the client's people rate milestones",
                "name who rated it for the client, or leave the rating out",
            )


@rule("PB812", "rated-before-done")
def rated_before_done(ctx: Context) -> Iterator[Finding]:
    """A milestone is rated before it is done, or without being done at all.

    The client rates what was delivered: record `done_on:` first, and a rating on or
    after that day.
    """
    for playbook in ctx.portfolio.playbooks:
        card = scorecard(playbook)
        if card is None:
            continue
        for index, progress in enumerate(card.model.spec.milestones):
            rating = progress.rating
            if rating is None:
                continue
            place = ("spec", "milestones", index, "rating", "on")
            if progress.done_on is None:
                yield Finding(
                    card,
                    ("spec", "milestones", index, "rating"),
                    f"milestone `{progress.milestone}` is rated but not done",
                    "record `done_on:` once it is done, then its rating",
                )
            elif rating.on < progress.done_on:
                yield Finding(
                    card,
                    place,
                    f"rated on {long_date(rating.on)}, before the milestone was done on "
                    f"{long_date(progress.done_on)}",
                    "a rating comes on or after the day the milestone is done",
                )
