from django.http import HttpResponse


def company_list(request, pk=None):
    return HttpResponse("todo")
