"""WhiteNoise's compressed, hashed static files, with each file's URL worked out once.

The manifest of hashed names is read when the process starts and never changes while it
runs, yet `{% static %}` worked each URL out again on every use (tens of microseconds, four
times on every page: issue 22). Only URLs that exist are kept: a name missing from the
manifest still fails every time, as WhiteNoise's does."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self.known_urls[name]
        except KeyError:
            found = self.known_urls[name] = super().url(name)
            return found
