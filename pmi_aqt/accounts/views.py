import math
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import (
    EmailAuthenticationForm,
    OneTimeCodeForm,
    PersonSearchForm,
    SecurityPolicyForm,
)
from .middleware import two_factor_step_url
from .models import TWO_FACTOR_ROLES, CalendarFeed, Role, SecurityPolicy, User
from .permissions import (
    can_have_calendar_feed,
    can_manage_programme,
    can_secure_account,
    require,
)
from .services import (
    CodeAttemptsThrottled,
    InvalidCode,
    backup_codes_left,
    backup_codes_regenerate,
    calendar_feed_renew,
    calendar_feed_revoke,
    totp_device_unsaved,
    totp_key_new,
    two_factor_code_check,
    two_factor_disable,
    two_factor_enable,
)
from .sessions import sessions_end_others
from .throttling import longest_counting_window_minutes
from .two_factor import (
    TwoFactorState,
    allowed_before_second_factor,
    allowed_during_setup,
    two_factor_state,
)

# The secret being set up, kept server-side until a code confirms it.
SETUP_KEY_SESSION_KEY = "two_factor_setup_key"
# Backup codes just made, shown once on the next page and then forgotten.
FRESH_CODES_SESSION_KEY = "two_factor_fresh_codes"


def landing_url_for(user) -> str:
    """The page that fits the person's role, first match wins (staff before members)."""
    if user.has_role(Role.MANAGER):
        # The manager follows the whole team first; their own portfolio is one link away.
        return reverse("projects:team")
    if user.has_role(Role.OFFICER):
        return reverse("projects:portfolio")
    if user.has_role(Role.FINANCE_OFFICER):
        # The finance officer works across every project's financing lines.
        return reverse("projects:financing_workspace")
    if user.has_role(Role.TASKFORCE_MEMBER):
        return reverse("taskforce:workspace")
    if user.has_role(Role.COMPANY_CONTACT):
        return reverse("projects:company_home")
    return reverse("accounts:no_role")


@login_required
def home(request):
    return redirect(landing_url_for(request.user))


@login_not_required
def privacy(request):
    """The privacy page: the controller, whom to write to, how long data are kept, the rights."""
    return render(
        request,
        "pages/privacy.html",
        {
            "controller": settings.DATA_CONTROLLER,
            "dpo_email": settings.DPO_EMAIL,
            "retention_years": settings.RETENTION_YEARS,
            "history_retention_years": settings.HISTORY_RETENTION_YEARS,
            "draft_lifetime_days": settings.INTAKE_DRAFT_LIFETIME_DAYS,
            "job_file_hours": settings.JOB_FILE_HOURS,
            "abuse_window_minutes": longest_counting_window_minutes(),
        },
    )


@login_required
def no_role(request):
    return render(request, "accounts/no_role.html")


# --- Logging in: the password, then (for those who turned it on) the code.


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        state = two_factor_state(self.request.user)
        if state is not TwoFactorState.SATISFIED:
            return redirect(two_factor_step_url(state, self.get_success_url()))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
        return response


def _safe_next(request: HttpRequest) -> str:
    """The page asked for before a step of logging in, if it is one of ours; else ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: redirect() would take a bare word such as "1e309" for a URL name.
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _next_url(request: HttpRequest, default: str = "home") -> str:
    return _safe_next(request) or resolve_url(default)


def _check_code(request: HttpRequest, form: OneTimeCodeForm):
    """The device that accepts the form's code, or None with the reason on the form."""
    try:
        device = two_factor_code_check(user=request.user, code=form.cleaned_data["code"])
    except CodeAttemptsThrottled as throttled:
        wait = 1
        if throttled.locked_until:
            wait = max(1, math.ceil((throttled.locked_until - timezone.now()).total_seconds()))
        form.add_error(
            "code",
            ngettext(
                "Trop de codes erronés à la suite : patientez %(seconds)d seconde avant de "
                "réessayer.",
                "Trop de codes erronés à la suite : patientez %(seconds)d secondes avant de "
                "réessayer.",
                wait,
            )
            % {"seconds": wait},
        )
        return None
    if device is None:
        form.add_error(
            "code",
            _(
                "Ce code n'est pas valable. Saisissez le code affiché en ce moment par votre "
                "application (il change toutes les 30 secondes) ou un code de secours pas "
                "encore utilisé."
            ),
        )
    return device


