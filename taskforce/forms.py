"""Forms of the task force: validation and layout only."""

from datetime import timedelta
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.models import Role, User
from pmi_aqt.accounts.search import matching_people, person_label
from pmi_aqt.forms import (
    BoundedModelMultipleChoiceField,
    SearchChoiceField,
    SearchMultipleChoiceField,
)
from projects.forms.financing import amount_field
from projects.forms.support import days_field
from projects.models import DecisionOutcome, Project, SupportAction
from projects.models.project import APPROVED_OUTCOMES
from projects.organisations import OrganisationChoiceField
from projects.people import OFFICERS, team_field

from .models import AgendaItem, ConflictDeclaration, Recommendation, ReviewScore, Session

# The longest a written consultation may stay open.
CONSULTATION_LONGEST = timedelta(days=90)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class SessionForm(forms.ModelForm):
    # About 500 officers and managers: typed and searched, never one select.
    chair = team_field(OFFICERS, label=_("Présidence de séance"), required=False)
    # A thousand members at national scale: those called are ticked boxes, the others typed and
    # searched (never a box per member).
    members = SearchMultipleChoiceField(
        label=_("Membres convoqués"),
        queryset=User.objects.none(),
        search=matching_people,
        label_of=person_label,
        required=False,
        help_text=_(
            "Tapez quelques lettres du nom ou de l'adresse e-mail d'un membre, puis choisissez "
            "parmi les suggestions ; décochez un membre pour le retirer."
        ),
    )

    class Meta:
        model = Session
        fields = ["date", "starts_at", "place", "video_link", "chair", "members"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, member_search_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = User.objects.with_role(Role.TASKFORCE_MEMBER)
        self.fields["members"].widget.search_url = member_search_url
        self.helper = _helper(
            Div(
                Field("date", wrapper_class="col-md-4"),
                Field("starts_at", wrapper_class="col-md-4"),
                css_class="row",
            ),
            "place",
            "video_link",
            "chair",
            "members",
        )


def matching_dossiers(projects, text: str):
    """Dossiers whose title or company name holds every word typed."""
    for word in text.split():
        projects = projects.filter(Q(title__icontains=word) | Q(company__name__icontains=word))
    return projects


def dossier_label(project) -> str:
    return f"{project.title} ({project.company.name})"


class AgendaItemForm(forms.ModelForm):
    # Typed and searched: thousands of dossiers may be ready at once (never one select of all).
    project = SearchChoiceField(
        queryset=Project.objects.none(),
        search=matching_dossiers,
        label_of=dossier_label,
        help_text=_(
            "Tapez quelques lettres du titre ou de l'entreprise, ou le numéro du dossier, puis "
            "choisissez parmi les suggestions."
        ),
    )
    # About 500 officers and managers: typed and searched, never one select.
    presenter = team_field(OFFICERS, label=_("Présenté par"), required=False)

    class Meta:
        model = AgendaItem
        fields = ["project", "presenter", "starts_at"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, candidates=None, search_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["project"]
            self.fields["position"] = forms.IntegerField(
                label=_("Ordre de passage"),
                min_value=1,
                max_value=200,
                initial=self.instance.position,
            )
        else:
            self.fields["project"].queryset = candidates
            self.fields["project"].label = _("Dossier prêt à inscrire")
            self.fields["project"].widget.search_url = search_url
        self.helper = _helper(*self.fields)

    def save(self, commit: bool = True):
        if "position" in self.cleaned_data:
            self.instance.position = self.cleaned_data["position"]
        return super().save(commit)


class ConflictForm(forms.Form):
    member = UserChoiceField(label=_("Membre concerné"), queryset=User.objects.none())
    kind = forms.ChoiceField(
        label=_("Nature du conflit"),
        choices=ConflictDeclaration.Kind.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Précisions (facultatif)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, member_choices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if member_choices is None:
            del self.fields["member"]
        else:
            self.fields["member"].queryset = member_choices
        self.helper = _helper(*self.fields)


class ReviewForm(forms.Form):
    """One labelled 1–5 scale per active criterion, the recommendation and the two comments.

    Scores and the recommendation may stay empty in a draft; `clean` asks for them on submit.
    """

    recommendation = forms.ChoiceField(
        label=_("Recommandation"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comments_for_taskforce = forms.CharField(
        label=_("Commentaires pour la task force"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    comments_for_company = forms.CharField(
        label=_("Commentaires que le chargé de mission peut transmettre à l'entreprise"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, submitting: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.submitting = submitting
        for criterion in self.criteria:
            self.fields[self.score_field(criterion)] = forms.TypedChoiceField(
                label=criterion.label,
                help_text=criterion.description,
                choices=ReviewScore.SCALE,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def score_field(criterion) -> str:
        return f"score_{criterion.pk}"

    def score_fields(self):
        return [self[self.score_field(criterion)] for criterion in self.criteria]

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for criterion in self.criteria:
                if cleaned.get(self.score_field(criterion)) is None:
                    self.add_error(
                        self.score_field(criterion), _("Notez ce critère avant de transmettre.")
                    )
            if not cleaned.get("recommendation"):
                self.add_error("recommendation", _("Choisissez une recommandation."))
        return cleaned

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(self.score_field(c)) for c in self.criteria}


NO_AMOUNT_UNLESS_APPROVED = _(
    "Pour un accord seulement ; un ajournement ou un refus n'accorde rien."
)


class DecisionForm(forms.Form):
    """The decision: its outcome, the conditions or requests written to the company, the
    motivation, why it is taken without any review (when none was submitted), and the amounts
    an approval grants, in total and per line of the project's financing plan."""

    outcome = forms.ChoiceField(
        label=_("Décision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label=_("Conditions ou demandes de la task force"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoires pour un accord sous conditions (les conditions) et pour un "
            "ajournement (ce que la task force demande avant un nouveau passage), une par "
            "ligne. Elles sont écrites à l'entreprise avec la décision."
        ),
    )
    rationale = forms.CharField(
        label=_("Motivation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Pour le dossier et le procès-verbal de la task force ; elle n'est pas écrite à "
            "l'entreprise."
        ),
    )
    no_review_reason = forms.CharField(
        label=_("Pourquoi décider sans aucun avis transmis"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Aucun membre n'a transmis d'avis sur ce dossier : dites pourquoi."),
    )
    amount_granted = amount_field(
        _("Montant total accordé (€)"),
        required=False,
        help_text=_("Pour un accord. Laissé vide, c'est la somme des montants accordés par ligne."),
    )

    def __init__(self, *args, financing_lines=(), reviews_submitted: int = 1, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.financing_lines = list(financing_lines)
        if reviews_submitted:
            del self.fields["no_review_reason"]
        line_fields = []
        for line in self.financing_lines:
            name = self.line_field(line)
            self.fields[name] = amount_field(
                _("%(source)s (%(kind)s, %(asked)s € demandés)")
                % {
                    "source": line.source,
                    "kind": line.get_kind_display(),
                    "asked": number_format(line.amount_asked, decimal_pos=2, force_grouping=True),
                },
                required=False,
            )
            line_fields.append(name)
        layout = [
            name
            for name in ("outcome", "conditions", "rationale", "no_review_reason")
            if name in self.fields
        ]
        self.helper = _helper(
            *layout,
            Fieldset(
                _("Montants accordés"),
                HTML(
                    '<p class="small">'
                    + str(
                        _("Pour un accord seulement ; un ajournement ou un refus n'accorde rien.")
                    )
                    + "</p>"
                ),
                "amount_granted",
                *line_fields,
            ),
        )

    @staticmethod
    def line_field(line) -> str:
        return f"line_{line.pk}"

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        conditions = cleaned.get("conditions", "").strip()
        if outcome == DecisionOutcome.APPROVED_WITH_CONDITIONS and not conditions:
            self.add_error("conditions", _("Précisez les conditions de l'accord."))
        if outcome == DecisionOutcome.DEFERRED and not conditions:
            self.add_error(
                "conditions",
                _("Précisez ce que la task force demande avant un nouveau passage du dossier."),
            )
        if "no_review_reason" in self.fields and not cleaned.get("no_review_reason", "").strip():
            self.add_error(
                "no_review_reason",
                _(
                    "Aucun avis n'a été transmis sur ce dossier : indiquez pourquoi la task "
                    "force décide sans avis."
                ),
            )
        amounts = self.line_amounts()
        total = cleaned.get("amount_granted")
        if outcome and outcome not in APPROVED_OUTCOMES:
            if total is not None:
                self.add_error("amount_granted", _("Seul un accord attribue un montant."))
            for line in self.financing_lines:
                if amounts.get(line.pk) is not None:
                    self.add_error(self.line_field(line), _("Seul un accord attribue un montant."))
        elif amounts:
            lines_total = sum(amounts.values(), Decimal("0"))
            if total is None:
                cleaned["amount_granted"] = lines_total
            elif total < lines_total:
                self.add_error(
                    "amount_granted",
                    _(
                        "Le total accordé est inférieur à la somme des montants accordés par "
                        "ligne (%(sum)s €)."
                    )
                    % {"sum": number_format(lines_total, decimal_pos=2, force_grouping=True)},
                )
        return cleaned

    def line_amounts(self) -> dict[int, Decimal]:
        """The amount granted per financing line, for the lines given one."""
        amounts = {}
        for line in self.financing_lines:
            value = self.cleaned_data.get(self.line_field(line))
            if value is not None:
                amounts[line.pk] = value
        return amounts


class ConsultationForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Date de clôture de la consultation écrite"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Les membres répondent (transmettent leur avis) jusqu'à ce jour inclus ; la "
            "décision s'enregistre ensuite, ou dès que tous ont répondu."
        ),
        error_messages={
            "required": _("Indiquez la date de clôture."),
            "invalid": _("Saisissez une date valide, par exemple 18/01/2027."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("closes_on")

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        if closes_on < today:
            raise forms.ValidationError(_("La date de clôture ne peut pas être passée."))
        if closes_on > today + CONSULTATION_LONGEST:
            raise forms.ValidationError(
                _("Une consultation écrite dure au plus %(days)s jours.")
                % {"days": CONSULTATION_LONGEST.days}
            )
        return closes_on


class SupportActionForm(forms.ModelForm):
    days = days_field()

    class Meta:
        model = SupportAction
        fields = ["kind", "title", "provider", "starts_on", "ends_on", "days"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Three empty forms, each choosing among the 400 active partners at national scale:
        # typed and searched, never a select of each of them.
        self.fields["provider"] = OrganisationChoiceField.replacing(
            self.fields["provider"], among="actives"
        )
        self.helper = _helper(
            Div(
                Field("kind", wrapper_class="col-md-4"),
                Field("title", wrapper_class="col-md-8"),
                css_class="row",
            ),
            Div(
                Field("provider", wrapper_class="col-md-3"),
                Field("starts_on", wrapper_class="col-md-3"),
                Field("ends_on", wrapper_class="col-md-3"),
                Field("days", wrapper_class="col-md-3"),
                css_class="row",
            ),
        )


SupportActionFormSet = forms.formset_factory(SupportActionForm, extra=3, max_num=20)


class SeatChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.user.get_full_name() or obj.user.email
        membership = getattr(obj.user, "taskforce_membership", None)
        return f"{name} — {membership.organisation}" if membership else name


class AttendanceForm(forms.Form):
    present = SeatChoiceField(
        label=_("Membres présents"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez les membres présents ; les autres sont notés absents ou excusés."),
    )

    def __init__(self, *args, seats, **kwargs) -> None:
        kwargs.setdefault("initial", {"present": [seat.pk for seat in seats if seat.attended]})
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = seats
        self.helper = _helper("present")
