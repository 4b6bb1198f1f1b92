"""Question codes as the NACC prints them, read one way whatever people type.

A code is letters followed by a number ("i1", "e9", "o15", and whatever a later year prints).
"O1", "o1", "o๑", "O01" and "ข้อ o 1" are all "o1": lower-case letters, Arabic digits, no zero
padding. The catalogue stores codes in this form, so that uniqueness within a year and every
lookup (score imports, workbooks, the editor) agree.
"""

import re

from core.thai import arabic_digits

_CODE_RE = re.compile(r"^([a-z]{1,6}|0)(\d+)$")


def normalise_code(raw):
    """A question code in the catalogue's form ("i1", "e9", "o15"), or None.

    Accepts what people and the seed's OCR really type: any case ("I1"), zero padding ("o01"),
    Thai digits ("o๑"), a zero or Thai zero for the letter o ("0๑", "๐๒๑"), a leading "ข้อ" and
    stray spaces. Returns None for anything that is not one code (ranges like "o1-o5", bare
    numbers, a number 0), so that the caller reports it rather than guessing.
    """
    if raw is None:
        return None
    text = arabic_digits(str(raw)).strip().lower()
    text = re.sub(r"^ข้อ", "", text)
    text = re.sub(r"\s+", "", text)
    match = _CODE_RE.match(text)
    if not match:
        return None
    letters, number = match.groups()
    if letters == "0":
        letters = "o"
    number = int(number)
    if number < 1:
        return None
    return f"{letters}{number}"
