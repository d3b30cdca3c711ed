"""The one error type ingest raises for a file it cannot take."""


class SkipFile(ValueError):
    """A file that is skipped; the message is one line naming the file and the reason."""

    def __init__(self, path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{getattr(path, 'name', path)}: {reason}")
