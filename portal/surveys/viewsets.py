"""书面意见调查 in the admin: the survey rounds, a round's page with its rates (SV-2),
《满意度调查统计表》 (SV-3), the replies to unsatisfactory answers (SV-4) and the steps as
POST forms, the form that opens a round inside a survey window (SV-1) and the paper
questionnaire entry.

Rounds change only through :mod:`portal.surveys.services`, which keeps the audit trail.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from portal.casework.review import staff_name
from portal.casework.viewsets.answers import shanghai
from portal.casework.viewsets.cases import ReadOnlyIndexView
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.viewsets.base import RegisterInspectView, RegisterViewSet
from portal.policies.adapter import today

from . import services, stats
from .forms import CloseForm, DistributionForm, PaperQuestionnaireForm, ReplyApproveForm, ReplyDraftForm, RoundForm
from .models import Channel, SurveyAnswer, SurveyReply, SurveyRound


def state_text(survey):
    if survey.is_closed:
        return gettext("Closed")
    if survey.is_open_on(today()):
        return gettext("Open")
    return gettext("Not yet open") if today() < survey.starts_on else gettext("Ended, not closed")


def period_text(survey):
    return f"{survey.starts_on:%Y-%m-%d} – {survey.ends_on:%Y-%m-%d}"


def returned_text(survey):
    return f"{survey.responses.count()}/{survey.households}"


class SurveyPageMixin(WagtailAdminTemplateMixin):
    """An admin page of 书面意见调查: breadcrumbs from the dashboard through the listing to the page."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("surveys_surveyround:index"), "label": _("Satisfaction surveys")},
            {"url": "", "label": self.get_page_title()},
        ]


class RoundIndexView(ReadOnlyIndexView):
    page_title = _("Satisfaction surveys")

    def get_header_buttons(self):
        if not self.request.user.has_perm(services.MANAGE_PERMISSION):
            return []
        return [HeaderButton(_("Open a survey round"), url=reverse("surveys_surveyround:open"), icon_name="plus")]


def reply_state(reply: SurveyReply | None) -> str:
    if reply is None:
        return gettext("No reply yet")
    if reply.sent_at:
        return gettext("Replied on %(day)s") % {"day": shanghai(reply.sent_at)}
    if reply.approved_at:
        return gettext("Approved, to be sent")
    return gettext("Drafted, awaiting approval")


class RoundInspectView(RegisterInspectView):
    template_name = "surveys/admin/round_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(SurveyRound.objects.select_related("estate", "results_page"), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def reply_rows(self, survey):
        user = self.request.user
        rows = []
        for answer in stats.unsatisfactory_answers(survey):
            reply = getattr(answer, "reply", None)
            steps = []
            if reply is None or reply.approved_at is None:
                if user.has_perm(services.REPLY_PERMISSION):
                    initial = {"corrective_action": reply.corrective_action, "reply_text": reply.reply_text} \
                        if reply else None
                    steps.append((_("Write the reply"), ReplyDraftForm(initial=initial, prefix=f"a{answer.pk}"),
                                  reverse("surveys_surveyround:draft_reply", args=(survey.pk, answer.pk))))
                if reply is not None and user.has_perm(services.APPROVE_PERMISSION):
                    steps.append((_("Approve the reply"), ReplyApproveForm(prefix=f"r{reply.pk}"),
                                  reverse("surveys_surveyround:approve_reply", args=(survey.pk, reply.pk))))
            elif reply.sent_at is None and user.has_perm(services.REPLY_PERMISSION):
                steps.append((_("Record the reply sent"), None,
                              reverse("surveys_surveyround:send_reply", args=(survey.pk, reply.pk))))
            rows.append({"answer": answer, "reply": reply, "state": reply_state(reply), "steps": steps})
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.object
        user = self.request.user
        manage = user.has_perm(services.MANAGE_PERMISSION)
        enter = user.has_perm(services.ENTER_PERMISSION)
        page = survey.results_page
        context.update(
            survey=survey,
            state=state_text(survey),
            rates=stats.rates(survey),
            departments=stats.department_scores(survey),
            replies=self.reply_rows(survey),
            may_enter=enter and not survey.is_closed,
            distribution_form=DistributionForm(initial={"distributed": survey.distributed})
            if enter and not survey.is_closed else None,
            close_form=CloseForm(initial={"report_note": survey.report_note}) if manage and not survey.is_closed
            else None,
            may_publish=manage and survey.is_closed and page is None,
            results_page=page,
            results_edit_url=reverse("wagtailadmin_pages:edit", args=(page.pk,)) if page else "",
            online=survey.responses.filter(channel=Channel.ONLINE).count(),
        )
        return context


class OpenRoundView(SurveyPageMixin, FormView):
    """Open a round; dates outside a survey window are refused (SV-1)."""

    template_name = "surveys/admin/open.html"
    form_class = RoundForm
    page_title = _("Open a survey round")
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.MANAGE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        window = services.window_of(today()).values
        context["window"] = window
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            survey = services.open_round(
                by=self.request.user, estate=data["estate"], title=data["title"], starts_on=data["starts_on"],
                ends_on=data["ends_on"], announced_on=data["announced_on"],
            )
        except services.SurveyError as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Survey round opened."))
        return redirect(reverse("surveys_surveyround:inspect", args=(survey.pk,)))


