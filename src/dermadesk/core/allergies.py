"""What a client file's free-text allergies and medications mean for treatment.

The client's own words are kept and quoted; this module only reads them:
which entries are real allergies (not "none known"), which name a numbing
agent, which session products share a word with an allergy, and which
medicines are of note (DOMAIN: isotretinoin, blood thinners,
immunosuppressants).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Entries that say there is nothing to record ("NKDA": no known drug allergies).
_NONE_FORMS = frozenset(
    {"none", "none known", "no known allergies", "no known allergy", "nkda", "nka", "nil",
     "no", "n/a", "na", "-", "--", "nothing", "not known"}
)  # fmt: skip

# DOMAIN: numbing agents by substance and by brand.
NUMBING_AGENT_WORDS = (
    "lidocaine", "lignocaine", "prilocaine", "benzocaine", "tetracaine", "amethocaine",
    "numbing", "anaesthetic", "anesthetic", "emla", "lmx", "ametop",
)  # fmt: skip

# Words of an allergy entry that say how it shows or what kind of thing it is, not what
# the client reacts to: sharing them with a product means nothing.
_NOT_A_SUBSTANCE = frozenset(
    {"allergy", "allergic", "allergies", "reaction", "reacts", "rash", "hives", "itch",
     "itching", "itchy", "swelling", "swollen", "redness", "red", "severe", "mild", "bad",
     "anaphylaxis", "anaphylactic", "breathing", "face", "skin", "eyes", "and", "the", "with",
     "from", "for", "not", "any", "all", "cream", "creams", "gel", "gels", "serum", "serums",
     "mask", "masks", "lotion", "product", "products", "topical", "oil", "spray", "drops",
     "tablets", "tablet", "medicine", "medicines", "mg", "ml", "once", "after", "before",
     "known", "some", "very", "makes", "causes", "gives", "got", "had", "has", "years", "ago"}
)  # fmt: skip


def _folded(text: str) -> str:
    """Lower case without accents, for comparing words people type."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", _folded(text))


def _is_none(entry: str) -> bool:
    return _folded(entry).strip().rstrip(".").strip() in _NONE_FORMS


def _entries(text: str) -> list[str]:
    """The separate entries of a free-text list: one per line, semicolon or comma outside
    brackets ("Lidocaine (numbing cream, patch test): rash" stays whole)."""
    entries: list[str] = []
    depth = 0
    current: list[str] = []
    for character in text:
        depth += character in "([{"
        depth -= character in ")]}" and depth > 0
        if character in "\n;" or (character == "," and depth == 0):
            entries.append("".join(current))
            current = []
        else:
            current.append(character)
    entries.append("".join(current))
    return [" ".join(e.split()) for e in entries if e.strip()]


def recorded_allergies(text: str) -> list[str]:
    """The client's allergies, each in their own words; none when the file says there are none."""
    return [entry for entry in _entries(text) if not _is_none(entry)]


def names_numbing_agent(text: str) -> bool:
    """True when `text` names a numbing agent (lidocaine, EMLA, "numbing", ...)."""
    return any(word.startswith(NUMBING_AGENT_WORDS) for word in _words(text))


def _substance_words(entry: str) -> set[str]:
    return {w for w in _words(entry) if len(w) >= 3 and w not in _NOT_A_SUBSTANCE}


@dataclass(frozen=True)
class ProductAllergy:
    """A product typed for a session that may contain something the client is allergic to."""

    product: str  # as typed
    allergy: str  # the allergy entry, in the client's words

    def sentence(self) -> str:
        """The match in one plain sentence."""
        return f"“{self.product}” may contain what the client is allergic to: “{self.allergy}”."


def product_allergies(product: str, allergies: str, numbing: bool = False) -> list[ProductAllergy]:
    """The recorded allergies that `product` shares a word with; for the numbing cream
    (`numbing`), also any numbing-agent allergy when the product names a numbing agent."""
    product = product.strip()
    if not product:
        return []
    words = set(_words(product))
    found = []
    for entry in recorded_allergies(allergies):
        shares_word = bool(words & _substance_words(entry))
        numbing_clash = numbing and names_numbing_agent(entry) and names_numbing_agent(product)
        if shares_word or numbing_clash:
            found.append(ProductAllergy(product, entry))
    return found


@dataclass(frozen=True)
class MedicineFamily:
    """A kind of medicine that matters for needling, and the names it goes by."""

    key: str
    label: str  # "an anticoagulant"
    why: str  # what it means for treatment
    names: tuple[str, ...]


# DOMAIN's medicines of note; the practice may edit the names (a setting).
DEFAULT_MEDICINES_OF_NOTE: tuple[MedicineFamily, ...] = (
    MedicineFamily(
        "isotretinoin",
        "oral isotretinoin",
        "healing is impaired and scarring can be abnormal",
        ("isotretinoin", "roaccutane", "accutane", "absorica", "claravis"),
    ),
    MedicineFamily(
        "anticoagulant",
        "a blood thinner",
        "expect more bleeding and bruising",
        ("warfarin", "apixaban", "rivaroxaban", "dabigatran", "edoxaban", "heparin", "clopidogrel"),
    ),
    MedicineFamily(
        "immunosuppressant",
        "an immunosuppressant",
        "healing is slower and infection more likely",
        (
            "methotrexate",
            "ciclosporin",
            "cyclosporine",
            "azathioprine",
            "prednisolone",
            "prednisone",
        ),
    ),
)


@dataclass(frozen=True)
class MedicineOfNote:
    """A medicine named in the client file that belongs to a family of note."""

    name: str  # as matched, in lower case
    family: MedicineFamily

    def sentence(self) -> str:
        """The finding in one plain sentence: Takes warfarin (a blood thinner): expect more
        bleeding and bruising."""
        if self.name in self.family.label:
            return f"Takes {self.family.label}: {self.family.why}."
        return f"Takes {self.name} ({self.family.label}): {self.family.why}."


def medicines_of_note(
    medications: str, families: tuple[MedicineFamily, ...] = DEFAULT_MEDICINES_OF_NOTE
) -> list[MedicineOfNote]:
    """The medicines of note the file's medications name, each once, in family order."""
    words = set(_words(medications))
    found = []
    for family in families:
        for name in family.names:
            if _folded(name) in words:
                found.append(MedicineOfNote(name, family))
    return found


def recorded_medications(text: str) -> list[str]:
    """The medications in the client's words; none when the file says there are none."""
    return [entry for entry in _entries(text) if not _is_none(entry)]
