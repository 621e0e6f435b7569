"""A password validator for common Dutch passwords, on top of Django's CommonPasswordValidator.

Django's list is English. People here pick "Welkom2026", "Zomer2026!" or the name of their city or club, so
the portal also refuses the words in data/common-passwords-nl.txt, after removing what people typically add
to make such a word "strong": capitals, and digits, years and punctuation at the end.
"""

import string
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_PASSWORD_LIST_PATH = Path(__file__).resolve().parent / "data" / "common-passwords-nl.txt"

# What people put after a word: "welkom01", "zomer2026!", "ajax 1900", "geheim!!", "hallo_123".
TRAILING_DECORATION = string.digits + string.punctuation + string.whitespace


def normalise(password: str) -> str:
    """The word a password is built on: case-folded, without trailing digits, punctuation or spaces."""
    return password.casefold().rstrip(TRAILING_DECORATION).strip()


def read_password_list(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    words = (normalise(line) for line in lines if not line.lstrip().startswith("#"))
    return frozenset(word for word in words if word)


class DutchCommonPasswordValidator:
    """Refuse a password that is a common Dutch password or word, however it is capitalised or ends."""

    def __init__(self, password_list_path: Path | str = DEFAULT_PASSWORD_LIST_PATH):
        self.passwords = read_password_list(Path(password_list_path))

    def validate(self, password: str, user=None) -> None:
        if normalise(password) in self.passwords:
            raise ValidationError(
                _(
                    "This password is a common Dutch word or password, also with digits or punctuation after it."
                ),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Your password can’t be a common Dutch word or password, such as “welkom” or “zomer2026”.")
