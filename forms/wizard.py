"""The base of every owner wizard: :class:`OwnerWizard`.

A wizard module declares what is particular to its procedure and nothing else::

    @register(Procedure.REPAIR)
    class RepairWizard(OwnerWizard):
        procedure = Procedure.REPAIR
        form_list = [("place", PlaceStep), ("fault", FaultStep)]
        policy = "repair.classify"          # asked through portal.policies.adapter

        def get_facts(self, data, received_at):
            return {"category": data["category"], ...}

        def get_preview(self, decision):
            return [(_("Priority"), ...)]

The base does the rest, the same way for every procedure:

- login required (back to the same page after logging in); the applicant is the
  person behind the login, their units and vehicles come from the register;
- a confirmation step is added at the end: the answers read back, the policy decision
  in plain words, and, for a denied application, why and what the owner can do
  (``allow_denied`` decides whether it may still go to staff for review); what the
  service centre settles after the application arrives (``desk_facts``: a consent
  asked by phone, meters read) is a step of the procedure, never a denial;
- ``refusal()`` turns away, before any step, an applicant the procedure is not for;
- "Previous" keeps what was typed on the current step; "Save and continue later" and
  every completed step save a draft (:class:`portal.casework.models.Draft`), resumed
  at ``?draft=<id>``;
- a lost session, a page from another window or a tampered form never drops the owner
  at step 1 with "field required" errors: they are told what happened and continue
  from their draft;
- the last step creates exactly one Submission through
  :func:`portal.casework.services.create_submission`, however often it is posted,
  then shows the receipt (``?receipt=<reference>``, only to the applicant) and emails it;
- ``?amend=<reference>`` opens the applicant's case that the service centre asked more
  information for, with its answers and files filled in; the last step then sends the
  same case back (:func:`portal.casework.services.resubmit`) instead of opening a new one.
  An amendment is not kept as a draft: the case itself holds the answers.

Staff at the desk run the same wizards for an owner who comes in person
(:mod:`forms.desk`): the applicant is the person they chose, the author the staff login.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import SessionWizardView

from portal.casework.models import Channel, Draft, Submission
from portal.casework.procedures import Procedure
from portal.casework.services import (
    Attachment,
    ResubmissionRefused,
    create_submission,
    may_amend,
    resubmit,
)
from portal.estate.models import Unit
from portal.policies import adapter

from . import emails
from .answers import initial_value, summary
from .applicant import Applicant
from .steps import ConfirmStep
from .storage import wizard_temp_storage

logger = logging.getLogger(__name__)

CONFIRM = "confirm"
GOTO_BUTTON = "wizard_goto_step"
SAVE_BUTTON = "wizard_save_draft"
AMEND_KEY = "amend"  # in the run's extra data: the reference of the case it amends


class OwnerWizard(LoginRequiredMixin, SessionWizardView):
    """An owner's online application for one procedure (see the module docstring)."""

    # --- Declared by each wizard -------------------------------------------------
    #: The procedure's slug (portal.casework.procedures.Procedure).
    procedure: str = ""
    #: ``[(step name, OwnerStep subclass), ...]``; the confirmation step is appended.
    form_list: list = []
    #: The policy library procedure asked for the preview and stored with the case.
    policy: str | None = None
    #: The decision value that becomes the submission's ``due_at`` (an instant).
    due_value: str | None = None
    #: May a denied application still be submitted, for staff to review?
    allow_denied: bool = False
    #: What a denied owner can do.
    denied_help = gettext_lazy(
        "You can change your answers with “Previous”, or call the service centre on "
        "%(hotline)s if you think this is wrong."
    )
    #: Short notes shown on the confirmation step (e.g. how paid work is charged).
    notes: tuple = ()
    #: Refuse applicants without a current unit in the register.
    requires_unit: bool = True
    #: Facts the service centre settles after the application arrives (a consent asked
    #: by phone, signatures at the desk, meters read), as they are when that goes well.
    #: The policy may deny for want of them; the owner is told of a denial only if it
    #: stands with them assumed (see :meth:`denial`). The decision stored with the case
    #: is the one on the facts as they are.
    desk_facts: dict = {}
    confirm_step = ConfirmStep
    #: How applications made with this view reach the service centre.
    channel: str = Channel.ONLINE
    #: Are runs saved as the applicant's drafts (see :meth:`autosave`)?
    keeps_drafts: bool = True

    # --- Machinery ---------------------------------------------------------------
    page = None  # the ServicePage hosting the wizard, when served from one
    storage_name = "forms.storage.WizardStorage"
    file_storage = wizard_temp_storage
    template_name = "forms/wizard.html"
    receipt_template_name = "forms/receipt.html"

    @classmethod
    def get_initkwargs(cls, form_list=None, *args, **kwargs):
        steps = list(form_list or cls.form_list)
        if CONFIRM not in {name for name, _form in steps}:
            steps.append((CONFIRM, cls.confirm_step))
        cls.check_steps(steps)
        return super().get_initkwargs(steps, *args, **kwargs)

    @classmethod
    def check_steps(cls, steps):
        """A wizard's answers are stored flat: no two steps may share a field name, and no
        step may be named like the wizard's prefix."""
        if not cls.procedure:
            raise ImproperlyConfigured(f"{cls.__name__} declares no procedure")
        seen = {}
        for step, form_class in steps:
            if step == cls.procedure:
                raise ImproperlyConfigured(f"{cls.__name__}: a step cannot be named {step!r} like the wizard")
            for field in form_class.base_fields:
                if field in seen:
                    raise ImproperlyConfigured(
                        f"{cls.__name__}: field {field!r} is on both step {seen[field]!r} and step {step!r}"
                    )
                seen[field] = step

    def get_prefix(self, request, *args, **kwargs):
        return self.procedure

    @property
    def run_field(self) -> str:
        """The hidden field that names the run of the form a page belongs to."""
        return f"{self.prefix}-run"

    # --- Request handling ----------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.now = timezone.now()
        self.applicant = self.get_applicant()
        if self.applicant is None:
            return self.render_refusal("forms/not_registered.html")
        if self.requires_unit and not self.applicant.units.exists():
            return self.render_refusal("forms/no_unit.html")
        reason = self.refusal()
        if reason:
            return self.render_refusal("forms/refused.html", reason=reason)
        return super().dispatch(request, *args, **kwargs)

    def get_applicant(self) -> Applicant | None:
        """Who applies: the person in the register behind the login (None: nobody)."""
        return Applicant.for_user(self.request.user)

    def refusal(self) -> str | None:
        """Why the applicant cannot make this application online at all (None: they
        can), e.g. a tenant's move-out asked by someone who is no one's tenant. Asked
        before anything else, from ``self.applicant`` alone."""
        return None

    def get(self, request, *args, **kwargs):
        if "receipt" in request.GET:
            return self.render_receipt(request.GET["receipt"])
        if "draft" in request.GET:
            return self.resume_draft(request.GET["draft"])
        if "amend" in request.GET:
            return self.start_amendment(request.GET["amend"])
        if "new" in request.GET:
            self.storage.start_run(self.steps.first)
            return redirect(request.path)
        if self.storage.current_step not in self.get_form_list():
            # Nothing in progress in this session: start, and offer any saved drafts.
            self.storage.start_run(self.steps.first)
            return self.render(self.get_form(), saved_drafts=self.saved_drafts())
        return self.render(self.get_stored_form(self.steps.current))

    def post(self, request, *args, **kwargs):
        submitted = self.find_submission_of_this_run()
        if submitted is not None:
            messages.info(request, _("This application has already been submitted (reference %(reference)s).")
                          % {"reference": submitted.reference})
            return redirect(self.receipt_url(submitted))

        management_form = ManagementForm(request.POST, prefix=self.prefix)
        if not management_form.is_valid():
            return self.render_problem(
                _("Your answers did not arrive completely. Please check this page and send it again.")
            )
        posted_step = management_form.cleaned_data["current_step"]
        if posted_step not in self.get_form_list():
            return self.render_problem(
                _("The form was sent from a page that does not exist. Please continue from here.")
            )
        problem = self.state_problem(posted_step)
        if problem is not None:
            return self.recover(posted_step, problem)
        self.storage.current_step = posted_step

        goto_step = request.POST.get(GOTO_BUTTON)
        if goto_step and goto_step in self.get_form_list():
            return self.go_to(goto_step)
        if SAVE_BUTTON in request.POST:
            return self.save_for_later()
        return self.process_posted_step(**kwargs)

    def process_posted_step(self, **kwargs):
        """Validate the current step as posted; store it and move on, or show its errors."""
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        if not form.is_valid():
            return self.render(form)
        self.store(form)
        if self.steps.current == self.steps.last:
            return self.render_done(form, **kwargs)
        return self.render_next_step(form)

    # --- Steps ---------------------------------------------------------------------

    def get_form_kwargs(self, step=None):
        kwargs = {"applicant": self.applicant}
        if step == CONFIRM:
            decision, problem = self.preview()
            kwargs.update(decision=decision, problem=problem, allow_denied=self.allow_denied, denial=self.denial())
        return kwargs

    def get_form_initial(self, step):
        """Prefill from the register, then any stored upload as the initial value of its
        field (so that a step sent again without a new file keeps the one it has)."""
        form_class = self.get_form_list()[step]
        initial = {**form_class.initial_for(self.applicant), **super().get_form_initial(step)}
        amended = self.amended_submission()
        if amended is not None:
            answers = amended.answers or {}
            for name, field in form_class.base_fields.items():
                value = initial_value(field, answers.get(name))
                if value is not None:
                    initial[name] = value
        for key, file in (self.storage.get_step_files(step) or {}).items():
            initial[key.removeprefix(f"{step}-")] = file
        return initial

    def get_stored_form(self, step):
        """The step's form bound to what was stored for it, or unbound if nothing was."""
        return self.get_form(
            step, data=self.storage.get_step_data(step), files=self.storage.get_step_files(step)
        )

    def process_step(self, form):
        """Keep only the step's own fields (not the whole POST) as its data."""
        return {key: values for key, values in form.data.lists() if self._is_field_key(form, key)}

    def process_step_files(self, form):
        """The files the step ends up with: new uploads, kept earlier ones, none removed."""
        if not hasattr(form, "uploads"):
            return {}
        return {form.add_prefix(name): file for name, file in form.uploads().items()}

    @staticmethod
    def _is_field_key(form, key: str) -> bool:
        return any(key == form.add_prefix(name) or key.startswith(f"{form.add_prefix(name)}_")
                   or key == f"{form.add_prefix(name)}-clear" for name in form.fields)

    def store(self, form):
        """Store a valid step's answers and files, and forget what was derived from them."""
        self.storage.set_step_data(self.steps.current, self.process_step(form))
        self.storage.set_step_files(self.steps.current, self.process_step_files(form))
        self._forget_derived()

    def _forget_derived(self):
        for name in list(self.__dict__):
            if name.startswith(("_cleaned_data_cache_", "_resolved_form_list", "_cache_signature", "_preview")):
                delattr(self, name)

    def keep_typed(self):
        """Keep what was typed on the current step without requiring it to be valid
        (for "Previous" and "Save and continue later"). Files are kept only from a
        valid step; the confirmation is never kept."""
        step = self.steps.current
        if step == CONFIRM:
            return
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        if form.is_valid():
            self.store(form)
        else:
            self.storage.set_step_data(step, self.process_step(form))
            self._forget_derived()

    def go_to(self, step):
        self.keep_typed()
        self.storage.current_step = step
        self.autosave()
        return self.render(self.get_stored_form(step))

    def render_next_step(self, form, **kwargs):
        next_step = self.steps.next
        self.storage.current_step = next_step
        self.autosave()
        return self.render(self.get_stored_form(next_step), **kwargs)

    def render_revalidation_failure(self, step, form, **kwargs):
        messages.error(self.request, _("Please check the answers on this step again."))
        self.storage.current_step = step
        self.autosave()
        return self.render(form, **kwargs)

    # --- Drafts --------------------------------------------------------------------

    @property
    def drafts_kept(self) -> bool:
        """Is this run saved as a draft? Not at the desk, nor when amending a case."""
        return self.keeps_drafts and not self.amending

    def autosave(self) -> Draft | None:
        """Save the run as the owner's draft (one draft per run; None: runs of this kind
        are not kept, see :attr:`drafts_kept`)."""
        if not self.drafts_kept:
            return None
        state = self.storage.snapshot()
        draft, _created = Draft.objects.update_or_create(
            run_token=self.storage.run_token,
            defaults={
                "person": self.applicant.person,
                "procedure": self.procedure,
                "step": state["step"],
                "data": state["data"],
                "files": state["files"],
                "path": self.request.path[:200],
            },
        )
        return draft

    def save_for_later(self):
        self.keep_typed()
        draft = self.autosave()
        if draft is None:
            messages.info(self.request, _("This form cannot be saved for later. Please complete it now."))
            return self.render(self.get_stored_form(self.steps.current))
        messages.success(
            self.request,
            _("Your application is saved. You can continue it until %(date)s from this page or from “My account”.")
            % {"date": date_format(timezone.localtime(draft.expires_at), "Y-m-d")},
        )
        return redirect(self.request.path)

    def saved_drafts(self):
        if not self.keeps_drafts:
            return Draft.objects.none()
        return Draft.objects.for_person(self.applicant.person).filter(procedure=self.procedure)

    def resume_draft(self, draft_id: str):
        draft = self.saved_drafts().filter(pk=draft_id).first() if draft_id.isdigit() else None
        if draft is None:
            messages.warning(
                self.request,
                _("This draft no longer exists: it was submitted, or not saved for 30 days. "
                  "You can start a new application here."),
            )
            self.storage.start_run(self.steps.first)
        else:
            self.restore(draft)
            messages.info(
                self.request,
                _("You are continuing the application you saved on %(date)s.")
                % {"date": date_format(timezone.localtime(draft.updated_at), "Y-m-d H:i")},
            )
        return redirect(self.request.path)

    def restore(self, draft: Draft):
        steps = list(self.get_form_list())
        self.storage.restore(
            step=draft.step if draft.step in steps else steps[0],
            data=draft.data,
            files=draft.files,
            run_token=draft.run_token,
        )
        self._forget_derived()

    # --- Amending a case the service centre asked more information for ------------------

    @property
    def amending(self) -> str | None:
        """The reference of the case this run amends, if it amends one."""
        if not self.storage.run_token:
            return None
        return self.storage.extra_data.get(AMEND_KEY)

    def amended_submission(self) -> Submission | None:
        """The applicant's case this run amends (None: the run opens a new case)."""
        reference = self.amending
        cached = getattr(self, "_amended", None)
        if cached is None or cached[0] != reference:
            cached = self._amended = (reference, self._own_case(reference) if reference else None)
        return cached[1]

    def _own_case(self, reference: str) -> Submission | None:
        return (
            Submission.objects.filter(reference=reference, procedure=self.procedure, applicant=self.applicant.person)
            .select_related("applicant")
            .first()
        )

    def start_amendment(self, reference: str):
        """Start a run that amends the applicant's case ``reference``: its answers as the
        steps' initial values, its files as if uploaded in this run."""
        submission = self._own_case(reference)
        if submission is None:
            raise Http404("No such submission of yours")
        if not may_amend(self.request.user, submission):
            messages.info(
                self.request,
                _("Application %(reference)s is not waiting for more information from you.")
                % {"reference": submission.reference},
            )
            return redirect("my_dashboard")
        self.storage.start_run(self.steps.first)
        self.storage.extra_data = {**self.storage.extra_data, AMEND_KEY: submission.reference}
        self.copy_files_of(submission)
        messages.info(
            self.request,
            _("You are amending application %(reference)s: your answers and files are filled in. Change what "
              "the service centre asked for, then send it again on the last step.")
            % {"reference": submission.reference},
        )
        return redirect(self.request.path)

    def copy_files_of(self, submission: Submission) -> None:
        """Put the case's files into the run, each on the step whose field it answers."""
        steps_of_fields = {
            name: step for step, form_class in self.get_form_list().items() for name in form_class.base_fields
        }
        for stored in submission.files.all():
            step = steps_of_fields.get(stored.code)
            if step is None:
                continue
            with stored.file.open("rb") as content:
                self.storage.add_file(
                    step, f"{step}-{stored.code}", content, name=stored.original_name,
                    content_type=stored.content_type, size=stored.size,
                )

    # --- Lost sessions and stale pages -----------------------------------------------

    def find_submission_of_this_run(self) -> Submission | None:
        """The submission a replayed or double-clicked last step already made."""
        person = self.applicant.person
        token = self.request.POST.get(self.run_field)
        if token:
            submitted = Submission.objects.filter(client_token=token, applicant=person).first()
            if submitted is not None:
                return submitted
        if self.storage.current_step is None and self.storage.completed_reference:
            return Submission.objects.filter(reference=self.storage.completed_reference, applicant=person).first()
        return None

    def state_problem(self, posted_step: str) -> str | None:
        """Why the posted page does not continue the run in this session, if it does not:
        ``"expired"`` (no run in the session) or ``"stale"`` (another run, or a step
        whose earlier steps were never completed)."""
        if self.storage.current_step not in self.get_form_list() or not self.storage.run_token:
            return "expired"
        token = self.request.POST.get(self.run_field)
        if token and token != self.storage.run_token:
            return "stale"
        if posted_step == self.storage.current_step:
            return None
        steps = list(self.get_form_list())
        earlier = steps[: steps.index(posted_step)]
        if all(self.storage.get_step_data(step) is not None for step in earlier):
            return None  # e.g. the browser's back button: an earlier step sent again
        return "stale"

    def recover(self, posted_step: str, problem: str):
        """Continue from the draft of the posted run, keeping what was typed on the
        posted page; never submit, never show "field required" errors for steps the
        owner cannot see."""
        token = self.request.POST.get(self.run_field)
        draft = None
        if token:
            draft = self.saved_drafts().filter(run_token=token).first()
        if draft is None and problem == "stale":
            messages.warning(
                self.request,
                _("That page was out of date (perhaps the form is also open in another window). "
                  "Please continue from here."),
            )
            return self.render(self.get_stored_form(self.steps.current))
        if draft is None:
            self.storage.start_run(self.steps.first)
            if posted_step == self.steps.first:
                # Nothing was lost: the first step starts a new run.
                return self.process_posted_step()
            messages.error(
                self.request,
                _("Your session had expired and no saved draft was found, so the form starts again. "
                  "We are sorry for the inconvenience."),
            )
            return self.render(self.get_form())

        self.restore(draft)
        saved_at = date_format(timezone.localtime(draft.updated_at), "Y-m-d H:i")
        if problem == "expired":
            message = _("Your session had expired. We have restored your answers from the draft saved at "
                        "%(time)s: please check this page and continue.")
        else:
            message = _("That page was out of date (perhaps the form is also open in another window). We have "
                        "restored your answers from the draft saved at %(time)s: please check this page and continue.")
        messages.warning(self.request, message % {"time": saved_at})
        if self.state_problem(posted_step) is None:
            self.storage.current_step = posted_step
            self.keep_typed()
        self.autosave()
        return self.render(self.get_stored_form(self.steps.current))

    def render_problem(self, message: str, status: int = 400):
        """Tell the owner the request could not be used, and show where they are."""
        messages.error(self.request, message)
        if self.storage.current_step not in self.get_form_list() or not self.storage.run_token:
            self.storage.start_run(self.steps.first)
        response = self.render(self.get_stored_form(self.steps.current))
        response.status_code = status
        return response

    def render_refusal(self, template_name: str, **extra_context):
        context = {"page": self.page, "wizard_title": self.get_title(), "hotline": settings.ESTATE_HOTLINE,
                   **extra_context}
        return TemplateResponse(self.request, template_name, context, status=403)

    # --- Policy ------------------------------------------------------------------------

    def get_facts(self, data: dict, received_at) -> dict:
        """The facts for ``policy`` from the cleaned answers of every step (``data``),
        for an application received at ``received_at``."""
        raise NotImplementedError(f"{type(self).__name__} names a policy but does not give its facts")

    def get_preview(self, decision) -> list[tuple[str, str]]:
        """``(label, value)`` rows that tell the owner what the decision means for them."""
        return []

    def answered_data(self) -> dict:
        """The cleaned answers of every completed step before the confirmation, merged."""
        data = {}
        for step in self.get_form_list():
            if step != CONFIRM:
                data.update(self.get_cleaned_data_for_step(step) or {})
        return data

    def preview(self):
        """``(decision, problem)`` for the answers so far, received now: the decision of
        ``policy`` (None without one), or a message when the answers cannot be decided on."""
        if not hasattr(self, "_preview"):
            self._preview = self.ask_policy(self.answered_data(), self.now)
        return self._preview

    def ask_policy(self, data: dict, received_at, *, assume: dict | None = None):
        """``(decision, problem)`` for ``data`` received at ``received_at``; ``assume``
        replaces some of the facts (see ``desk_facts``)."""
        if not self.policy:
            return None, None
        try:
            facts = {**self.get_facts(data, received_at), **(assume or {})}
            decision = adapter.decide(self.policy, facts, on_date=timezone.localdate(received_at))
        except (KeyError, LookupError, ValueError) as error:
            logger.warning("%s: no decision for %s: %r", self.procedure, self.policy, error)
            details = "；".join(str(message) for message in getattr(error, "errors", {}).values())
            problem = _("Some answers cannot be accepted as they are. Please change them with “Previous”.")
            return None, f"{problem} {details}".strip()
        return decision, None

    def denial(self) -> tuple:
        """The reasons the application cannot go ahead as the owner sends it (empty: it
        can). Those of a denied decision; with ``desk_facts``, those of the decision with
        the desk's facts assumed, so that a consent not yet asked or a meter not yet read
        is a step of the procedure, not a refusal."""
        if not hasattr(self, "_preview_denial"):
            decision, _problem = self.preview()
            if decision is not None and decision.outcome == "deny" and self.desk_facts:
                decision, _problem = self.ask_policy(self.answered_data(), self.now, assume=self.desk_facts)
            denied = decision is not None and decision.outcome == "deny"
            self._preview_denial = tuple(decision.reasons) if denied else ()
        return self._preview_denial

    def get_due_at(self, decision):
        if decision is None or not self.due_value:
            return None
        return decision.values.get(self.due_value)

    # --- Done -----------------------------------------------------------------------------

    def render_done(self, form, **kwargs):
        """Revalidate every step, then submit once; on a failure, keep the run and say so."""
        final_forms = {}
        for step in self.get_form_list():
            step_form = self.get_stored_form(step)
            if not step_form.is_valid():
                return self.render_revalidation_failure(step, step_form, **kwargs)
            final_forms[step] = step_form
        try:
            response = self.done(list(final_forms.values()), form_dict=final_forms, **kwargs)
        except Exception:
            logger.exception("Could not submit %s for person %s", self.procedure, self.applicant.person.pk)
            messages.error(
                self.request,
                _("We could not submit your application because of a fault on our side. Your answers are "
                  "saved: please try again in a few minutes, or call %(hotline)s.")
                % {"hotline": settings.ESTATE_HOTLINE},
            )
            response = self.render(form)
            response.status_code = 500
            return response
        self.storage.forget(self.submission.reference)
        return response

    def done(self, form_list, form_dict=None, **kwargs):
        data = self.answered_data()
        decision, _problem = self.preview()
        unit = data.get("unit") if isinstance(data.get("unit"), Unit) else None
        amended = self.amended_submission()
        if amended is not None:
            return self.resubmit(amended, form_dict, decision, unit)
        submission, created = create_submission(
            procedure=self.procedure,
            applicant=self.applicant.person,
            author=self.request.user,
            answers=self.get_answers(form_dict),
            unit=unit,
            household=self.applicant.household_of(unit),
            attachments=self.get_attachments(form_dict),
            decision=adapter.snapshot(decision) if decision is not None else {},
            due_at=self.get_due_at(decision),
            client_token=self.storage.run_token,
            submitted_at=self.now,
            channel=self.channel,
        )
        self.submission = submission
        if created:
            emails.send_receipt(submission, self.request, title=self.get_title(),
                                receipt_url=self.applicant_receipt_url(submission))
        return redirect(self.receipt_url(submission))

    def resubmit(self, amended: Submission, form_dict, decision, unit):
        """Send the amended case back to the service centre (see :meth:`done`)."""
        try:
            submission = resubmit(
                amended,
                by=self.request.user,
                answers=self.get_answers(form_dict),
                attachments=self.get_attachments(form_dict),
                decision=adapter.snapshot(decision) if decision is not None else {},
                due_at=self.get_due_at(decision),
                unit=unit,
                household=self.applicant.household_of(unit),
            )
        except ResubmissionRefused as refused:
            self.submission = amended
            messages.warning(self.request, str(refused))
            return redirect("my_dashboard")
        self.submission = submission
        messages.success(
            self.request,
            _("Application %(reference)s is sent again. The service centre will continue with it.")
            % {"reference": submission.reference},
        )
        return redirect(self.receipt_url(submission))

    def applicant_receipt_url(self, submission) -> str:
        """Where the applicant reads the receipt, as the email links it."""
        return self.request.build_absolute_uri(self.receipt_url(submission))

    def get_answers(self, form_dict) -> dict:
        answers = {}
        for form in form_dict.values():
            answers.update(form.answers())
        return answers

    def get_attachments(self, form_dict) -> list[Attachment]:
        return [
            Attachment(code=name, file=file, name=file.name, content_type=file.content_type)
            for form in form_dict.values()
            for name, file in form.uploads().items()
        ]

    # --- Receipt --------------------------------------------------------------------------

    def receipt_url(self, submission) -> str:
        return f"{self.request.path}?receipt={submission.reference}"

    def render_receipt(self, reference: str):
        submission = Submission.objects.filter(
            reference=reference, procedure=self.procedure, applicant=self.applicant.person
        ).first()
        if submission is None:
            raise Http404("No such submission of yours")
        context = {
            "page": self.page,
            "wizard_title": self.get_title(),
            "submission": submission,
            "files": submission.files.all(),
            "hotline": settings.ESTATE_HOTLINE,
            "start_again_url": f"{self.request.path}?new=1",
        }
        return TemplateResponse(self.request, self.receipt_template_name, context)

    # --- Rendering --------------------------------------------------------------------------

    def get_title(self) -> str:
        if self.page is not None:
            return self.page.title
        return str(Procedure(self.procedure).label)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps = self.get_form_list()
        context.update(
            page=self.page,
            wizard_title=self.get_title(),
            step_title=getattr(form, "title", ""),
            step_titles=[(name, form_class.title) for name, form_class in steps.items()],
            run_field=self.run_field,
            run_token=self.storage.run_token,
            goto_button=GOTO_BUTTON,
            save_button=SAVE_BUTTON,
            is_confirm=self.steps.current == CONFIRM,
            drafts_kept=self.drafts_kept,
            amended=self.amended_submission(),
        )
        if self.steps.current == CONFIRM:
            decision, problem = self.preview()
            context.update(
                answered_steps=self.answered_summary(),
                decision=decision,
                decision_problem=problem,
                denial_reasons=self.denial(),
                preview_rows=self.get_preview(decision) if decision is not None else [],
                notes=self.notes,
                denied=getattr(form, "is_denied", False),
                can_submit=getattr(form, "can_submit", True),
                denied_help=self.denied_help % {"hotline": settings.ESTATE_HOTLINE},
            )
        return context

    def answered_summary(self) -> list[tuple[str, str, list]]:
        """``(step name, step title, [(label, answer)])`` for each completed step."""
        rows = []
        for step, form_class in self.get_form_list().items():
            if step == CONFIRM:
                continue
            form = self.get_stored_form(step)
            if form.is_bound and form.is_valid():
                rows.append((step, form_class.title, summary(form)))
        return rows