class PaperEntryView(SurveyPageMixin, FormView):
    """Type in a paper questionnaire (《满意度调查表》) returned by a household."""

    template_name = "surveys/admin/paper.html"
    page_title = _("Enter a paper questionnaire")
    header_icon = "form"

    @cached_property
    def survey(self):
        return get_object_or_404(SurveyRound, pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.ENTER_PERMISSION):
            raise PermissionDenied
        if self.survey.is_closed:
            messages.error(request, gettext("This survey round is closed."))
            return redirect(reverse("surveys_surveyround:inspect", args=(self.survey.pk,)))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return PaperQuestionnaireForm(**self.get_form_kwargs(), survey=self.survey)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["survey"] = self.survey
        return context

    def form_valid(self, form):
        try:
            response = services.submit_response(
                self.survey, form.cleaned_data["household"], scores=form.scores(),
                comments=form.cleaned_data["comments"], channel=Channel.PAPER, by=self.request.user,
                respondent_name=form.cleaned_data["respondent_name"],
            )
        except services.SurveyError as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Questionnaire of %(unit)s entered.") % {"unit": response.unit})
        return redirect(reverse("surveys_surveyround:paper", args=(self.survey.pk,)))


class RoundStepView(View):
    """A POST on one round, back to its page; refusals come back as messages."""

    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        survey = get_object_or_404(SurveyRound, pk=pk)
        try:
            self.perform(request, survey, **kwargs)
        except services.SurveyError as refusal:
            messages.error(request, str(refusal))
        return redirect(reverse("surveys_surveyround:inspect", args=(survey.pk,)))

    def invalid(self, request, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)


class DistributionView(RoundStepView):
    def perform(self, request, survey):
        form = DistributionForm(request.POST)
        if not form.is_valid():
            return self.invalid(request, form)
        services.record_distribution(survey, by=request.user, distributed=form.cleaned_data["distributed"])
        messages.success(request, gettext("Saved."))


class CloseView(RoundStepView):
    def perform(self, request, survey):
        form = CloseForm(request.POST)
        if not form.is_valid():
            return self.invalid(request, form)
        services.close_round(survey, by=request.user, report_note=form.cleaned_data["report_note"])
        messages.success(request, gettext("Survey round closed."))


class PublishView(RoundStepView):
    def perform(self, request, survey):
        notice = services.create_results_notice(survey, by=request.user)
        messages.success(
            request, gettext("A draft notice “%(title)s” was created for the editors to publish.") % {"title": notice.title}
        )


class DraftReplyView(RoundStepView):
    def perform(self, request, survey, answer_pk):
        answer = get_object_or_404(SurveyAnswer, pk=answer_pk, response__round=survey)
        form = ReplyDraftForm(request.POST, prefix=f"a{answer.pk}")
        if not form.is_valid():
            return self.invalid(request, form)
        services.draft_reply(answer, by=request.user, **form.cleaned_data)
        messages.success(request, gettext("Saved."))


class ApproveReplyView(RoundStepView):
    def perform(self, request, survey, reply_pk):
        reply = get_object_or_404(SurveyReply, pk=reply_pk, answer__response__round=survey)
        form = ReplyApproveForm(request.POST, prefix=f"r{reply.pk}")
        if not form.is_valid():
            return self.invalid(request, form)
        services.approve_reply(reply, by=request.user, **form.cleaned_data)
        messages.success(request, gettext("Reply approved."))


class SendReplyView(RoundStepView):
    def perform(self, request, survey, reply_pk):
        reply = get_object_or_404(SurveyReply, pk=reply_pk, answer__response__round=survey)
        services.send_reply(reply, by=request.user)
        messages.success(request, gettext("Saved."))


class SurveyRoundViewSet(RegisterViewSet):
    """书面意见调查: ``surveys.view_surveyround`` lists the rounds; opening, closing and
    publishing need ``surveys.manage_surveyround``; paper entry ``surveys.enter_surveyresponse``;
    replies ``surveys.add_surveyreply`` and their approval ``surveys.approve_surveyreply``."""

    model = SurveyRound
    icon = "form"
    add_to_admin_menu = True
    menu_label = _("Satisfaction surveys")
    menu_order = 132
    index_view_class = RoundIndexView
    inspect_view_class = RoundInspectView
    ordering = ["-starts_on"]
    search_fields = ["title"]
    list_display = [
        TitleColumn("title", label=_("Title"),
                    get_url=lambda survey: reverse("surveys_surveyround:inspect", args=(survey.pk,))),
        Column("period", label=_("Period"), accessor=period_text, sort_key="starts_on"),
        Column("returned", label=_("Returned / households"), accessor=returned_text),
        StatusTagColumn("state", label=_("State"), accessor=state_text,
                        primary=lambda survey: not survey.is_closed),
    ]
    inspect_view_fields = ["title", "starts_on", "ends_on", "announced_on", "households", "distributed",
                           "closed_at", "report_note"]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        def step(view, **initkwargs):
            return forbidden_is_403(view.as_view(**initkwargs))

        return [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
            path("open/", step(OpenRoundView), name="open"),
            path("inspect/<int:pk>/paper/", step(PaperEntryView), name="paper"),
            path("inspect/<int:pk>/distribution/", step(DistributionView), name="distribution"),
            path("inspect/<int:pk>/close/", step(CloseView), name="close"),
            path("inspect/<int:pk>/publish/", step(PublishView), name="publish"),
            path("inspect/<int:pk>/answer/<int:answer_pk>/reply/", step(DraftReplyView), name="draft_reply"),
            path("inspect/<int:pk>/reply/<int:reply_pk>/approve/", step(ApproveReplyView), name="approve_reply"),
            path("inspect/<int:pk>/reply/<int:reply_pk>/send/", step(SendReplyView), name="send_reply"),
        ]
