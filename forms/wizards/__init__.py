"""The owner wizards, one module per procedure. Importing this package registers them
(see :mod:`forms.registry`); :class:`forms.apps.FormsConfig` does so at start-up."""

from . import complaint, repair, request
from . import deposit_refund, renovation, renovation_acceptance
from . import move_in, move_out, occupancy, parking, release_pass

__all__ = [
    "complaint",
    "deposit_refund",
    "move_in",
    "move_out",
    "occupancy",
    "parking",
    "release_pass",
    "renovation",
    "renovation_acceptance",
    "repair",
    "request",
]
