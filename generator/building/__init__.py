"""Every output of one reader, built in one call (:func:`build`), telling its progress.

`playbook build` is this call with a terminal listening; a script calls it the same way.
"""

from generator.building.events import Event, FolderBuilt, Listener, Step, Validated
from generator.building.whole import build

__all__ = ["Event", "FolderBuilt", "Listener", "Step", "Validated", "build"]
