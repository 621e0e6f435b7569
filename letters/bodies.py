"""Letter bodies a policy officer writes in the portal: plain text with `{{ variable }}` placeholders.

No template language runs here, only a substitution from a fixed list of variables, so an edited letter can show
nothing but what the issuing app chose to offer. A paragraph is text separated by an empty line; a line starting
with `## ` is a heading; a block variable (HTML the app prepares: the remedy clause, the legal basis, the amounts)
stands alone in its paragraph.
"""

import re
from html import escape

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
ANY_BRACES = re.compile(r"\{[{%#]|[}%#]\}")


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body.replace("\r\n", "\n")) if p.strip()]


def problems(body: str, *, variables: dict, required: tuple[str, ...]) -> list[str]:
    """What keeps this body from being used: unknown or misplaced variables, missing mandatory parts."""
    errors = []
    used = set(PLACEHOLDER.findall(body))
    unknown = sorted(used - set(variables))
    if unknown:
        errors.append(_("Unknown variables: %(names)s.") % {"names": ", ".join(unknown)})
    if ANY_BRACES.search(PLACEHOLDER.sub("", body)):
        errors.append(_("Only variables written as {{ name }} are allowed; remove the other braces."))
    missing = [name for name in required if name not in used]
    if missing:
        errors.append(
            _("A letter of this kind must contain: %(names)s.")
            % {"names": ", ".join(f"{{{{ {name} }}}}" for name in missing)}
        )
    for paragraph in _paragraphs(body):
        inline = [n for n in PLACEHOLDER.findall(paragraph) if isinstance(variables.get(n), SafeString)]
        if inline and PLACEHOLDER.sub("", paragraph).strip():
            errors.append(
                _("%(name)s is a block: put it in a paragraph of its own.")
                % {"name": f"{{{{ {inline[0]} }}}}"}
            )
    return errors


def render(body: str, variables: dict) -> SafeString:
    """The body as HTML: text escaped, variables filled in, block variables as the app prepared them."""
    html = []
    for paragraph in _paragraphs(body):
        alone = PLACEHOLDER.fullmatch(paragraph)
        if alone and isinstance(variables.get(alone[1]), SafeString):
            html.append(variables[alone[1]])
            continue

        def fill(text: str) -> str:
            parts = PLACEHOLDER.split(text)
            # split() alternates text and variable names: escape the text, the values as strings.
            return "".join(
                escape(part) if i % 2 == 0 else escape(str(variables.get(part, "")))
                for i, part in enumerate(parts)
            )

        if paragraph.startswith("## "):
            html.append(format_html("<h2>{}</h2>", mark_safe(fill(paragraph[3:]))))
        else:
            html.append(format_html("<p>{}</p>", mark_safe(fill(paragraph).replace("\n", "<br>"))))
    return mark_safe("\n".join(html))
