"""What the network's pages share: pagination links and a service's errors shown on a form or as a message."""

from django.core.exceptions import ValidationError


def page_query(request) -> str:
    """The current filters as a query string, without the page number (for pagination links)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def apply_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names when that field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
