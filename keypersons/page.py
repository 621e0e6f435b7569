"""The page around the network dashboard's cached body, rendered once per process with holes (issue 22).

The body is cached with holes (`masked.py`), but the page around it — the site's header and language links, the
main menu, the workspace's menu and links, the footer — cost a millisecond and more to render on every visit. What
of it is the visitor's own is small and known: their user name, the CSRF token, the page to return to, the
addresses of the language links, the main menu they see, the seconds before a staff session ends and the messages
waiting for them. So the wrapper is rendered once per process for each template, language, URL prefix, page, set
of roles and the view's role-level values (whether the visitor is the director: never anything about a person),
from a context that holds only those and a hole (`masked.hole`) for each of the visitor's own values; the
visitor's request is never in it. Every visit fills the holes with its own values, escaped as the template would.

A visitor with messages waiting gets the wrapper rendered for them as usual (the messages are theirs), with the
body put in the same way: `tests/keypersons/test_dashboard_page.py` holds the two paths to the page `render` makes.
"""

from types import SimpleNamespace

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from accounts.context_processors import menu, session
from accounts.roles import STAFF_ROLES
from maastricht_inclusie.context_processors import municipality, site

from .masked import fill, hole

_rendered: dict[tuple, str] = {}


class _Visitor:
    """The signed-in user as the kept wrapper sees them: their roles, and a hole for their name."""

    is_authenticated = True

    def __init__(self, roles: frozenset[str]):
        self.roles = roles

    def get_username(self) -> SafeString:
        return hole("user")

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


def render_around(
    request, template_name: str, body: SafeString, context: dict, *, csrf_token: str
) -> HttpResponse:
    """What `render(request, template_name, {"body": body, **context})` answers, at a fraction of the cost.

    `body` is the page's own content, filled for this visit; `context` holds role-level values only (they are part
    of the key, so hashable); `csrf_token` is this request's, the one the body's forms carry.
    """
    if _has_messages(request):
        page = render_to_string(template_name, {**context, "body": hole("body")}, request)
        return HttpResponse(fill(page, {"body": body}))
    user, match = request.user, request.resolver_match
    links = site(request)["language_links"]()
    seconds_left = session(request)["session_seconds_left"]()
    roles = frozenset(role for role in STAFF_ROLES if user.has_role(role))
    details = municipality()
    key = (
        template_name, get_language(), get_script_prefix(), match.view_name, match.url_name, roles,
        seconds_left is None, tuple(link["code"] for link in links), tuple(details.values()),
        tuple(sorted(context.items())),
    )  # fmt: skip
    if key not in _rendered:
        _rendered[key] = _wrapper(template_name, context, match, roles, links, seconds_left is None, details)
    values = {
        "body": body,
        "csrf": csrf_token,
        "next": request.get_full_path(),
        "user": user.get_username(),
        "menu": menu(request)["main_menu_html"](),
        "left": "" if seconds_left is None else str(seconds_left),
        **{f"lang{i}": link["url"] for i, link in enumerate(links)},
    }
    return HttpResponse(fill(_rendered[key], values))


def _has_messages(request) -> bool:
    """Whether messages wait for the visitor (read, not yet shown: the page that renders them marks them shown)."""
    return bool(len(get_messages(request)))


def _wrapper(template_name, context, match, roles, links, no_warning, details) -> str:
    """The page rendered from the key's values and holes only (no request: no context processor runs)."""
    visitor = _Visitor(roles)
    placeholder_request = SimpleNamespace(
        resolver_match=SimpleNamespace(url_name=match.url_name, view_name=match.view_name),
        get_full_path=hole("next"),
        user=visitor,
    )
    return get_template(template_name).render(
        {
            **details,
            **context,
            "body": hole("body"),
            "request": placeholder_request,
            "user": visitor,
            "csrf_token": hole("csrf"),
            "language_links": [{**link, "url": hole("lang", i)} for i, link in enumerate(links)],
            "main_menu_html": hole("menu"),
            "session_seconds_left": None if no_warning else hole("left"),
            "messages": (),
        }
    )
