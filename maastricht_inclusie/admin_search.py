"""Admin searches of a bounded size.

The admin turns every word of a search into an OR of LIKE '%word%' over each search field, ANDed together: a
search pasted with 1,900 words becomes one enormous query that keeps the database busy for many seconds (and
can be sent again and again). A search longer than this is almost certainly not a person looking for a record,
so it is not run: the admin says why and shows no results.
"""

from django.contrib import messages
from django.utils.text import smart_split
from django.utils.translation import gettext as _

MAX_SEARCH_TERMS = 10
MAX_SEARCH_LENGTH = 200


class BoundedSearchMixin:
    """For a ModelAdmin with search_fields; put it first among the bases (``class X(BoundedSearchMixin, ...)``)."""

    max_search_terms = MAX_SEARCH_TERMS
    max_search_length = MAX_SEARCH_LENGTH

    def is_search_too_large(self, search_term: str) -> bool:
        if len(search_term) > self.max_search_length:
            return True
        # The same split into words as ModelAdmin.get_search_results ("quoted phrases" count as one).
        return sum(1 for _ in smart_split(search_term)) > self.max_search_terms

    def get_search_results(self, request, queryset, search_term):
        if search_term and self.is_search_too_large(search_term):
            messages.warning(
                request,
                _("The search was not run: use at most %(terms)d words and %(characters)d characters.")
                % {"terms": self.max_search_terms, "characters": self.max_search_length},
                fail_silently=True,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)