@allowed_before_second_factor
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in, for those who turned two-factor authentication on."""
    state = request.two_factor_state
    if state is TwoFactorState.NEEDS_SETUP:
        return redirect(two_factor_step_url(state, _safe_next(request)))
    if state is TwoFactorState.SATISFIED:
        return redirect(_next_url(request))
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None, autofocus=True)
    if form.is_bound and form.is_valid():
        device = _check_code(request, form)
        if device is not None:
            otp_login(request, device)
            # A new session key for the now fully logged-in session.
            request.session.cycle_key()
            if isinstance(device, StaticDevice):
                left = backup_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "Vous avez utilisé un code de secours : il vous en reste %(count)d.",
                        "Vous avez utilisé un code de secours : il vous en reste %(count)d.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


# --- The person's own account security: turning the second factor on and off.


def _app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _required_for(user) -> bool:
    return SecurityPolicy.load().requires_two_factor(user.roles)


def _calendar_feed_url(user) -> str:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return ""
    # Named, not imported: the feed's page belongs to the task force, above this app.
    return settings.SITE_URL + reverse("taskforce:calendar_feed", args=[feed.token])


def _security_page(request, *, disable_form=None, regenerate_form=None):
    device = _app_device(request.user)
    context = {
        "device": device,
        "codes_left": backup_codes_left(request.user) if device else 0,
        "required": _required_for(request.user),
        "disable_form": disable_form or OneTimeCodeForm(prefix="disable"),
        "regenerate_form": regenerate_form or OneTimeCodeForm(prefix="regenerate"),
        "idle_minutes": settings.STAFF_IDLE_TIMEOUT_MINUTES,
        "may_have_calendar_feed": can_have_calendar_feed(request.user),
        "calendar_feed_url": _calendar_feed_url(request.user),
    }
    return render(request, "accounts/security.html", context)


@allowed_during_setup
@require(can_secure_account)
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    return _security_page(request)


@require(can_have_calendar_feed)
@require_POST
def calendar_feed_renew_view(request: HttpRequest) -> HttpResponse:
    calendar_feed_renew(user=request.user)
    messages.success(
        request,
        _(
            "Votre nouvelle adresse d'agenda est prête ; l'ancienne, s'il y en avait une, ne "
            "fonctionne plus."
        ),
    )
    return redirect(reverse("accounts:security") + "#agenda")


@require(can_have_calendar_feed)
@require_POST
def calendar_feed_revoke_view(request: HttpRequest) -> HttpResponse:
    if calendar_feed_revoke(user=request.user):
        messages.success(request, _("Votre adresse d'agenda ne fonctionne plus."))
    return redirect(reverse("accounts:security") + "#agenda")


@allowed_during_setup
@require(can_secure_account)
@require_POST
def sessions_end_others_view(request: HttpRequest) -> HttpResponse:
    sessions_end_others(request)
    messages.success(
        request,
        _(
            "Vos autres sessions sont fermées : sur tout autre appareil, il faudra se "
            "reconnecter. Celle-ci reste ouverte."
        ),
    )
    return redirect("accounts:security")


@allowed_during_setup
@require(can_secure_account)
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show a new secret (QR code and text); save it once the app gives a right code."""
    if _app_device(request.user) is not None:
        return redirect("accounts:security")
    key = request.session.get(SETUP_KEY_SESSION_KEY)
    if not key:
        key = request.session[SETUP_KEY_SESSION_KEY] = totp_key_new()
    form = OneTimeCodeForm(
        request.POST if request.method == "POST" else None, accept_backup_codes=False
    )
    if form.is_bound and form.is_valid():
        try:
            device, codes = two_factor_enable(
                user=request.user, key=key, code=form.cleaned_data["code"]
            )
        except InvalidCode:
            form.add_error(
                "code",
                _(
                    "Ce code ne correspond pas. Vérifiez que l'heure de votre téléphone est "
                    "juste, puis saisissez le code affiché en ce moment."
                ),
            )
        else:
            otp_login(request, device)
            request.session.cycle_key()
            del request.session[SETUP_KEY_SESSION_KEY]
            request.session[FRESH_CODES_SESSION_KEY] = codes
            messages.success(request, _("La double authentification est activée."))
            url = reverse("accounts:backup_codes")
            next_url = _safe_next(request)
            return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
    device = totp_device_unsaved(user=request.user, key=key)
    qr_code = segno.make(device.config_url, error="m")
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code_uri": qr_code.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "qr_code_size": qr_code.symbol_size(scale=5)[0],
        "secret": " ".join(secret[index : index + 4] for index in range(0, len(secret), 4)),
        "required": _required_for(request.user),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require(can_secure_account)
