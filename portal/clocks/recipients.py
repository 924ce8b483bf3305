"""Who a clock tells: the active members of staff groups (see :mod:`portal.organisation.groups`)."""

from django.contrib.auth import get_user_model


def members(*group_names: str):
    """Active users in any of ``group_names``, each once, by username."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=group_names)
        .distinct()
        .order_by("username")
    )
