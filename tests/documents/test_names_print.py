"""Every name prints as written: right to left, joined Arabic letters, CJK, emoji.

Sheets are read back with poppler's pdftotext, as a search or a screen reader reads them.
pdftotext gives right-to-left text in reading order, wrapped in embedding marks
(U+202B ... U+202C), and Arabic as the joined shapes drawn (presentation forms,
U+FE70-FEFF); `reading` drops the marks and folds the shapes back to letters (NFKC).
Not -raw: that keeps the order the words are drawn in, right-to-left words reversed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from dermadesk.documents.common import PracticeHeader
from dermadesk.documents.consent import ConsentSheet, SignatureLine, render_consent
from dermadesk.documents.day_pack import DayPack, DayPackEntry, render_day_pack

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)

ARABIC = "محمد عبد الله"
HEBREW = "שרה לוי"
FORM = "I consent to microneedling by {practitioner}. I understand that results vary."


def consent(name: str, practice: str = "Skin & Co", practitioner: str = "Ola") -> ConsentSheet:
    return ConsentSheet(
        practice=PracticeHeader(practice, phone="+44 20 7946 0000", practitioner_name=practitioner),
        title="Consent to microneedling",
        kind_label="Treatment consent",
        version=1,
        client_name=name,
        date_of_birth="17 May 1988",
        form_text=FORM.format(practitioner=practitioner),
        printed_on="1 Dec 2026",
        signatures=[SignatureLine("Client", name), SignatureLine("Practitioner", practitioner)],
    )


def day_pack(*names: str) -> DayPack:
    entries = [
        DayPackEntry(f"1{hour}:00", name, "Treatment consent to sign", [consent(name)])
        for hour, name in enumerate(names)
    ]
    return DayPack("Skin & Co", "Tue 1 Dec 2026", "1 Dec 2026", entries)


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def reading(pdf: bytes, tmp_path: Path) -> str:
    """The sheet's text in reading order, letters as typed, spaces squeezed."""
    text = unicodedata.normalize("NFKC", pdftotext(pdf, tmp_path))
    return re.sub(r"\s+", " ", re.sub(r"[\u202a-\u202e]", "", text))


def squeezed(text: str) -> str:
    """`text` without spaces: pdftotext places a space beside a right-to-left run loosely."""
    return re.sub(r"\s+", "", text)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts the PDF carries, by name, without the subset's tag (AAAAAA+DejaVuSans)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


@pytest.mark.parametrize("render", [render_consent, render_day_pack], ids=["consent", "day pack"])
def test_an_arabic_name_reads_in_order_with_its_letters_joined(
    render: object, tmp_path: Path
) -> None:
    sheet = consent(ARABIC) if render is render_consent else day_pack(ARABIC)
    pdf = render(sheet)  # type: ignore[operator]
    assert ARABIC in reading(pdf, tmp_path)
    # Drawn joined: initial meem, medial hah, medial meem, final dal; not four lone letters.
    assert "\ufee3\ufea4\ufee4\ufeaa" in pdftotext(pdf, tmp_path)


def test_a_long_arabic_name_wrapped_onto_two_lines_reads_in_order(tmp_path: Path) -> None:
    # The signature column is 50 mm wide: this name takes two lines there, the first
    # holding its first words (a line break never puts the end of the name first).
    name = "عبد الرحمن بن محمد بن عبد الله آل سعود"
    text = reading(render_consent(consent(name)), tmp_path)
    signatures = text[text.index("Signatures") :]
    assert name in signatures, signatures


def test_a_hebrew_name_reads_in_order(tmp_path: Path) -> None:
    assert HEBREW in reading(render_consent(consent(HEBREW)), tmp_path)


def test_an_arabic_name_inside_an_english_sentence_reads_right(tmp_path: Path) -> None:
    pdf = render_consent(consent("Anna Kowalska", practice="عيادة النور", practitioner="ليلى حداد"))
    text = squeezed(reading(pdf, tmp_path))
    assert squeezed("I consent to microneedling by ليلى حداد. I understand") in text
    assert squeezed("عيادة النور page 1") in text  # the footer, drawn on the page itself


@pytest.mark.parametrize("name", ["王小明", "山田 さくら", "김민준", "李 & <Lee>"])
def test_a_cjk_name_prints_in_a_cjk_font_embedded_as_a_small_subset(
    name: str, tmp_path: Path
) -> None:
    pdf = render_consent(consent(name))
    assert "WenQuanYiMicroHei" in embedded_fonts(pdf)  # not DejaVu's empty boxes
    assert name in reading(pdf, tmp_path)
    latin = render_consent(consent("Anna Kowalska"))
    assert len(pdf) - len(latin) < 15_000  # the few glyphs used, not the 3.7 MB font


def test_an_emoji_prints_as_its_name(tmp_path: Path) -> None:
    # 🌸 is in no shipped font; DejaVu draws 😀, but ReportLab would mislabel it in the text.
    pdf = render_day_pack(day_pack("Zoë 🌸😀 Smith"))
    text = reading(pdf, tmp_path)
    assert "Zoë [cherry blossom][grinning face] Smith" in text


def test_a_latin_name_is_unchanged_and_carries_no_cjk_font(tmp_path: Path) -> None:
    pdf = render_day_pack(day_pack("Nguyễn Thị Phương Thảo", "Zoë O'Brien & <Sons>"))
    text = reading(pdf, tmp_path)
    assert "Nguyễn Thị Phương Thảo" in text and "Zoë O'Brien & <Sons>" in text
    assert embedded_fonts(pdf) == {"DejaVuSans", "DejaVuSans-Bold"}
