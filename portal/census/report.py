"""《月度物业动态信息表》: a census as a table (building × occupancy state), as an A4 PDF and as XLSX."""

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.documents.rendering import render_pdf
from portal.estate.models import Building, OccupancyStatus

from .models import CensusChange, MonthlyCensus

STATES = tuple(OccupancyStatus)


@dataclass(frozen=True)
class Row:
    building: str
    counts: tuple[int, ...]  # in STATES order

    @property
    def total(self) -> int:
        return sum(self.counts)


def rows(census: MonthlyCensus) -> list[Row]:
    """One row per building with its units in each state; buildings without units are left out."""
    cells = {(c.building_id, c.status): c.units for c in census.counts.all()}
    building_ids = {building_id for building_id, _status in cells}
    buildings = Building.objects.filter(pk__in=building_ids).select_related("estate").order_by("estate__name", "name")
    many_estates = len({b.estate_id for b in buildings}) > 1
    return [
        Row(
            building=f"{b.estate.name} {b.name}" if many_estates else b.name,
            counts=tuple(cells.get((b.pk, state.value), 0) for state in STATES),
        )
        for b in buildings
    ]


def totals(census: MonthlyCensus) -> Row:
    by_state = dict(census.counts.order_by().values_list("status").annotate(units=Sum("units")))
    return Row(building=gettext("Total"), counts=tuple(by_state.get(state.value, 0) for state in STATES))


def changes(census: MonthlyCensus):
    return CensusChange.objects.filter(census=census).select_related("unit__building")


def context(census: MonthlyCensus) -> dict:
    return {
        "census": census,
        "states": [state.label for state in STATES],
        "rows": rows(census),
        "totals": totals(census),
        "changes": changes(census),
    }


def pdf(census: MonthlyCensus) -> bytes:
    """The A4 report in the estate's language, with the project manager's signature if signed."""
    return render_pdf("census/monthly_status.html", {**context(census), "record": {"number": f"DT-{census.month:%Y%m}"}})


def xlsx(census: MonthlyCensus) -> bytes:
    """The same report as a workbook: the counts on one sheet, the changes on another."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(settings.LANGUAGE_CODE):
        data = context(census)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = gettext("Counts")
        sheet.append([gettext("Monthly property status report"), f"{census.month:%Y-%m}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append([gettext("Building"), *map(str, data["states"]), gettext("Total")])
        for row in [*data["rows"], data["totals"]]:
            sheet.append([row.building, *row.counts, row.total])
        sheet.append([])
        sheet.append([gettext("Taken at"), _local(census.taken_at)])
        sheet.append([gettext("Signed by the project manager"), _name(census.signed_by), _local(census.signed_at)])
        changes_sheet = workbook.create_sheet(gettext("Changes"))
        changes_sheet.append(
            [gettext("Building"), gettext("Unit"), gettext("At the start of the month"), gettext("At the census"),
             gettext("Last changed at")]
        )
        for change in data["changes"]:
            changes_sheet.append(
                [change.unit.building.name, change.unit.number, str(change.get_from_status_display()),
                 str(change.get_to_status_display()), _local(change.changed_at)]
            )
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""
