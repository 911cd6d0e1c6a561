"""Sign-offs recorded from approving pull request reviews.

The repository's workflow runs ``playbook approve-review`` when a review is submitted
(``on: pull_request_review``). It reads GitHub's event payload and, for each playbook
document the pull request changes, records the reviewer's sign-off of it when

- the review approves, and approved the pull request's head, which is checked out;
- the document's engagement names this repository's review notary;
- the reviewer is on the engagement's roster by their ``github:`` handle, signs
  documents of that kind for their party, and their party may read the document.

Each sign-off names the review and the commit (``via:``) and is signed with the notary's
key, whose public half the roster lists, so ``validate`` checks it offline like any
signed approval. What is refused is said, with the reason, in the comment the workflow
posts on the pull request.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from generator.audience import PARTY_READERS, visible
from generator.config import Config
from generator.errors import PlaybookError
from generator.inputs import InputError, read_input
from generator.loading import display_path
from generator.models import Document, Person
from generator.models.base import Via
from generator.portfolio import Loaded, Playbook
from generator.signoff.approval import ApprovalError, approve, not_a_signatory
from generator.validation import validate
from generator.views.text import long_date, person_label

#: GitHub's event payloads are a few tens of KB; a pull request with many files more.
MAX_EVENT_BYTES: Final = 25 * 1024 * 1024


class ReviewError(PlaybookError):
    """The event cannot be acted on at all; nothing was written."""


@dataclass(frozen=True)
class ReviewEvent:
    """What the workflow's ``pull_request_review`` event says, as far as sign-offs go."""

    reviewer: str
    state: str
    #: The commit the review was given on.
    commit: str
    #: The pull request's head and base commits when the event was sent.
    head: str
    base: str
    url: str
    repository: str
    submitted: datetime
    number: int

    @property
    def approves(self) -> bool:
        return self.state.lower() == "approved"


@dataclass(frozen=True)
class Decision:
    """What became of one changed document."""

    path: str
    recorded: bool
    words: str
    #: The file, for committing what was recorded.
    file: Path | None = None


@dataclass
class Outcome:
    """What a review recorded and refused."""

    event: ReviewEvent
    decisions: list[Decision] = field(default_factory=list)
    #: Why nothing was looked at, when the review as a whole records nothing.
    note: str = ""

    @property
    def recorded(self) -> list[Decision]:
        return [d for d in self.decisions if d.recorded]

    @property
    def refused(self) -> list[Decision]:
        return [d for d in self.decisions if not d.recorded]

    def comment(self) -> str:
        """The pull request comment: what was recorded, what was refused and why."""
        who, commit = f"@{self.event.reviewer}", self.event.commit[:7]
        lines = [f"**Sign-offs from {who}'s review of {commit}**", ""]
        if self.note:
            lines.append(self.note)
        if self.recorded:
            lines += ["Recorded, signed by the review notary:", ""]
            lines += [f"- `{d.path}`: {d.words}" for d in self.recorded]
            lines.append("")
        if self.refused:
            lines += ["Not recorded:", ""]
            lines += [f"- `{d.path}`: {d.words}" for d in self.refused]
        return "\n".join(lines).rstrip() + "\n"


