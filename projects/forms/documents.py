"""Document forms: uploads checked on their content, and requests for documents."""

from crispy_forms.layout import Field, Layout
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import DocumentKind, DocumentRequest, Project
from ..services.documents import ALLOWED_TYPES, detect_file_type, extension_of
from .financing import form_helper

ACCEPT = ",".join(ext for file_type in ALLOWED_TYPES for ext in file_type.extensions)
ALLOWED_LABEL = _(
    "PDF, image PNG ou JPEG, Word, Excel ou PowerPoint (docx, xlsx, pptx), "
    "OpenDocument (odt, ods, odp)"
)
ALLOWED_EXTENSIONS = {ext for file_type in ALLOWED_TYPES for ext in file_type.extensions}


def _help_text() -> str:
    # Read when shown, so the size follows the settings.
    return gettext("Formats acceptés : %(formats)s ; %(size)s Mo au plus.") % {
        "formats": ALLOWED_LABEL,
        "size": settings.DOCUMENT_MAX_SIZE_MB,
    }


_upload_help_text = lazy(_help_text, str)


class CheckedFileField(forms.FileField):
    """A file within the size limit whose content is one of the allowed types, and whose name
    says the same thing as its content. The detected type is kept on `file.detected_type`."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Fichier"))
        kwargs.setdefault("help_text", _upload_help_text())
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Choisissez le fichier à déposer."),
                "empty": _("Le fichier est vide : choisissez un autre fichier."),
                "invalid": _("Aucun fichier n'a été reçu : choisissez le fichier à déposer."),
                "missing": _("Aucun fichier n'a été reçu : choisissez le fichier à déposer."),
            },
        )
        super().__init__(max_length=None, allow_empty_file=False, **kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        max_mb = settings.DOCUMENT_MAX_SIZE_MB
        if value.size > max_mb * 1024 * 1024:
            raise forms.ValidationError(
                _("Le fichier dépasse %(size)s Mo, la taille maximale acceptée."),
                code="too_big",
                params={"size": max_mb},
            )
        file_type = detect_file_type(value)
        extension = extension_of(value.name)
        if file_type is None:
            if extension in ALLOWED_EXTENSIONS:
                raise forms.ValidationError(
                    _(
                        "Le contenu de « %(name)s » ne correspond pas à un fichier %(extension)s "
                        "(il a peut-être été renommé). Formats acceptés : %(formats)s."
                    ),
                    code="disguised",
                    params={"name": value.name, "extension": extension, "formats": ALLOWED_LABEL},
                )
            raise forms.ValidationError(
                _("Ce type de fichier n'est pas accepté. Formats acceptés : %(formats)s."),
                code="type_refused",
                params={"formats": ALLOWED_LABEL},
            )
        if extension not in file_type.extensions:
            raise forms.ValidationError(
                _(
                    "Le nom « %(name)s » ne correspond pas à son contenu, qui est un fichier "
                    "%(type)s : le nom doit se terminer par %(expected)s."
                ),
                code="name_mismatch",
                params={
                    "name": value.name,
                    "type": file_type.label,
                    "expected": gettext(" ou ").join(file_type.extensions),
                },
            )
        value.detected_type = file_type


class DocumentRequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DocumentRequest) -> str:
        return f"{obj.label} ({obj.get_kind_display()})"


class DocumentUploadForm(forms.Form):
    """A document the programme's team adds to a project, possibly answering a request."""

    file = CheckedFileField()
    kind = forms.ChoiceField(
        label=_("Type de document"),
        choices=[("", _("Choisissez un type")), *DocumentKind.choices],
        required=False,
        help_text=_("Facultatif pour un document qui répond à une demande : celui de la demande."),
        error_messages={"invalid_choice": _("Choisissez un type de document de la liste.")},
    )
    request = DocumentRequestChoiceField(
        label=_("En réponse à la demande"),
        queryset=DocumentRequest.objects.none(),
        required=False,
        empty_label=_("— Aucune demande en particulier —"),
        help_text=_("Le document marque la demande comme reçue."),
        error_messages={"invalid_choice": _("Choisissez une demande en attente de ce projet.")},
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = project.document_requests.filter(
            fulfilled_at__isnull=True
        )
        self.helper = form_helper()
        self.helper.layout = Layout(Field("file"), Field("kind"), Field("request"))

    def clean(self) -> dict:
        cleaned_data = super().clean()
        request = cleaned_data.get("request")
        if "kind" in cleaned_data and not cleaned_data["kind"]:
            if request is not None:
                cleaned_data["kind"] = request.kind
            elif "request" not in self.errors:
                self.add_error("kind", _("Choisissez le type de document."))
        return cleaned_data


class CompanyDocumentForm(forms.Form):
    """The file a company sends through its secure link, in answer to one request."""

    file = CheckedFileField(label=_("Votre fichier"))

    def __init__(self, *args, document_request: DocumentRequest, **kwargs) -> None:
        kwargs.setdefault("prefix", f"demande-{document_request.pk}")
        super().__init__(*args, **kwargs)
        # Several of these forms share a page: each label names its request.
        self.fields["file"].label = gettext("Votre fichier pour « %(label)s »") % {
            "label": document_request.label
        }
        self.helper = form_helper()


class DocumentRequestForm(forms.ModelForm):
    class Meta:
        model = DocumentRequest
        fields = ["kind", "label", "due_on"]
        labels = {"kind": _("Type de document"), "due_on": _("Attendu pour le")}
        help_texts = {
            "label": _("Ce que l'entreprise lira, par exemple : « Devis du robot de soudure »."),
            "due_on": _("Facultatif."),
        }
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "kind": {
                "required": _("Choisissez le type de document."),
                "invalid_choice": _("Choisissez un type de document de la liste."),
            },
            "label": {"required": _("Dites quel document vous demandez.")},
            "due_on": {"invalid": _("Saisissez une date valide, par exemple 31/12/2025.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def clean_label(self) -> str:
        return " ".join(self.cleaned_data["label"].split())

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on is not None and due_on < timezone.localdate():
            raise forms.ValidationError(
                _("La date attendue ne peut pas être déjà passée."), code="due_in_past"
            )
        return due_on
