"""Staff read what an owner answered in the wizard's own words, not as field names and codes."""

from django.utils import translation

from forms.wizards.repair import FaultStep
from portal.casework.viewsets.answers import readable_answers


def test_a_repair_is_read_with_the_wizards_labels_and_choices():
    fields = FaultStep.base_fields
    with translation.override("zh-hans"):
        answers = readable_answers("repair", {"category": "burst_pipe", "urgent": True})
        expected = [
            (str(fields["category"].label), str(dict(fields["category"].choices)["burst_pipe"])),
            (str(fields["urgent"].label), "是"),
        ]

    assert answers == expected
    assert answers[0][0] != "category" and answers[0][1] != "burst_pipe"
