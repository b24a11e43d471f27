"""Where uploaded documents are kept, from one setting, STORAGE_URL:

    (empty)                                   the file system, under media/documents/
    file:///srv/debrief/documents             the file system, in that directory
    s3://bucket?endpoint_url=https://…&region_name=eu-west-2
                                              S3-compatible storage (django-storages), private
                                              objects; credentials from AWS_ACCESS_KEY_ID and
                                              AWS_SECRET_ACCESS_KEY as boto3 reads them

Files are never given a public address: Debrief streams each one to whoever may read it."""

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_OPTIONS = {"endpoint_url", "region_name", "addressing_style", "location"}


def documents_storage(url: str, default_location: Path) -> dict:
    if not url:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(default_location), "base_url": None},
        }
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": unquote(parts.path), "base_url": None},
        }
    if parts.scheme == "s3" and parts.netloc:
        options = dict(parse_qsl(parts.query))
        unknown = set(options) - S3_OPTIONS
        if unknown:
            raise ImproperlyConfigured(
                f"STORAGE_URL has options Debrief does not know: {', '.join(sorted(unknown))}."
            )
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": parts.netloc,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                **options,
            },
        }
    raise ImproperlyConfigured(
        "STORAGE_URL must be empty, file:///a/directory or s3://bucket?endpoint_url=…"
    )
