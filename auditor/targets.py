"""Parse what the user asked to audit: host names, URLs, addresses, prefixes and target files.

Every rejection raises :class:`~probes.net.errors.InputError` with a message that names the
offending input (and, for files, the file and line), because users fix lists of thousands of
lines and must find the bad one at once. Files are read lazily, and the targets met so far are
remembered on disk, so a list of a million lines costs no memory beyond the targets in flight.
"""

from __future__ import annotations

import ipaddress
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import idna

from v6audit.auditor.records import InputProblem
from v6audit.auditor.seen import SeenKeys
from v6audit.probes.model import IPNetwork, Sector, Target, TargetKind
from v6audit.probes.net.errors import InputError

MAX_LINE = 4096
"""Bytes in one input line (and characters in one target): no real target comes close."""
MAX_SKIPPED = 64 * 1024 * 1024
"""Bytes of one overlong line skipped before the rest of its file is given up (``/dev/zero``)."""
SKIP_CHUNK = 64 * 1024
MAX_NAME = 253
MAX_LABEL = 63

_SECTOR_ALIASES = {
    **{s.value: s for s in Sector},
    "政务": Sector.GOV,
    "金融": Sector.FINANCE,
    "能源": Sector.ENERGY,
    "交通": Sector.TRANSPORT,
    "教育": Sector.EDUCATION,
    "制造": Sector.MANUFACTURING,
}
_LDH_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def parse_sector(word: str) -> Sector:
    try:
        return _SECTOR_ALIASES[word.strip().lower()]
    except KeyError:
        known = ", ".join(_SECTOR_ALIASES)
        raise InputError(f"unknown sector tag {word!r} (known: {known})") from None


def parse_target(text: str, *, sector: Sector | None = None, source: str = "argv") -> Target:
    """Parse one target written by a user; raise InputError saying why it is not one."""
    _reject_control_characters(text)
    raw = text.strip()
    if not raw:
        raise InputError("empty target")
    if len(raw) > MAX_LINE:
        raise InputError(f"target is {len(raw)} characters long (limit {MAX_LINE})")
    if "://" in raw:
        return _parse_url(raw, sector, source)
    if raw.count(":") == 1 and raw.rsplit(":", 1)[1].isdigit():
        raise InputError(f"{raw!r}: a port belongs in a URL, e.g. https://{raw}/")
    network = _parse_network(raw)
    if network is not None:
        return Target(raw, TargetKind.NETWORK, network=network, sector=sector, source=source)
    return Target(raw, TargetKind.DOMAIN, host=to_a_label(raw), sector=sector, source=source)


def to_a_label(name: str) -> str:
    """Validate a host name; return its lower-case A-label (punycode) form, no root dot."""
    if name.endswith("."):
        name = name[:-1]
    if not name:
        raise InputError("empty host name")
    if any(ch.isspace() for ch in name):
        raise InputError(f"{name!r}: a host name cannot contain white space")
    labels = name.split(".")
    if len(labels) < 2:
        raise InputError(f"{name!r}: not a fully qualified name (expected e.g. www.example.cn)")
    if any(not label for label in labels):
        raise InputError(f"{name!r}: empty label (two dots in a row?)")
    try:
        a_labels = [_label_to_ascii(label) for label in labels]
    except idna.IDNAError as exc:
        raise InputError(f"{name!r}: not a valid internationalised name ({exc})") from None
    for label in a_labels:
        if len(label) > MAX_LABEL:
            raise InputError(f"{name!r}: label {label[:20]}... is {len(label)} octets (max 63)")
        if not _LDH_LABEL.match(label):
            raise InputError(
                f"{name!r}: label {label!r} may hold only letters, digits and inner hyphens"
            )
    host = ".".join(a_labels)
    if len(host) > MAX_NAME:
        raise InputError(f"{name!r}: name is {len(host)} octets long (max {MAX_NAME})")
    if a_labels[-1].isdigit():
        raise InputError(f"{name!r}: looks like a malformed IP address, not a host name")
    return host


def _label_to_ascii(label: str) -> str:
    if label.isascii():
        lowered = label.lower()
        if lowered.startswith("xn--"):
            idna.decode(lowered)  # validates the punycode; raises IDNAError if it is bogus
        return lowered
    return idna.encode(label, uts46=True).decode("ascii")


