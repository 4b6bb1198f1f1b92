#!/usr/bin/env python3
"""Derive the portal's Sarabun (static/fonts/) from the upstream TTFs (fonts/original/).

Why: copying or searching a WeasyPrint PDF lost every SARA AM (ำ): "ดำเนินงาน" came back as
"ดาเนินงาน". HarfBuzz's Thai shaper draws ำ as NIKHAHIT (alone, or ligated with a tone mark
in Sarabun) followed by the very glyph that draws SARA AA (า). A PDF font maps each glyph to one
text, and WeasyPrint writes a glyph's text into the ToUnicode map the first time the glyph is
drawn, giving a cluster's text to its last glyph; so the one SARA AA glyph read either as า or as
ำ everywhere in the document.

The change: five copies of the SARA AA glyph (uni0E32.am, .am48, .am49, .am4A, .am4B), drawn by
a composite reference to the original (the page prints exactly as before), and a chained
contextual substitution appended to the Thai `ccmp` feature that replaces SARA AA by the copy
that matches the NIKHAHIT form just before it (plain or narrow NIKHAHIT, or its ligature with
MAI EK, MAI THO, MAI TRI or MAI CHATTAWA). Each copy then only ever carries one text
("ำ", "่ำ", "้ำ", "๊ำ", "๋ำ"), and the original keeps "า". Nothing else in the font changes,
except a note in its version string.

Sarabun is under the SIL Open Font License 1.1 with no Reserved Font Name, so the modified
fonts keep their name and ship under the same licence (static/fonts/OFL.txt, README.md).

usage: python fonts/build_sarabun.py [OUTPUT_DIR]   (default: static/fonts)
Needs fontTools, which WeasyPrint already installs.
"""

import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
from fontTools.ttLib.tables.ttProgram import Program

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "original"
TARGET = HERE.parent / "static" / "fonts"
FACES = ["Sarabun-Regular", "Sarabun-Bold", "Sarabun-Italic", "Sarabun-BoldItalic"]
NOTE = "; ITA Portal: SARA AM keeps its text in PDFs (SARA AA copies after NIKHAHIT, ccmp)"

SARA_AA = "uni0E32"
# The copy of SARA AA, by the NIKHAHIT form before it: glyph-name suffix -> preceding glyphs.
NIKHAHIT_FORMS = {
    "am": ["uni0E4D", "uni0E4D.narrow"],
    "am48": ["uni0E4D0E48", "uni0E4D0E48.narrow"],
    "am49": ["uni0E4D0E49", "uni0E4D0E49.narrow"],
    "am4A": ["uni0E4D0E4A", "uni0E4D0E4A.narrow"],
    "am4B": ["uni0E4D0E4B", "uni0E4D0E4B.narrow"],
}


def coverage(glyphs, font):
    cov = otTables.Coverage()
    order = font.getReverseGlyphMap()
    cov.glyphs = sorted(glyphs, key=order.__getitem__)
    return cov


def add_copies(font):
    """The five SARA AA copies: composite glyphs, same advance, same GDEF class."""
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = font.getGlyphOrder()
    names = []
    for suffix in NIKHAHIT_FORMS:
        name = f"{SARA_AA}.{suffix}"
        if name in glyf:
            raise SystemExit(
                f"{name} already exists: build from fonts/original, not from the output"
            )
        glyph = Glyph()
        glyph.numberOfContours = -1
        component = GlyphComponent()
        component.glyphName, component.x, component.y, component.flags = SARA_AA, 0, 0, 0x4
        glyph.components = [component]
        glyph.program = Program()
        glyph.program.fromBytecode(b"")
        glyf.glyphs[name] = glyph
        hmtx.metrics[name] = hmtx.metrics[SARA_AA]
        order.append(name)
        names.append(name)
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for name in names:
        glyf[name].recalcBounds(glyf)
    if "GDEF" in font and font["GDEF"].table.GlyphClassDef is not None:
        classes = font["GDEF"].table.GlyphClassDef.classDefs
        if SARA_AA in classes:
            for name in names:
                classes[name] = classes[SARA_AA]
    if "post" in font and font["post"].formatType == 2.0:
        font["post"].extraNames = []  # rebuilt from the glyph order on save
    font["maxp"].numGlyphs = len(order)
    return names


def add_lookups(font):
    """One single substitution per copy, and the chain that picks it, appended to Thai ccmp."""
    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    chain = otTables.Lookup()
    chain.LookupType, chain.LookupFlag, chain.SubTable = 6, 0, []
    for suffix, before in NIKHAHIT_FORMS.items():
        before = [g for g in before if g in font.getGlyphOrder()]
        single = otTables.Lookup()
        single.LookupType, single.LookupFlag = 1, 0
        subst = otTables.SingleSubst()
        subst.Format, subst.mapping = 2, {SARA_AA: f"{SARA_AA}.{suffix}"}
        single.SubTable = [subst]
        single.SubTableCount = 1
        lookups.append(single)

        sub = otTables.ChainContextSubst()
        sub.Format = 3
        sub.BacktrackGlyphCount, sub.BacktrackCoverage = 1, [coverage(before, font)]
        sub.InputGlyphCount, sub.InputCoverage = 1, [coverage([SARA_AA], font)]
        sub.LookAheadGlyphCount, sub.LookAheadCoverage = 0, []
        record = otTables.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, len(lookups) - 1
        sub.SubstCount, sub.SubstLookupRecord = 1, [record]
        chain.SubTable.append(sub)
    chain.SubTableCount = len(chain.SubTable)
    lookups.append(chain)
    gsub.LookupList.LookupCount = len(lookups)
    chain_index = len(lookups) - 1

    thai_ccmp = 0
    for script in gsub.ScriptList.ScriptRecord:
        if script.ScriptTag != "thai":
            continue
        systems = [script.Script.DefaultLangSys] + [r.LangSys for r in script.Script.LangSysRecord]
        for langsys in filter(None, systems):
            for index in langsys.FeatureIndex:
                record = gsub.FeatureList.FeatureRecord[index]
                if (
                    record.FeatureTag == "ccmp"
                    and chain_index not in record.Feature.LookupListIndex
                ):
                    record.Feature.LookupListIndex.append(chain_index)
                    record.Feature.LookupCount = len(record.Feature.LookupListIndex)
                    thai_ccmp += 1
    if not thai_ccmp:
        raise SystemExit("no Thai ccmp feature to extend")


def note_version(font):
    for record in font["name"].names:
        if record.nameID == 5:
            record.string = record.toUnicode() + NOTE


def build(face, target=TARGET):
    # Keep the source's head.modified: the same sources always give the same bytes.
    font = TTFont(SOURCE / f"{face}.ttf", recalcTimestamp=False)
    add_copies(font)
    add_lookups(font)
    note_version(font)
    out = Path(target) / f"{face}.ttf"
    font.save(out)
    return out


def main(argv):
    target = Path(argv[0]) if argv else TARGET
    for face in FACES:
        print(build(face, target))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
