"""Object storage (S3 or compatible: AWS, MinIO, Ceph, a cloud provider's) for uploads and exports, through
django-storages, when `AWS_STORAGE_BUCKET_NAME` is set (see the settings and the README, "Several web nodes").

One bucket, two prefixes: `private/` for the files only the portal's views may hand out (attachments, exports) and
`media/` for public uploads. Nothing is made public by the portal: no object gets an ACL (so the bucket's own
default, private, holds; a bucket with ACLs disabled accepts that too), and a private file gets no URL at all —
not even a signed one — so every download passes the view's access check and is streamed by the portal.
"""

from storages.backends.s3 import S3Storage


class _ObjectStorage(S3Storage):
    location = ""  # the prefix in the bucket (a class attribute wins over AWS_LOCATION)

    def get_default_settings(self):
        defaults = super().get_default_settings()
        # Never replace a stored file silently (the file system storage never does either).
        defaults["file_overwrite"] = False
        # A self-hosted endpoint (MinIO, Ceph) is addressed by path, not by a host name per bucket.
        if defaults["endpoint_url"] and not defaults["addressing_style"]:
            defaults["addressing_style"] = "path"
        return defaults

    def __init__(self, **options):
        super().__init__(**options)
        # Whatever AWS_DEFAULT_ACL or AWS_S3_OBJECT_PARAMETERS say: no ACL is ever sent with an object.
        self.default_acl = None
        self.object_parameters = {k: v for k, v in self.object_parameters.items() if k != "ACL"}


class PublicObjectStorage(_ObjectStorage):
    """Public uploads (`STORAGES["default"]`): their URLs are signed and expire, unless the bucket's owner chooses
    to publish the prefix (a bucket policy, or AWS_QUERYSTRING_AUTH=False with a custom domain)."""

    location = "media"


class PrivateObjectStorage(_ObjectStorage):
    """Private files (`STORAGES["private"]`): served only by the portal's views after their access check."""

    location = "private"

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("This file is not accessible via a URL.")
