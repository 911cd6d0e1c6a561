"""What a change does to sign-offs: which it makes stale, which it adds or renews.

A sign-off is stale on the new side when it was current on the old side, is still
in the file, and the content it approved has changed since.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.diffing.changes import SignoffAction, SignoffChange
from generator.models import Document
from generator.portfolio import Loaded, Playbook
from generator.views.context import SignoffView, approval
from generator.views.text import long_date


def signoff_views(doc: Loaded[Document], playbook: Playbook | None) -> tuple[SignoffView, ...]:
    """Each sign-off, current or not; a shared catalog's signatories have no roster."""
    if playbook is not None:
        return approval(playbook, doc).signoffs
    return tuple(
        SignoffView(None, s.person, "", s.date, s.digest, s.digest == doc.digest)
        for s in doc.model.signoffs
    )


def signoff_changes(
    before: Sequence[SignoffView], after: Sequence[SignoffView], *, content_changed: bool
) -> list[SignoffChange]:
    """Sign-offs made stale by the change, then those added, renewed or removed."""
    old_keys = {(v.person_id, v.digest) for v in before}
    new_keys = {(v.person_id, v.digest) for v in after}
    added = [v for v in after if (v.person_id, v.digest) not in old_keys]
    removed = [v for v in before if (v.person_id, v.digest) not in new_keys]
    renewed = {v.person_id for v in added} & {v.person_id for v in removed}
    found: list[SignoffChange] = []
    if content_changed:
        found.extend(
            _change("stale", v) for v in before if v.current and (v.person_id, v.digest) in new_keys
        )
    found.extend(_change("renewed" if v.person_id in renewed else "added", v) for v in added)
    found.extend(_change("removed", v) for v in removed if v.person_id not in renewed)
    return found


def _change(action: SignoffAction, view: SignoffView) -> SignoffChange:
    name = view.person.name if view.person is not None else view.person_id
    return SignoffChange(action, name, view.party, long_date(view.when))
