from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request):
    """The municipality's name and contact details and, for the language switch, this page in every language."""
    path = request.get_full_path()
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "municipality_address": settings.MUNICIPALITY_ADDRESS,
        "municipality_phone": settings.MUNICIPALITY_PHONE,
        "municipality_website": settings.MUNICIPALITY_WEBSITE,
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
            }
            for code, _name in settings.LANGUAGES
        ],
    }
