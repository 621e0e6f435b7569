"""Every read the network's pages need, each a fixed number of queries however large the network grows.

One module per concern; callers name the module (`queries.people.key_persons()`).
"""

from . import contacts, dashboard, evaluation, networks, people, retention, signals

__all__ = ["contacts", "dashboard", "evaluation", "networks", "people", "retention", "signals"]
