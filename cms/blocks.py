"""The blocks owner guides are written with.

Amounts and deadlines that the procedures fix (a deposit, a refund window, an approval
time) are quoted with :class:`PolicyValueBlock` or a fee row naming a parameter, never
typed in: a change of parameters then shows in every guide at once.
"""

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from . import policy_values

logger = logging.getLogger(__name__)


def policy_parameter_choices():
    """Callable choices: the list is read when a form is built, never frozen in a migration."""
    return policy_values.parameter_choices()


def render_parameter(name: str, context) -> str:
    """The value of ``name`` in force on the context's ``on_date`` (default today).

    A parameter the library no longer knows renders as an empty string and is logged,
    so that one stale block does not take a whole guide down.
    """
    on_date = context.get("on_date") if context else None
    try:
        return policy_values.format_parameter(name, on_date=on_date)
    except LookupError:
        logger.warning("Guide quotes unknown policy parameter %r", name)
        return ""


class HeadingBlock(blocks.CharBlock):
    """A section heading (rendered as ``<h2>``, under the page title)."""

    class Meta:
        icon = "title"
        label = _("Section heading")
        template = "cms/blocks/heading.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=100)
    text = blocks.TextBlock(label=_("What to do"), required=False)


class StepsBlock(blocks.StructBlock):
    """A numbered procedure: what the owner does, in order."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=100)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "cms/blocks/steps.html"


class ChecklistBlock(blocks.StructBlock):
    """Documents or items to bring."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=100)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item"), max_length=200), label=_("Items"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Checklist of documents to bring")
        template = "cms/blocks/checklist.html"


class FeeRowBlock(blocks.StructBlock):
    """One fee: its amount is quoted from a policy parameter, or typed in for a fee the
    policy library does not hold (e.g. a utility company's charge)."""

    item = blocks.CharBlock(label=_("Item"), max_length=100)
    parameter = blocks.ChoiceBlock(
        label=_("Amount from the policy library"), choices=policy_parameter_choices, required=False
    )
    amount = blocks.CharBlock(
        label=_("Amount (text)"),
        required=False,
        max_length=100,
        help_text=_("Only for amounts the policy library does not hold."),
    )
    note = blocks.CharBlock(label=_("Note"), required=False, max_length=200)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("parameter") and not value.get("amount"):
            raise StructBlockValidationError(
                block_errors={"amount": ValidationError(_("Choose a policy parameter or type the amount."))}
            )
        return value


class FeeTableBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=100)
    rows = blocks.ListBlock(FeeRowBlock(), label=_("Fees"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Fee table")
        template = "cms/blocks/fee_table.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["rows"] = [
            {
                "item": row["item"],
                "amount": render_parameter(row["parameter"], parent_context) if row["parameter"] else row["amount"],
                "note": row["note"],
            }
            for row in value["rows"]
        ]
        return context


class DocumentsBlock(blocks.StructBlock):
    """Blank forms and other documents to download."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=100)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable documents")
        template = "cms/blocks/documents.html"


class ContactBlock(blocks.StructBlock):
    """Who to ask: a department (of the estate or of the government) and how to reach it."""

    department = blocks.CharBlock(label=_("Department"), max_length=100)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=50)
    address = blocks.CharBlock(label=_("Address"), required=False, max_length=200)
    hours = blocks.CharBlock(label=_("Opening hours"), required=False, max_length=100)

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "cms/blocks/contact.html"


class PolicyValueBlock(blocks.StructBlock):
    """A value from the policy library, in force today (or on the context's ``on_date``)."""

    lead_in = blocks.CharBlock(label=_("Text before the value"), required=False, max_length=200)
    parameter = blocks.ChoiceBlock(label=_("Policy parameter"), choices=policy_parameter_choices)
    after = blocks.CharBlock(label=_("Text after the value"), required=False, max_length=200)

    class Meta:
        icon = "snippet"
        label = _("Policy value")
        template = "cms/blocks/policy_value.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["policy_value"] = render_parameter(value["parameter"], parent_context)
        return context


class GuideStreamBlock(blocks.StreamBlock):
    """The body of a guide (and of a service page's editor-written part)."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"],
        template="cms/blocks/paragraph.html",
    )
    steps = StepsBlock()
    checklist = ChecklistBlock()
    fee_table = FeeTableBlock()
    documents = DocumentsBlock()
    contact = ContactBlock()
    policy_value = PolicyValueBlock()
