"""The owners' side of the survey on ``/my/surveys/``: the rounds open today for the
households they own, and each household's questionnaire.

Households are read through the signed-in person (:func:`services.households_answerable_by`),
never from an id alone: an id of someone else's household answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from portal.accounts.dashboard import resident_of
from portal.policies import adapter

from . import services
from .forms import QuestionnaireForm
from .models import Channel, SurveyResponse, SurveyRound


def _rounds_for(person):
    """``[(round, [(household, response or None), …]), …]``: rounds open today with the
    person's households on their estate."""
    day = adapter.today()
    rows = []
    for survey in SurveyRound.objects.open_on(day).select_related("estate").order_by("starts_on", "pk"):
        households = list(services.households_answerable_by(person, survey).select_related("unit__building"))
        if not households:
            continue
        returned = {
            response.household_id: response
            for response in SurveyResponse.objects.filter(round=survey, household__in=households)
        }
        rows.append((survey, [(household, returned.get(household.pk)) for household in households]))
    return rows


@never_cache
@login_required
def index(request):
    person = resident_of(request.user)
    if person is None:
        return render(request, "accounts/no_resident_record.html")
    return render(request, "surveys/my/index.html", {"rounds": _rounds_for(person)})


@never_cache
@login_required
def questionnaire(request, round_pk, household_pk):
    person = resident_of(request.user)
    if person is None:
        raise Http404
    survey = get_object_or_404(SurveyRound, pk=round_pk)
    household = get_object_or_404(
        services.households_answerable_by(person, survey).select_related("unit__building"), pk=household_pk
    )
    response = SurveyResponse.objects.filter(round=survey, household=household).first()
    is_open = survey.is_open_on(adapter.today())
    form = None
    if response is None and is_open:
        form = QuestionnaireForm(request.POST or None, survey=survey)
        if request.method == "POST" and form.is_valid():
            try:
                services.submit_response(
                    survey, household, scores=form.scores(), comments=form.cleaned_data["comments"],
                    channel=Channel.ONLINE, person=person,
                )
            except services.SurveyError as refusal:
                form.add_error(None, str(refusal))
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, gettext("Thank you: your questionnaire has been received."))
                return redirect("surveys:questionnaire", round_pk=survey.pk, household_pk=household.pk)
    return render(request, "surveys/my/questionnaire.html", {
        "survey": survey, "household": household, "response": response, "is_open": is_open, "form": form,
    })
