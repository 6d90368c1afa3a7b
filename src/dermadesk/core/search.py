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


def _phone_words(phone: str) -> list[str]:
    """The phone number's digits as one word, and each group of digits as typed."""
    groups = _DIGITS.findall(phone)
    if not groups:
        return []
    joined = "".join(groups)
    return [joined, *(g for g in groups if g != joined)]


def _email_words(email: str) -> list[str]:
    """The whole address without punctuation, and the parts before the @.

    anna.k@example.com gives annakexamplecom, anna and k. The domain's parts
    are left out: "com" or "gmail" would match most of the practice.
    """
    folded = fold(email)
    whole = "".join(p for p in _NOT_WORD.split(folded) if p)
    local = [p for p in _NOT_WORD.split(folded.split("@")[0]) if p]
    return [whole, *local] if whole else []


def search_terms(first_name: str, last_name: str, phone: str = "", email: str = "") -> str:
    """The text the search index holds for one client, as unique words in a stable order."""
    words = [
        *_name_words(first_name),
        *_name_words(last_name),
        *_phone_words(phone),
        *_email_words(email),
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


def fts_match_expression(typed: str, include_archived: bool = False) -> str | None:
    """An FTS5 MATCH expression: every typed word must start some word of the client.

    Archived clients' words sit in their own column of the index, which only a
    search that includes them looks at.
    """
    words = query_words(typed)
    if not words:
        return None
    # Words are letters and digits only, so quoting them cannot break the syntax.
    every_word = " AND ".join(f'"{w}"*' for w in words)
    return every_word if include_archived else f"{{active_terms}} : ({every_word})"
