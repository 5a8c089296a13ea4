from django.shortcuts import render


def intake_rate_limited(request, exception=None):
    return render(request, "projects/intake_rate_limited.html", status=429)
