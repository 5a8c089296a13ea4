"""Printing task-force documents (dossiers, minutes) as PDF with WeasyPrint.

The caller checks rights with taskforce/permissions.py and passes only what may be printed.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone


def render_pdf(*, template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    """The document as PDF bytes; without a request (a background job) links are made
    against SITE_URL."""
    import weasyprint  # Heavy: loaded only when a PDF is asked for.

    html = render_to_string(
        template,
        {
            "programme_name": settings.PROGRAMME_NAME,
            "generated_on": timezone.localtime(),
            **context,
        },
        request=request,
    )
    base_url = request.build_absolute_uri("/") if request else settings.SITE_URL + "/"
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(
    request: HttpRequest, *, template: str, context: dict, filename: str
) -> HttpResponse:
    pdf = render_pdf(template=template, context=context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    # Shown in the browser, saved under a readable name; confidential, so never cached.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
