"""A letter's HTML template rendered to tagged PDF (PDF/UA-1) with WeasyPrint: structure tree, the document's
language and title from `<html lang>` and `<title>`, reading order as in the HTML. In Dutch, the binding letter,
unless a courtesy translation asks for English.

The two steps are apart: the HTML is rendered (cheap) when the letter is issued and stored with it; the PDF is
made from that stored HTML only (`html_to_pdf`), at once or later by the worker."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

STYLESHEET = settings.BASE_DIR / "static" / "css" / "letter.css"


def render_html(template: str, context: dict, language: str = "nl") -> str:
    with override(language):
        return render_to_string(template, context)


def html_to_pdf(html: str) -> bytes:
    """Tagged PDF of a letter's HTML as stored (its language and title are in the HTML itself)."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1")


def render_pdf(template: str, context: dict, language: str = "nl") -> bytes:
    return html_to_pdf(render_html(template, context, language))
