from django.shortcuts import render

from pmi_aqt.accounts.models import Role
from pmi_aqt.accounts.permissions import role_required


@role_required(Role.TASKFORCE_MEMBER, Role.MANAGER)
def workspace(request):
    return render(request, "taskforce/workspace.html")
