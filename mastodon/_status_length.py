"""How long a status is for the server's character limit, counted as Mastodon counts it.

Mastodon (``StatusLengthValidator``) counts the text with every link replaced by 23
characters and every mention by its ``@username`` (without ``@domain``), after finding
both as its formatter does: links by the twitter-text rules, as Mastodon configures them,
and mentions by its own pattern. Characters are grapheme clusters. The rules, as
implemented here:

* A link needs a protocol Mastodon links (``http``, ``https``, ``dat``, ``dweb``,
  ``ipfs``, ``ipns``, ``ssb``, ``gopher``, ``gemini``) and a host name that ends in a real
  top-level domain (``_tlds.py``) or an ``xn--`` one: an IP address (``127.0.0.1``,
  ``[2001:db8::1]``), user info (``user:pass@``) or a made-up TLD ends the link before it
  starts, and ``ftp://``, ``mailto:`` and the like are text.
* It must not be glued to a preceding letter, digit, ``@``, ``$`` or ``#``.
* After the host come an optional port, a path (no spaces, ``<``, ``>`` or ``?``;
  parentheses only balanced) that does not end in punctuation such as ``.``, ``,``,
  ``!`` or ``:``, and a query of ASCII URL characters that ends in a letter, digit or one
  of ``_&=#/-``.
* Text that looks like a link without a protocol (``example.com/x``) is not one, and
  what it covers is text too.
* A mention is ``@user`` or ``@user@domain``, not preceded by a word character, ``=``
  or ``/``, nor followed by ``@``, a Latin accent or ``://``.
"""

import re
import unicodedata

from ._tlds import TLDS

# A link counts as this many characters, however long it is.
URL_LENGTH = 23

_PROTOCOL = re.compile(r"(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://", re.IGNORECASE)
# Characters that may not come right before a link (twitter-text's preceding chars).
_NOT_BEFORE_LINK = frozenset("@\uff20$#\uff03\ufffe\ufeff\uffff\u202a\u202b\u202c\u202d\u202e")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# What may follow a top-level domain: not a letter, digit, "@", "+" or "-" (ASCII).
_TLD_GLUE = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@+-")
_PUNYCODE_TLD = re.compile(r"xn--[0-9a-z]+", re.IGNORECASE)
_LONGEST_TLD = max(map(len, TLDS))
_PATH_NEVER = frozenset("<>()?")
# A path may not end in one of these.
_PATH_NOT_LAST = frozenset("!*\"'\u300c\u300d;:=,.$%[]~&|@")
_QUERY = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                   "!?*'@();:&=+$/%#[]-_.,~|")
_QUERY_LAST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_&=#/-")
_TCO = re.compile(r"https?://t\.co/([a-z0-9]+)", re.IGNORECASE)
_MAX_TCO_SLUG = 40
_MAX_URL = 4096
_MAX_MENTION_DOMAIN = 253
_MENTION = re.compile(
    r"(?<![=/\w])@(?P<user>[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?P<domain>@[\w.-]+\w+)?",
    re.IGNORECASE)
_AFTER_MENTION = re.compile(
    "[@\uff20\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257"
    "\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff]|://")


def status_length(text: str | None, spoiler_text: str | None = "") -> int:
    """The length of a status with this text and content warning, for the server's
    limit (the content warning counts in full)."""
    return _grapheme_length((spoiler_text or "") + _countable_text(text or ""))


def _countable_text(text: str) -> str:
    """The text as Mastodon measures it: every link as 23 characters, every mention as
    its ``@username`` without the domain (a blank text counts as nothing)."""
    if not text or not text.strip():
        return ""
    parts = []
    position = 0
    for start, end, counted_as in _entities(text):
        parts.append(text[position:start])
        parts.append(counted_as)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _entities(text: str) -> list[tuple[int, int, str]]:
    """The links and mentions in ``text`` as ``(start, end, counted_as)``, in order and
    without overlaps (the first of two overlapping ones wins)."""
    found = [(start, end, "x" * URL_LENGTH) for start, end in _links(text)]
    for match in _MENTION.finditer(text):
        domain = match.group("domain")
        if _AFTER_MENTION.match(text, match.end()):
            continue
        if domain is not None and len(domain) - 1 > _MAX_MENTION_DOMAIN:
            continue
        found.append((match.start(), match.end(), "@" + match.group("user")))
    found.sort(key=lambda entity: entity[0])
    kept: list[tuple[int, int, str]] = []
    for entity in found:
        if not kept or entity[0] >= kept[-1][1]:
            kept.append(entity)
    return kept


# --- links ----------------------------------------------------------------------------

