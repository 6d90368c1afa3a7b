"""Search terms for clients: how names, phones and emails become searchable words.

The receptionist types the start of any word, without accents or capitals:
"zoe" finds Zoë, "lukasz" finds Łukasz, "obrien" and "o'brien" find O'Brien,
"0770" finds 07700 900123. Both the stored terms and the typed text go
through the same folding here; SQLite FTS5 then does the prefix matching on
an index, so typing stays instant with tens of thousands of clients.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Letters that Unicode does not decompose into a base letter plus an accent,
# but that a keyboard without them writes as these.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {
        "ł": "l", "đ": "d", "ð": "d", "ø": "o", "ı": "i", "ħ": "h", "ŧ": "t",
        "ŀ": "l", "ƒ": "f", "æ": "ae", "œ": "oe", "þ": "th", "ĸ": "k",
    }
)  # fmt: skip
_NOT_WORD = re.compile(r"[^\w]|_")
_DIGITS = re.compile(r"\d+")


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents, keeping letters of every alphabet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(_LETTERS_WITHOUT_DECOMPOSITION)


def _name_words(name: str) -> list[str]:
    """Searchable words of a name: each part, and the joined form of linked parts.

    O'Brien gives o, brien and obrien; Anne-Marie gives anne, marie and annemarie.
    """
    words: list[str] = []
    for part in fold(name).split():
        pieces = [p for p in _NOT_WORD.split(part) if p]
        words.extend(pieces)
        if len(pieces) > 1:
            words.append("".join(pieces))
    return words


# Country calling codes whose numbers are also written nationally: the UK, North America,
# the EU's members and their neighbours. A number written with one of these after + or 00
# is also found by its national form, and the other way round.
_COUNTRY_CODES = frozenset(
    {"1", "7", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
     "47", "48", "49", "90", "351", "352", "353", "354", "356", "357", "358", "359", "370",
     "371", "372", "385", "386", "420", "421"}
)  # fmt: skip
# Second-level labels that belong to a public ending (yahoo.co.uk, nhs.net).
_PUBLIC_SECOND_LEVEL = frozenset(
    {"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "sch"}
)
MIN_PHONE_DIGITS = 3  # fewer typed digits find no phone: every number has them


def _international(digits: str) -> tuple[str, str] | None:
    """(country code, national significant number) of digits written after + or 00."""
    for length in (1, 2, 3):
        code = digits[:length]
        if code in _COUNTRY_CODES:
            return code, digits[length:].removeprefix("0")  # +44 (0)20 ... writes the trunk 0
    return None


def phone_forms(phone: str) -> list[str]:
    """Every digit run a number is found by: as written, without its country code, and
    without its trunk 0 ("+44 7700 900123" and "07700 900123" both give 7700900123)."""
    stripped = phone.strip()
    digits = "".join(_DIGITS.findall(stripped))
    if not digits:
        return []
    forms = [digits]
    if stripped.startswith("+") or digits.startswith("00"):
        international = _international(digits.removeprefix("00"))
        if international is not None:
            code, national = international
            forms += [f"{code}{national}", national, f"0{national}"]
    elif digits.startswith("0"):
        forms.append(digits[1:])
    return list(dict.fromkeys(form for form in forms if form))


def _phone_words(phone: str) -> list[str]:
    """The phone number's forms (see phone_forms), and each group of digits as written."""
    groups = _DIGITS.findall(phone)
    return list(dict.fromkeys([*phone_forms(phone), *groups]))


def _email_words(email: str) -> list[str]:
    """The whole address, its local part and each piece of it split at dots, dashes and
    underscores, and the domain and each of its labels.

    jane.doe@yahoo.co.uk gives janedoeyahoocouk, janedoe, jane, doe, yahoocouk and
    yahoo.
    """
    folded = fold(email).strip()
    if not folded:
        return []
    local, _, domain = folded.partition("@")

    def joined_and_parts(text: str) -> list[str]:
        parts = [p for p in _NOT_WORD.split(text) if p]
        return ["".join(parts), *parts] if parts else []

    whole = "".join(p for p in _NOT_WORD.split(folded) if p)
    labels = [p for p in _NOT_WORD.split(domain) if p]
    # The public ending (com, co.uk) is in nearly every address: as words of their own they
    # would find most of the practice and slow every one-letter search. The domain's own
    # labels (yahoo, proton) and the whole domain (yahoocouk) are words.
    ending = 2 if len(labels) > 2 and labels[-2] in _PUBLIC_SECOND_LEVEL else 1
    own = labels[:-ending] if len(labels) > ending else labels
    return [whole, *joined_and_parts(local), "".join(labels), *own]


