"""Compare two versions of the playbooks and say what changed, in the reviewers' terms.

``load_side`` loads a git revision, a folder or the working tree through the normal
validation pipeline; ``compare`` matches engagements and documents by identity and
lists the changes; ``FORMATS`` renders them as Markdown, text or JSON.
"""

from generator.diffing.changes import Change, Comparison, DocumentDiff, EngagementDiff
from generator.diffing.comparison import compare
from generator.diffing.formats import FORMATS
from generator.diffing.revisions import RevisionError
from generator.diffing.sides import Side, load_side

__all__ = [
    "FORMATS",
    "Change",
    "Comparison",
    "DocumentDiff",
    "EngagementDiff",
    "RevisionError",
    "Side",
    "compare",
    "load_side",
]
