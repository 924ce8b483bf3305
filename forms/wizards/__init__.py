"""The owner wizards, one module per procedure. Importing this package registers them
(see :mod:`forms.registry`); :class:`forms.apps.FormsConfig` does so at start-up."""

from . import complaint, repair, request
from . import move_in, occupancy, release_pass

__all__ = [
    "complaint",
    "move_in",
    "occupancy",
    "release_pass",
    "repair",
    "request",
]