def _birth_words(born: date | None) -> list[str]:
    """The birth date as the search finds it: the day (#19850327) and its day in any year
    (#0327). The index keeps "#" inside words and typed words never hold one, so neither a
    name nor a phone number typed digit by digit ever matches these."""
    if born is None:
        return []
    return [f"#{born:%Y%m%d}", f"#{born:%m%d}"]


def search_terms(
    first_name: str,
    last_name: str,
    phone: str = "",
    email: str = "",
    date_of_birth: date | None = None,
) -> str:
    """The text the search index holds for one client, as unique words in a stable order."""
    names = [*_name_words(first_name), *_name_words(last_name)]
    # "=" before a whole name word or number marks it for the exact matches listed first
    # (an email's "com" or "me" is no reason to come first).
    whole = [f"={word}" for word in (*names, *phone_forms(phone))]
    words = [
        *names,
        *_phone_words(phone),
        *_email_words(email),
        *_birth_words(date_of_birth),
        *whole,
    ]
    return " ".join(dict.fromkeys(words))


def sort_key(first_name: str, last_name: str) -> str:
    """The key the client list is ordered by: last name, then first, as a phone book files them.

    Accents and punctuation do not count, so O'Brien files as OBrien and
    Łukasik beside Lukas.
    """

    def filed(name: str) -> str:
        return " ".join(_NOT_WORD.sub("", word) for word in fold(name).split())

    return f"{filed(last_name)}\x1f{filed(first_name)}"


def identity_key(filed_as: str, date_of_birth: date | None) -> str:
    """Who a client is for "one file per person": the names as filed (sort_key) and the
    birth date. The database's unique index on client.identity_key holds each key once."""
    born = date_of_birth.isoformat() if date_of_birth else ""  # a saved file always has one
    return f"{filed_as}\x1f{born}"


def query_words(typed: str) -> list[str]:
    """The words to prefix-match for what the user typed; empty when there is nothing to find."""
    words: list[str] = []
    for part in fold(typed).split():
        if any(ch.isdigit() for ch in part) and not any(ch.isalpha() for ch in part):
            joined = "".join(_DIGITS.findall(part))  # +44 (0)77-00 -> digits only
        else:
            joined = "".join(p for p in _NOT_WORD.split(part) if p)
        if joined:
            words.append(joined)
    return words


# What a person types for a birth date: 27/03/1985, 27.3.85, 27-3-1985, 1985-03-27, 27/03.
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_LOCAL_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\.?$")
_PHONE_TEXT = re.compile(r"^[\d\s()+./-]*\d[\d\s()+./-]*$")  # digits, as numbers are written
NO_MATCH = '"#nomatch"'  # a term no client has: a date that is not real finds nobody


def _full_year(year: str, today: date) -> int:
    if len(year) == 4:
        return int(year)
    century = today.year - today.year % 100
    candidate = century + int(year)
    return candidate - 100 if candidate > today.year else candidate  # 85 -> 1985, 05 -> 2005


def date_terms(typed: str, today: date, day_first: bool = True) -> list[str] | None:
    """The birth-date terms a typed date stands for (None when it is not a date; an empty
    list when it looks like one but no such day exists). Day and month are read in the
    computer's order (`day_first`) unless only one reading is a real date."""
    text = typed.strip()
    if match := _ISO_DATE.match(text):
        readings = [(int(match[1]), int(match[2]), int(match[3]))]
    elif match := _LOCAL_DATE.match(text):
        first, second = int(match[1]), int(match[2])
        year = _full_year(match[3], today) if match[3] else None
        day_month = [(first, second), (second, first)]
        if not day_first:
            day_month.reverse()
        readings = [(year, month, day) for day, month in day_month]  # type: ignore[misc]
    else:
        return None
    for year, month, day in readings:
        try:
            when = date(year or 2000, month, day)  # 2000: a leap year, so 29/02 is a day
        except ValueError:
            continue
        return [f"#{when:%Y%m%d}"] if year else [f"#{when:%m%d}"]
    return []


