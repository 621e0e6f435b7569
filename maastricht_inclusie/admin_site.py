"""The portal's admin site: Django's, without the work no admin page but the index shows (issue 22).

Django builds the list of every registered model the user may see (`get_app_list`: for each of the ~80 models a
module permission, four model permissions and two URL reversals) for every admin page, though only the index, an
app's index and the navigation sidebar show it. The portal's admin has no sidebar (its pages link back through the
breadcrumbs and the header, as the portal's own pages do), and the list is built only where a page shows it:
an admin list costs its rows, not the whole site's menu.
"""

from django.contrib.admin import AdminSite

from .context_processors import Deferred


class PortalAdminSite(AdminSite):
    site_header = "Maastricht Inclusie"
    site_title = "Maastricht Inclusie"
    enable_nav_sidebar = False

    def each_context(self, request):
        """Django's own context of every admin page (`AdminSite.each_context`, Django 5.2), with the app list
        built only when a template uses it: a template calls a callable when it resolves the name."""
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": Deferred(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }
