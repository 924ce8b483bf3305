"""Staff read what an owner answered in the wizard's own words, not as field names and codes."""

from django.utils import translation

from portal.casework.viewsets.answers import readable_answers


def test_a_repair_is_read_with_the_wizards_labels_and_choices():
    with translation.override("en"):
        answers = readable_answers("repair", {"category": "burst_pipe", "urgent": True})

    assert answers == [("What is wrong?", "Burst or leaking pipe"), ("This is especially urgent", "Yes")]
