"""What a results round needs before it can be published: its memo's reference number and date
(issue 20: a published memo never leaves ที่ and วันที่ blank)."""

from datetime import date

MEMO_FIELDS = {"memo_reference_no": "สฎ ๕๒๙๐๘/๑๒๐", "memo_date": date(2026, 4, 30)}
