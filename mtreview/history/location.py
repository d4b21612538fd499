"""Where a history is: a file path (SQLite) or a URL (postgresql://user:password@host/db), and how to name
it without giving its password away.

Pure string work, no database driver: the CLI and the error messages use it before (or instead of) opening
anything. A URL's user information is read as libpq reads it (up to the first '@' before any '/'), so the
part this module hides is the part libpq would send as the password.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

# scheme://... (two letters at least, so that a Windows drive, C:\..., stays a path)
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+)://(?P<rest>.*)$", re.DOTALL)
POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"})
# query parameters that carry a secret (password, sslpassword)
_SECRET_PARAMETER = re.compile(r"(?P<lead>[?&])(?P<key>[A-Za-z_]*password)=(?P<value>[^&#]*)")
HIDDEN = "***"


def scheme(location: str | Path) -> str | None:
    """The URL scheme in lower case, or None for a file path."""
    if isinstance(location, Path):
        return None
    match = _URL.match(location)
    return match["scheme"].lower() if match else None


def is_postgres(location: str | Path) -> bool:
    return scheme(location) in POSTGRES_SCHEMES


def sqlite_path(location: str | Path) -> Path | None:
    """The file of a SQLite history (a path, or a sqlite:// URL), else None."""
    kind = scheme(location)
    if kind is None:
        return Path(location)
    if kind == "sqlite":
        return Path(str(location)[len("sqlite://"):])
    return None


def _parts(url: str) -> tuple[str, str | None, str | None, str]:
    """(scheme, user, password, the rest after '@'): user and password None when the URL names none."""
    match = _URL.match(url)
    if match is None:
        return "", None, None, url
    rest = match["rest"]
    userinfo = re.match(r"[^@/]*@", rest)  # libpq: the user information ends at the first '@' before a '/'
    if userinfo is None:
        return match["scheme"], None, None, rest
    user, colon, password = userinfo.group()[:-1].partition(":")
    return match["scheme"], user, password if colon else None, rest[userinfo.end():]


def shown_location(location: str | Path) -> str:
    """The location fit for a message: a URL's password (in its user information or a password= parameter)
    replaced by ***, a path as it is."""
    if scheme(location) is None:
        return str(location)
    url_scheme, user, password, rest = _parts(str(location))
    credentials = "" if user is None else user + ("" if password is None else ":" + HIDDEN) + "@"
    rest = _SECRET_PARAMETER.sub(lambda m: f"{m['lead']}{m['key']}={HIDDEN}", rest)
    return f"{url_scheme}://{credentials}{rest}"


def location_identity(location: str | Path) -> str:
    """The history's stable name that run folders and review sheets record: a SQLite file's absolute path;
    a URL without any password (so the same database is one history whether the password came in the URL,
    in PGPASSWORD or in ~/.pgpass), and postgresql:// for every spelling of the scheme."""
    path = sqlite_path(location)
    if path is not None:
        return str(path.resolve())
    url_scheme, user, _, rest = _parts(str(location))
    rest = _SECRET_PARAMETER.sub(lambda m: m["lead"] if m["lead"] == "?" else "", rest)
    rest = rest.replace("?&", "?").rstrip("?")
    if url_scheme.lower() in POSTGRES_SCHEMES:
        url_scheme = "postgresql"
    return f"{url_scheme}://{'' if user is None else user + '@'}{rest}"


def secrets(location: str | Path) -> list[str]:
    """Every form in which the URL's passwords could appear in a driver's message (as written, and
    percent-decoded), longest first: scrubbed from any text shown to the user."""
    if scheme(location) is None:
        return []
    _, _, password, rest = _parts(str(location))
    found = [password] if password else []
    found += [match["value"] for match in _SECRET_PARAMETER.finditer(rest) if match["value"]]
    forms = {form for secret in found for form in (secret, unquote(secret)) if form}
    return sorted(forms, key=len, reverse=True)


def scrub(text: str, location: str | Path) -> str:
    """`text` with the location's passwords hidden (a driver may quote a malformed URL back)."""
    for secret in secrets(location):
        text = text.replace(secret, HIDDEN)
    return text
