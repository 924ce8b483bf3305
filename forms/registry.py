"""Which wizard serves which procedure.

Each wizard module registers its view class with :func:`register`; a ServicePage asks
:func:`get_wizard` for its procedure's slug and mounts what it gets (``None``: the
procedure has no online wizard yet).
"""

_WIZARDS: dict[str, type] = {}


def register(procedure: str):
    """Class decorator: ``@register("repair")`` makes the class the wizard of ``repair``."""

    def decorator(view_class: type) -> type:
        if procedure in _WIZARDS and _WIZARDS[procedure] is not view_class:
            raise ValueError(f"A wizard is already registered for {procedure!r}")
        _WIZARDS[procedure] = view_class
        _label_answers(procedure, view_class)
        return view_class

    return decorator


def get_wizard(procedure: str) -> type | None:
    """The wizard view class for ``procedure``, or None."""
    return _WIZARDS.get(procedure)


def _label_answers(procedure: str, view_class: type) -> None:
    """Let staff read this wizard's answers with its fields' labels and choices."""
    from portal.casework.viewsets.answers import register_answer_fields

    for _step, form_class in getattr(view_class, "form_list", ()):
        register_answer_fields(procedure, getattr(form_class, "base_fields", {}))
