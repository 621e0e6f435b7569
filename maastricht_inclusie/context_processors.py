from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request):
    """The municipality's name and, for the language switch, this page in every language."""
    path = request.get_full_path()
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
            }
            for code, _name in settings.LANGUAGES
        ],
    }
