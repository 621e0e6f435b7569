"""Private files (attachments, exports): never public, served only by views that check who may see them.

Where they live is the `private` entry of `STORAGES` (settings): by default a folder outside the web root
(`PRIVATE_MEDIA_ROOT`, a shared volume when there are several web nodes), or, when `AWS_STORAGE_BUCKET_NAME` is set,
a prefix in an S3(-compatible) bucket through django-storages (`object_storage.py`). Either way a private file has
no URL: the views stream it to the person they let through.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT: no URL of their own, served only through views that check access."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


class _PrivateStorage(LazyObject):
    """The storage configured as STORAGES["private"], looked up when first used (and again after a test changes
    the settings), so model fields can name it while the settings decide where the files are."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


def get_private_storage():
    return private_storage


def _forget_the_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


setting_changed.connect(_forget_the_storage, dispatch_uid="maastricht_inclusie.storage")
