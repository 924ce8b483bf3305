"""The owner wizards, one module per procedure. Importing this package registers them
(see :mod:`forms.registry`); :class:`forms.apps.FormsConfig` does so at start-up."""

from . import complaint, repair, request

__all__ = ["complaint", "repair", "request"]