def _phone_query_forms(typed: str) -> list[str]:
    """The digit runs a typed number may begin: as typed, and its national or international
    twin (typed +44 7700 finds 07700..., typed 07700 finds +44 7700...)."""
    stripped = typed.strip()
    digits = "".join(_DIGITS.findall(stripped))
    if len(digits) < MIN_PHONE_DIGITS:
        return []
    if stripped.startswith("+") or digits.startswith("00"):
        international = _international(digits.removeprefix("00"))
        forms = [digits.removeprefix("00")]
        if international is not None:
            forms.append(international[1])
        return [f for f in forms if len(f) >= MIN_PHONE_DIGITS]
    return [digits]  # stored numbers hold their national forms with and without the 0


@dataclass(frozen=True)
class Wanted:
    """What a search looks for: every one of `terms` (or, with `any_one`, at least one), each
    a (term, prefix) pair; a prefix term finds every word it starts."""

    terms: tuple[tuple[str, bool], ...]
    any_one: bool = False


NOTHING = Wanted(((NO_MATCH.strip('"'), False),))  # finds no client


def wanted_terms(typed: str, today: date, day_first: bool = True) -> Wanted | None:
    """What to find for `typed` (None: nothing typed, everyone). Every typed word must start
    some word of the client; a typed phone number or birth date is matched whole, in each of
    its forms."""
    if _PHONE_TEXT.match(typed.strip()):
        alternatives: list[tuple[str, bool]] = []
        dates = date_terms(typed, today, day_first)
        if dates is not None:
            alternatives += [(term, False) for term in dates] or list(NOTHING.terms)
        alternatives += [(form, True) for form in _phone_query_forms(typed)]
        if not alternatives:  # one or two digits: every number has them
            return NOTHING
        return Wanted(tuple(alternatives), any_one=True)
    words = query_words(typed)
    if not words:
        return None
    return Wanted(tuple((w, True) for w in words))


def exact_terms(typed: str) -> Wanted | None:
    """The whole name word for every typed word (Lee, not Leeson), or the whole number typed:
    the clients with these come first in the list."""
    if _PHONE_TEXT.match(typed.strip()):
        forms = _phone_query_forms(typed)
        if not forms:
            return None
        return Wanted(tuple((f"={form}", False) for form in forms), any_one=True)
    words = query_words(typed)
    if not words:
        return None
    return Wanted(tuple((f"={w}", False) for w in words))


def _fts(wanted: Wanted) -> str:
    """`wanted` as FTS5 syntax. Terms are letters, digits, "#" and "=" only, so quoting them
    cannot break the syntax."""
    operator = " OR " if wanted.any_one else " AND "
    return operator.join(f'"{term}"*' if prefix else f'"{term}"' for term, prefix in wanted.terms)


def fts_match_expression(
    typed: str, today: date, include_archived: bool = False, day_first: bool = True
) -> str | None:
    """An FTS5 MATCH expression for `typed` (see wanted_terms)."""
    wanted = wanted_terms(typed, today, day_first)
    if wanted is None or wanted is NOTHING:
        return None if wanted is None else NO_MATCH
    return _among(_fts(wanted), include_archived)


def exact_match_expression(typed: str, include_archived: bool = False) -> str | None:
    """An FTS5 MATCH expression for the whole-word matches listed first (see exact_terms)."""
    wanted = exact_terms(typed)
    return None if wanted is None else _among(_fts(wanted), include_archived)


def _among(expression: str, include_archived: bool) -> str:
    """`expression` over the clients searched: archived clients' words sit in their own
    column of the index, which only a search that includes them looks at."""
    return expression if include_archived else f"{{active_terms}} : ({expression})"
