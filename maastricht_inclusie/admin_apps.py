"""`django.contrib.admin` with the portal's own site (`admin_site.PortalAdminSite`) as `admin.site`.

Apart from the site, so that INSTALLED_APPS imports no admin code before the apps are loaded (as Django asks).
"""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "maastricht_inclusie.admin_site.PortalAdminSite"
