"""Where each role starts after logging in, and the main menu it sees.

The menu is one list: every item says who sees it and which pages belong to it, so exactly one item is
current on a page that belongs to the menu (the item of the page itself, or of the section it is in).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .roles import APPLICATION_MANAGER, ASSESSOR, DIRECTOR, NETWORK_STAFF, POLICY_OFFICER, STAFF_ROLES


def _anyone(user) -> bool:
    return True


def _anonymous(user) -> bool:
    return not user.is_authenticated


def _member(user) -> bool:
    """Organisation members see their portal. Municipal staff roles do not (their work has its own start page,
    and a staff page then costs no query for it); the portal itself stays open to them."""
    if not user.is_authenticated or user.has_role(*STAFF_ROLES):
        return False
    known = getattr(user, "has_memberships", None)  # read with the user (accounts/session_user.py)
    return known if known is not None else user.memberships.exists()


def _role(*roles: str) -> Callable:
    return lambda user: user.is_authenticated and user.has_role(*roles)


def _admin_user(user) -> bool:
    """The admin is for the roles whose work is there (registry, users, audit), not for everyone staff."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or (user.is_staff and user.has_role(POLICY_OFFICER, APPLICATION_MANAGER)))
    )


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    visible: Callable = _anyone
    # View names (or "namespace:" prefixes) of the pages that belong to this item's section.
    section: tuple[str, ...] = ()

    def url(self) -> str:
        return reverse(self.url_name)

    def owns(self, view_name: str) -> bool:
        return any(
            view_name == name or (name.endswith(":") and view_name.startswith(name)) for name in self.section
        )


MENU = (
    MenuItem(_("Home"), "home"),
    MenuItem(_("Initiatives"), "initiatives:initiative_list", section=("initiatives:initiative_detail",)),
    MenuItem(_("Organisations"), "initiatives:organisation_list", section=("initiatives:organisation_detail",)),
    MenuItem(_("Progress"), "progress:overview", section=("progress:",)),
    MenuItem(_("Campaigns"), "initiatives:campaign_list", section=("initiatives:campaign_detail",)),
    MenuItem(_("My portal"), "portal:home", visible=_member, section=("portal:",)),
    MenuItem(_("Work queue"), "staff:work_queue", visible=_role(POLICY_OFFICER, APPLICATION_MANAGER), section=("staff:",)),
    MenuItem(_("To score"), "assessment:list", visible=_role(ASSESSOR), section=("assessment:",)),
    MenuItem(_("Key-person network"), "network:dashboard", visible=_role(DIRECTOR, NETWORK_STAFF), section=("network:",)),
    MenuItem(_("Administration"), "admin:index", visible=_admin_user, section=("admin:",)),
    MenuItem(_("Register your organisation"), "initiatives:register", visible=_anonymous),
)  # fmt: skip


_rendered: dict[tuple, str] = {}


def rendered_menu(user, view_name: str) -> SafeString:
    """The menu's items as HTML (`components/nav_items.html`), rendered once per process for each language, URL
    prefix, set of items the user sees and current page (a name from the URL conf): about half a millisecond a page
    otherwise (issue 22). Which items the user sees is asked on every request."""
    visible = tuple(item.visible(user) for item in MENU)
    key = (get_language(), get_script_prefix(), visible, view_name)
    if key not in _rendered:
        items = _items([item for item, shown in zip(MENU, visible, strict=True) if shown], view_name)
        _rendered[key] = render_to_string("components/nav_items.html", {"main_menu": items})
    return mark_safe(_rendered[key])


def _items(items: list[MenuItem], view_name: str) -> list[dict]:
    """The items shown; `current` is "page" for the page itself, "true" for its section, else None."""
    exact = next((item for item in items if item.url_name == view_name), None)
    section = None if exact else next((item for item in items if item.owns(view_name)), None)
    return [
        {
            "label": item.label,
            "url": item.url(),
            "current": "page" if item is exact else "true" if item is section else None,
        }
        for item in items
    ]


def start_url(user) -> str:
    """The start page of the user's work: the network, the work queue, scoring, their portal, or home."""
    if user.has_role(DIRECTOR, NETWORK_STAFF):
        return reverse("network:dashboard")
    if user.has_role(POLICY_OFFICER, APPLICATION_MANAGER):
        return reverse("staff:work_queue")
    if user.has_role(ASSESSOR):
        return reverse("assessment:list")
    if user.memberships.exists():
        return reverse("portal:home")
    if user.is_superuser:
        return reverse("admin:index")
    return reverse("home")
