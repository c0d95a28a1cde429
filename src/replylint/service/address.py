"""A service URL read once for both clients (the hook's socket and :class:`~replylint.service.client.RemoteLinter`),
with the standard library alone."""

from __future__ import annotations

from urllib.parse import urlsplit


class ServiceAddress:
    """Where a ``POST /v1/lint`` goes: the scheme, host and port to connect to, the ``Host`` header's value and
    the path the service is mounted under (no trailing slash). A plain class: :mod:`typing` would cost the hook
    client a sixth of its imports."""

    __slots__ = ("host", "https", "netloc", "path", "port")

    def __init__(self, https: bool, host: str, port: int | None, netloc: str, path: str) -> None:
        self.https = https
        self.host = host
        self.port = port
        self.netloc = netloc
        self.path = path


def service_address(url: str) -> ServiceAddress:
    """The address in ``url``; ValueError naming the URL and why when it is not an http:// or https:// URL."""
    try:
        parts = urlsplit(url)
        port = parts.port  # a port out of range or not a number: ValueError, as an unclosed "[" is
    except ValueError as exc:
        raise ValueError(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url or '(an empty URL)'}: not an http:// or https:// URL")
    return ServiceAddress(
        parts.scheme == "https", parts.hostname, port, parts.netloc.rpartition("@")[2], parts.path.rstrip("/")
    )
