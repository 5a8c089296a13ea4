from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from .models import Role


def landing_url_for(user) -> str:
    """The page that fits the person's role, first match wins (staff before members)."""
    if user.has_role(Role.MANAGER, Role.OFFICER, Role.FINANCE_OFFICER):
        return reverse("projects:portfolio")
    if user.has_role(Role.TASKFORCE_MEMBER):
        return reverse("taskforce:workspace")
    if user.has_role(Role.COMPANY_CONTACT):
        return reverse("accounts:company_home")
    return reverse("accounts:no_role")


@login_required
def home(request):
    return redirect(landing_url_for(request.user))


@login_required
def company_home(request):
    return render(request, "accounts/company_home.html")


@login_required
def no_role(request):
    return render(request, "accounts/no_role.html")
