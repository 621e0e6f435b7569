from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and `manage.py seed_demo`; not part of the production package."""

    name = "demo"
    verbose_name = "Demo"
