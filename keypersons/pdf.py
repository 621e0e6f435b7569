"""Documents of the network as tagged PDF (PDF/UA-1) made with WeasyPrint: the copy of a key person's data and
the DPIA draft. Always in Dutch; the document's language, title and structure are in the file."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

STYLESHEET = settings.BASE_DIR / "static" / "css" / "print.css"


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template (an HTML document with lang="nl" and a <title>) to a tagged PDF."""
    from weasyprint import CSS, HTML

    with override("nl"):
        html = render_to_string(template, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1")