def _parse_url(raw: str, sector: Sector | None, source: str) -> Target:
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"{raw!r}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{raw!r}: only http:// and https:// URLs can be audited")
    host = parts.hostname
    if not host:
        raise InputError(f"{raw!r}: the URL has no host")
    network = _parse_network(host)
    if network is not None:
        raise InputError(
            f"{raw!r}: the URL names an address; give {host} as a network target instead"
        )
    del port  # parsed only to validate it
    return Target(
        raw, TargetKind.DOMAIN, host=to_a_label(host), url=raw, sector=sector, source=source
    )


def _parse_network(text: str) -> IPNetwork | None:
    """Return the network for an address or prefix, None if the text is not IP-shaped."""
    looks_ip = ":" in text or re.fullmatch(r"[0-9./]+", text) is not None
    if not looks_ip:
        return None
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        if "has host bits set" in str(exc):
            loose = ipaddress.ip_network(text, strict=False)
            raise InputError(f"{text!r}: host bits set; did you mean {loose}?") from None
        raise InputError(f"{text!r}: not a valid IP address or prefix ({exc})") from None


def _reject_control_characters(text: str) -> None:
    for position, ch in enumerate(text):
        if ch not in "\t" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            raise InputError(f"control character U+{ord(ch):04X} at position {position + 1}")


def parse_line(line: str, source: str) -> Target | None:
    """Parse one line of a target file: ``TARGET [SECTOR]``, ``#`` comments, blank lines."""
    content = re.sub(r"(^|\s)#.*$", "", line.rstrip("\r\n"))
    words = content.split()
    if not words:
        return None
    if len(words) > 2:
        raise InputError(f"expected 'TARGET [SECTOR]', found {len(words)} words")
    sector = parse_sector(words[1]) if len(words) == 2 else None
    return parse_target(words[0], sector=sector, source=source)


def read_target_file(path: Path) -> Iterator[Target | InputProblem]:
    """Yield the targets of a file (``-``: standard input) one by one, a problem per bad line.

    Lines are decoded one at a time so a stray non-UTF-8 byte costs its line, not the file, and
    read at most :data:`MAX_LINE` bytes at a time, so an endless line (``/dev/zero``) costs no
    memory: it is one bad line, and past :data:`MAX_SKIPPED` bytes the rest of the file.
    """
    if str(path) == "-":
        yield from _read_lines(sys.stdin.buffer, "stdin")
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        yield from _read_lines(handle, str(path))


def _read_lines(handle: BinaryIO, name: str) -> Iterator[Target | InputProblem]:
    for line_number, raw_line in enumerate(_bounded_lines(handle), start=1):
        source = f"{name}:{line_number}"
        if isinstance(raw_line, int):
            yield InputProblem(source, "", f"line longer than {MAX_LINE} bytes")
            if raw_line > MAX_SKIPPED:
                yield InputProblem(source, "", "no end of line: the rest of the file was skipped")
                return
            continue
        try:
            line = raw_line.decode("utf-8")
            target = parse_line(line, source)
        except UnicodeDecodeError:
            yield InputProblem(source, "", "not UTF-8 text")
            continue
        except InputError as exc:
            yield InputProblem(source, line.strip()[:200], str(exc))
            continue
        if target is not None:
            yield target


def _bounded_lines(handle: BinaryIO) -> Iterator[bytes | int]:
    """Each line; for one longer than MAX_LINE, the bytes skipped to its end (or MAX_SKIPPED)."""
    while line := handle.readline(MAX_LINE + 1):
        if len(line) <= MAX_LINE or line.endswith(b"\n"):
            yield line
            continue
        skipped = len(line)
        while skipped <= MAX_SKIPPED and (rest := handle.readline(SKIP_CHUNK)):
            skipped += len(rest)
            if rest.endswith(b"\n"):
                break
        yield skipped


def gather_targets(
    arguments: Iterable[str], files: Iterable[Path]
) -> Iterator[Target | InputProblem]:
    """Targets from the command line, then from each file, without duplicates (remembered in
    :class:`SeenKeys`, so a list of millions costs a few megabytes)."""
    with SeenKeys() as seen:

        def fresh(item: Target | InputProblem) -> bool:
            if isinstance(item, InputProblem):
                return True
            return seen.first(item.kind.value, item.url or item.host or str(item.network))

        for position, argument in enumerate(arguments, start=1):
            try:
                target = parse_target(argument, source=f"argument {position}")
            except InputError as exc:
                problem = InputProblem(f"argument {position}", argument[:200], str(exc))
                yield problem
                continue
            if fresh(target):
                yield target
        for path in files:
            yield from filter(fresh, read_target_file(path))