def _links(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each link, scanning as twitter-text does: left to right, and
    on from the end of anything that looks like a link, with a protocol or without."""
    hosts = _Hosts(text)
    links: list[tuple[int, int]] = []
    position = 0  # where the previous link-like text ended
    start = 0
    while start < len(text):
        found = _link_at(text, start, hosts) if _may_start(text, start, position) else None
        if found is None:
            start += 1
            continue
        end, with_protocol, domain = found
        if with_protocol:
            tco = _TCO.match(text, start, end)
            link_end: int | None = end
            if tco is not None:
                link_end = tco.end() if len(tco.group(1)) <= _MAX_TCO_SLUG else None
            if link_end is not None and _domain_fits(domain, link_end - start):
                links.append((start, link_end))
            end = found[0] if link_end is None else link_end
        position = start = end
    return links


def _may_start(text: str, start: int, position: int) -> bool:
    """Whether a link may start at ``start``: at the start of the text, or after a
    character that is not part of the previous match and not a letter, digit, ``@``,
    ``$`` or ``#``."""
    if start == 0:
        return True
    if start - 1 < position:
        return False
    before = text[start - 1]
    return not (before.isascii() and before.isalnum()) and before not in _NOT_BEFORE_LINK


def _link_at(text: str, start: int, hosts: "_Hosts") -> tuple[int, bool, str] | None:
    """The end of the link-like text at ``start``, whether it had a protocol, and its
    host; or ``None``."""
    protocol = _PROTOCOL.match(text, start)
    if protocol is not None:
        host_end = hosts.end(protocol.end())
        if host_end is not None:
            return _after_host(text, host_end), True, text[protocol.end():host_end]
    host_end = hosts.end(start)
    if host_end is None:
        return None
    return _after_host(text, host_end), False, text[start:host_end]


def _is_domain_char(char: str) -> bool:
    return not (char in _ASCII_PUNCTUATION or char.isspace() or unicodedata.category(char) == "Cc"
                or char in "\ufffe\ufeff\uffff\u202a\u202b\u202c\u202d\u202e")


class _Hosts:
    """The host names in one text: a name is labels (letters and digits of any script,
    ``-`` and, before the last label, ``_`` inside) joined by dots and ending in a
    top-level domain; the longest one wins. Worked out once for the whole text, so that
    asking at every position of a long dotted run stays linear."""

    _runs: list[tuple[int, int, int]]  # (start, end, last "_" in it or -1)
    _joined: list[bool]
    _tld: list[int | None]
    _longest: list[int | None]

    def __init__(self, text: str) -> None:
        self.text = text
        # Per position: the index of its run of label characters (worked out when first asked).
        self._segment: list[int] | None = None

    def _prepare(self) -> list[int]:
        text = self.text
        length = len(text)
        self._segment = segment = [-1] * length
        runs: list[tuple[int, int, int]] = []
        position = 0
        while position < length:
            if _is_domain_char(text[position]) or text[position] in "-_":
                begin = position
                underscore = -1
                while position < length and (_is_domain_char(text[position])
                                             or text[position] in "-_"):
                    if text[position] == "_":
                        underscore = position
                    segment[position] = len(runs)
                    position += 1
                runs.append((begin, position, underscore))
            else:
                position += 1
        self._runs = runs
        count = len(runs)
        # The run after run i, when a dot joins them.
        self._joined = [i + 1 < count and runs[i][1] < length and text[runs[i][1]] == "."
                        and runs[i + 1][0] == runs[i][1] + 1 for i in range(count)]
        tld = [_tld_end(text, begin) for begin, _, _ in runs]
        # The end of the host whose name is run i (its top-level domain the next run).
        good = [tld[i + 1] if self._joined[i] and self._label_ok(begin, end, underscore, False)
                else None for i, (begin, end, underscore) in enumerate(runs)]
        self._tld = tld
        # The end of the longest host whose labels start with the whole of run i.
        longest: list[int | None] = [None] * (count + 1)
        for i in range(count - 1, -1, -1):
            begin, end, underscore = runs[i]
            onward = longest[i + 1] if self._joined[i] and self._label_ok(
                begin, end, underscore, True) else None
            longest[i] = onward if onward is not None else good[i]
        self._longest = longest
        return segment

    def _label_ok(self, begin: int, end: int, underscore: int, subdomain: bool) -> bool:
        """Whether ``text[begin:end]`` (part of a run) is a label: letters or digits at
        both ends, and (but in a subdomain) no ``_``."""
        text = self.text
        if not (_is_domain_char(text[begin]) and _is_domain_char(text[end - 1])):
            return False
        return subdomain or underscore < begin

    def end(self, start: int) -> int | None:
        """The end of the longest host name starting at ``start``, or ``None``."""
        segment = self._segment
        if segment is None:
            segment = self._prepare()
        if start >= len(self.text) or segment[start] < 0:
            return None
        index = segment[start]
        _, end, underscore = self._runs[index]
        if not self._joined[index]:
            return None
        if self._label_ok(start, end, underscore, True) and self._longest[index + 1] is not None:
            return self._longest[index + 1]
        if self._label_ok(start, end, underscore, False):
            return self._tld[index + 1]
        return None


def _tld_end(text: str, start: int) -> int | None:
    """The end of a top-level domain at ``start`` that nothing glues on to, or ``None``."""
    punycode = _PUNYCODE_TLD.match(text, start)
    if punycode is not None:
        return punycode.end()
    for size in range(min(_LONGEST_TLD, len(text) - start), 0, -1):
        end = start + size
        if text[start:end].lower() in TLDS and (end == len(text) or text[end] not in _TLD_GLUE):
            return end
    return None


def _after_host(text: str, position: int) -> int:
    """The end of the link after its host: port, path and query."""
    length = len(text)
    if position < length and text[position] == ":":
        digits = position + 1
        while digits < length and text[digits].isascii() and text[digits].isdigit():
            digits += 1
        if digits > position + 1:
            position = digits
    if position < length and text[position] == "/":
        position = _path_end(text, position + 1)
    if position < length and text[position] == "?":
        end = position + 1
        last: int | None = None
        while end < length and text[end] in _QUERY:
            if text[end] in _QUERY_LAST:
                last = end + 1
            end += 1
        if last is not None:
            position = last
    return position


def _is_path_char(char: str) -> bool:
    return not (char.isspace() or char in _PATH_NEVER)


def _path_end(text: str, position: int) -> int:
    """The end of a path whose first ``/`` is just before ``position``: the longest run
    of path characters and balanced parentheses that ends in a character a link may end
    in (or just the ``/``)."""
    length = len(text)
    best = position
    while position < length:
        char = text[position]
        if char == "(":
            group_end = _balanced_end(text, position)
            if group_end is None:
                break
            position = best = group_end
        elif _is_path_char(char):
            position += 1
            if char not in _PATH_NOT_LAST:
                best = position
        else:
            break
    return best


def _balanced_end(text: str, position: int) -> int | None:
    """The end of ``(...)`` at ``position`` (path characters inside, or one nested
    ``(...)`` among them), or ``None``."""
    inside = _path_run(text, position + 1)
    if inside < len(text) and text[inside] == ")":
        return inside + 1 if inside > position + 1 else None
    if inside < len(text) and text[inside] == "(":
        nested = _path_run(text, inside + 1)
        if nested > inside + 1 and nested < len(text) and text[nested] == ")":
            close = _path_run(text, nested + 1)
            if close < len(text) and text[close] == ")":
                return close + 1
    return None


def _path_run(text: str, position: int) -> int:
    """The end of the run of path characters from ``position``."""
    while position < len(text) and _is_path_char(text[position]):
        position += 1
    return position


def _domain_fits(domain: str, link_length: int) -> bool:
    """Whether the host is a valid internationalized name and the link, with it in its
    ASCII form, not over 4096 characters."""
    try:
        ascii_length = len(domain.encode("idna"))
    except UnicodeError:
        return False
    return link_length + max(ascii_length - len(domain), 0) <= _MAX_URL


# --- characters -----------------------------------------------------------------------

def _is_regional_indicator(code: int) -> bool:
    return 0x1F1E6 <= code <= 0x1F1FF


def _is_extender(char: str) -> bool:
    """Characters that belong to the grapheme before them: combining marks, the zero
    width joiner, variation selectors, emoji skin tones and tag characters."""
    code = ord(char)
    if code == 0x200D or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return True
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True
    return unicodedata.category(char) in ("Mn", "Me", "Mc")


def _is_pictographic(char: str) -> bool:
    code = ord(char)
    return 0x1F000 <= code <= 0x1FAFF or unicodedata.category(char) == "So"


def _hangul_kind(code: int) -> str | None:
    if 0x1100 <= code <= 0x115F or 0xA960 <= code <= 0xA97C:
        return "L"
    if 0x1160 <= code <= 0x11A7 or 0xD7B0 <= code <= 0xD7C6:
        return "V"
    if 0x11A8 <= code <= 0x11FF or 0xD7CB <= code <= 0xD7FB:
        return "T"
    if 0xAC00 <= code <= 0xD7A3:
        return "LV" if (code - 0xAC00) % 28 == 0 else "LVT"
    return None


_HANGUL_JOINS = {("L", "L"), ("L", "V"), ("L", "LV"), ("L", "LVT"), ("LV", "V"), ("LV", "T"),
                 ("V", "V"), ("V", "T"), ("LVT", "T"), ("T", "T")}


def _grapheme_length(text: str) -> int:
    """How many user-perceived characters (extended grapheme clusters, as Unicode's
    UAX #29 defines them) ``text`` has: an emoji with a skin tone, a flag or a letter
    with a combining accent is one. Close to the standard for every script Mastodon
    users write in; Ruby's ``grapheme_clusters``, which Mastodon uses, is the exact one."""
    count = 0
    previous: str | None = None
    regional_run = 0  # regional indicators in a row, up to the previous character
    for char in text:
        code = ord(char)
        if previous is None:
            joins = False
        elif previous == "\r" and char == "\n":
            joins = True
        elif previous in "\r\n" or char in "\r\n" or unicodedata.category(previous) == "Cc" \
                or unicodedata.category(char) == "Cc":
            joins = False
        elif (_hangul_kind(ord(previous)), _hangul_kind(code)) in _HANGUL_JOINS:
            joins = True
        elif _is_extender(char):
            joins = True
        elif previous == "\u200d" and _is_pictographic(char):
            joins = True
        elif _is_regional_indicator(code) and regional_run % 2 == 1:
            joins = True
        else:
            joins = False
        if not joins:
            count += 1
        regional_run = regional_run + 1 if _is_regional_indicator(code) else 0
        previous = char
    return count