def read_event(path: Path) -> ReviewEvent:
    """The review event GitHub's workflow wrote to ``path`` (``$GITHUB_EVENT_PATH``)."""
    shown = display_path(path)
    try:
        data = read_input(path, MAX_EVENT_BYTES, "the event payload", shown)
        payload = json.loads(data)
    except InputError as exc:
        raise ReviewError(str(exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"{shown}: not a JSON event payload ({exc})") from None
    fields = _Fields(payload, shown)
    submitted = fields.text("review.submitted_at")
    try:
        when = datetime.fromisoformat(submitted.replace("Z", "+00:00"))
    except ValueError:
        raise ReviewError(
            f"{shown}: `review.submitted_at` is {submitted!r}, expected a time such as "
            "2026-11-18T15:20:38Z"
        ) from None
    return ReviewEvent(
        reviewer=fields.text("review.user.login"),
        state=fields.text("review.state"),
        commit=fields.text("review.commit_id"),
        head=fields.text("pull_request.head.sha"),
        base=fields.text("pull_request.base.sha"),
        url=fields.text("review.html_url"),
        repository=fields.text("repository.full_name"),
        submitted=when if when.tzinfo else when.replace(tzinfo=UTC),
        number=fields.number("pull_request.number"),
    )


class _Fields:
    """Values of a payload by dotted path, refusing a payload of another shape."""

    def __init__(self, payload: object, shown: str) -> None:
        self.payload, self.shown = payload, shown

    def _get(self, dotted: str) -> object:
        value = self.payload
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                raise ReviewError(
                    f"{self.shown}: `{dotted}` is missing; expected the payload of a "
                    "`pull_request_review` event"
                )
            value = value[part]
        return value

    def text(self, dotted: str) -> str:
        value = self._get(dotted)
        if not isinstance(value, str) or not value or len(value) > 2048:
            raise ReviewError(f"{self.shown}: `{dotted}` is not a text of the expected kind")
        return value

    def number(self, dotted: str) -> int:
        value = self._get(dotted)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ReviewError(f"{self.shown}: `{dotted}` is not a number")
        return value


def record_review(event: ReviewEvent, key: Path, config: Config, repository: Path) -> Outcome:
    """Record the sign-offs ``event``'s review gives, signed with the notary ``key``, in
    the working tree of the git ``repository`` (checked out at the pull request's head)."""
    outcome = Outcome(event)
    if not event.approves:
        outcome.note = f"The review is `{event.state.lower()}`, not an approval: nothing to record."
        return outcome
    checked_out = _git(repository, "rev-parse", "HEAD").strip()
    if checked_out != event.head:
        raise ReviewError(
            f"the checkout is at {checked_out[:7]}, not the pull request's head "
            f"{event.head[:7]}: check out the head before recording its reviews"
        )
    if event.commit != event.head:
        outcome.note = (
            f"This review approved {event.commit[:7]}, but the pull request's head is "
            f"{event.head[:7]}: a sign-off approves the content as it is now, so approve "
            "the latest commit."
        )
        return outcome
    changed = _changed_files(repository, event)
    documents = _documents(config, changed)
    if not documents:
        outcome.note = "The pull request changes no playbook document: nothing to sign."
    for path, (playbook, doc) in documents.items():
        outcome.decisions.append(_decide(event, key, path, playbook, doc))
    return outcome


def _decide(
    event: ReviewEvent, key: Path, path: str, playbook: Playbook, doc: Loaded[Document]
) -> Decision:
    """Record the reviewer's sign-off of ``doc``, or say why it is not theirs to give."""
    spec = playbook.engagement.model.spec
    notary = spec.review_notary
    if notary is None:
        return Decision(
            path,
            False,
            f"the engagement `{playbook.id}` names no `review_notary`, so its "
            "reviews record no sign-off",
        )
    if notary.repository.lower() != event.repository.lower():
        return Decision(
            path,
            False,
            f"the engagement's review notary is for {notary.repository}, not {event.repository}",
        )
    person = _by_handle(spec.people, event.reviewer)
    if person is None:
        return Decision(
            path,
            False,
            f"@{event.reviewer} is not on the roster of `{playbook.id}` "
            "(no `github:` handle matches)",
        )
    if not person.may_sign(doc.kind):
        return Decision(path, False, not_a_signatory(person, doc, playbook.people))
    if not visible(doc.model.metadata.audience, PARTY_READERS[person.party]):
        return Decision(
            path,
            False,
            f"this document is kept from the {person.party}, so "
            f"{person.name}'s review cannot approve it",
        )
    when = event.submitted.astimezone(ZoneInfo(spec.timezone)).date()
    via = Via(review=event.url, commit=event.commit)
    try:
        done, _ = approve(doc.source.path, person.id, when, key, via=via)
    except ApprovalError as exc:
        return Decision(path, False, str(exc))
    if done is None:
        return Decision(path, False, "the file has errors: `playbook validate` lists them")
    if done.unchanged:
        return Decision(path, True, f"{person.name} had already approved this content")
    who = person_label(person.id, playbook.people)
    words = f"{who} approved it for the {person.party} on {long_date(when)}"
    if done.approved_from is not None:
        words += "; both parties have now signed it, and its status is `approved`"
    return Decision(path, True, words, doc.source.path)


def _by_handle(people: tuple[Person, ...], login: str) -> Person | None:
    wanted = login.lower()
    return next((p for p in people if p.github and p.github.lstrip("@").lower() == wanted), None)


def _documents(config: Config, changed: list[Path]) -> dict[str, tuple[Playbook, Loaded[Document]]]:
    """The documents of the playbooks among ``changed``, by the path the comment shows."""
    wanted = {path.resolve() for path in changed}
    found: dict[str, tuple[Playbook, Loaded[Document]]] = {}
    for playbook in validate((), config).portfolio.playbooks:
        for doc in playbook.documents():
            if doc.source.path.resolve() in wanted:
                found[display_path(doc.source.path)] = (playbook, doc)
    return dict(sorted(found.items()))


def _changed_files(repository: Path, event: ReviewEvent) -> list[Path]:
    """The files the pull request changes, from the merge base of its base to its head."""
    top = Path(_git(repository, "rev-parse", "--show-toplevel").strip())
    listed = _git(repository, "diff", "--name-only", "-z", f"{event.base}...{event.head}")
    return [top / name for name in listed.split("\0") if name and (top / name).is_file()]


def _git(repository: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repository), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        said = " ".join(done.stderr.split()) or f"exit code {done.returncode}"
        raise ReviewError(f"git {arguments[0]} failed: {said}")
    return done.stdout


def commit_recorded(repository: Path, outcome: Outcome) -> bool:
    """Commit the files the review's sign-offs changed, naming the review; False when
    nothing changed."""
    paths = [str(d.file.resolve()) for d in outcome.recorded if d.file is not None]
    status = _git(repository, "status", "--porcelain", "-z", "--", *paths) if paths else ""
    if not status:
        return False
    _git(repository, "add", "--", *paths)
    event = outcome.event
    message = (
        f"Record sign-offs from @{event.reviewer}'s review of {event.commit[:7]}\n\n"
        f"Review: {event.url}\n"
    )
    _git(repository, "commit", "--quiet", "-m", message, "--", *paths)
    return True
