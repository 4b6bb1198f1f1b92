"""The minimum numbers of responses the NACC asks for, as far as they are known
(reference/ita-framework.md §8). Shown to staff as help only: the minimum that counts is the
one ITAS shows the agency, which staff type into the drive."""

# EIT part 1 (service users), by agency group. Source: an agency's copy of what is probably the
# 2568 manual; which column is the minimum is our reading. Not checked against the 2569 manual.
EIT_KNOWN_MINIMUMS = (
    ("เทศบาลตำบล ขนาดกลาง", 70),
    ("เทศบาลตำบล ขนาดเล็ก", 60),
    ("อบต. ขนาดใหญ่", 50),
    ("อบต. ขนาดกลาง", 40),
    ("อบต. ขนาดเล็ก", 30),
    ("หน่วยงานส่วนกลางที่มีการอนุมัติ อนุญาต หรือให้บริการ และมหาวิทยาลัย", 400),
)
EIT_SOURCE = (
    "จากสำเนาคู่มือที่หน่วยงานเผยแพร่ (น่าจะเป็นคู่มือปี พ.ศ. 2568; การอ่านคอลัมน์ขั้นต่ำเป็นการตีความ "
    "ยังไม่ได้ตรวจกับคู่มือปี พ.ศ. 2569) กลุ่มอื่น เช่น เทศบาลเมือง ไม่พบตัวเลข"
)
IIT_SOURCE = "ITAS คำนวณขั้นต่ำ IIT จากจำนวนบุคลากรของหน่วยงานเอง: ไม่มีตารางกลาง กรอกตามที่ ITAS แสดง"


def eit_help():
    known = "; ".join(f"{group} {n}" for group, n in EIT_KNOWN_MINIMUMS)
    return f"กรอกตามที่ ITAS แสดง ค่าขั้นต่ำที่พบตามกลุ่มหน่วยงาน: {known} ({EIT_SOURCE})"


def iit_help():
    return IIT_SOURCE