@never_cache
@require_GET
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The backup codes just made: shown this once, never stored anywhere readable again."""
    codes = request.session.pop(FRESH_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:security")
    context = {
        "codes": [f"{code[:5]} {code[5:]}" for code in codes],
        "next": _next_url(request, default="accounts:security"),
    }
    return render(request, "accounts/backup_codes.html", context)


@require(can_secure_account)
@require_POST
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    if _app_device(request.user) is None:
        return redirect("accounts:security")
    form = OneTimeCodeForm(request.POST, prefix="disable")
    if not (form.is_valid() and _check_code(request, form)):
        return _security_page(request, disable_form=form)
    two_factor_disable(user=request.user)
    messages.success(request, _("La double authentification est désactivée."))
    return redirect("accounts:security")


@require(can_secure_account)
@require_POST
def backup_codes_renew(request: HttpRequest) -> HttpResponse:
    if _app_device(request.user) is None:
        return redirect("accounts:security")
    form = OneTimeCodeForm(request.POST, prefix="regenerate")
    if not (form.is_valid() and _check_code(request, form)):
        return _security_page(request, regenerate_form=form)
    request.session[FRESH_CODES_SESSION_KEY] = backup_codes_regenerate(user=request.user)
    return redirect("accounts:backup_codes")


# --- The programme manager's security rules.


@require(can_manage_programme)
@require_http_methods(["GET", "POST"])
def security_policy(request: HttpRequest) -> HttpResponse:
    policy = SecurityPolicy.load()
    form = SecurityPolicyForm(request.POST if request.method == "POST" else None, instance=policy)
    if form.is_bound and form.is_valid():
        policy = form.save(commit=False)
        policy.updated_by = request.user
        policy.save(update_fields=["two_factor_roles", "updated_by", "updated_at"])
        labels = [Role(role).label for role in Role if role in policy.two_factor_roles]
        messages.success(
            request,
            _("La double authentification est désormais exigée pour : %(roles)s.")
            % {"roles": ", ".join(str(label) for label in labels)}
            if labels
            else _("La double authentification n'est exigée pour aucun rôle."),
        )
        return redirect("accounts:security_policy")
    search = PersonSearchForm(request.GET)
    page = Paginator(two_factor_people(search.search()), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for person in page:
        person.role_labels = [
            Role(g.name).label for g in person.groups.all() if g.name in Role.values
        ]
    return render(
        request,
        "accounts/security_policy.html",
        {"form": form, "policy": policy, "search": search, "page_obj": page},
    )


PEOPLE_PER_PAGE = 50


def two_factor_people(text: str = ""):
    """Active people who may use two-factor authentication, by name, with whether they have,
    and their groups read for the page's rows only; `text` in their name or address."""
    people = User.objects.filter(
        Exists(
            User.groups.through.objects.filter(
                user=OuterRef("pk"), group__name__in=TWO_FACTOR_ROLES
            )
        ),
        is_active=True,
    )
    if text:
        people = people.filter(
            Q(email__icontains=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
        )
    return (
        people.annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "email", "pk")
    )


@require(can_manage_programme)
@require_POST
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """For someone who lost both their phone and their backup codes: they set it up again."""
    person = get_object_or_404(User, pk=pk, is_active=True)
    if person == request.user:
        # One's own second factor is turned off with one's own code, on one's own page.
        return redirect("accounts:security")
    two_factor_disable(user=person)
    messages.success(
        request,
        _(
            "La double authentification de %(person)s est désactivée : la personne devra la "
            "réactiver si elle est exigée."
        )
        % {"person": person},
    )
    return redirect("accounts:security_policy")
