"""surveys listens to actionplans: the daily reminder command queues the IIT reminders due."""

from django.dispatch import receiver

from actionplans.signals import demo_loaded, reminders_requested

from .reminders import due_drives, reminder_divisions
from .tasks import send_survey_reminder


@receiver(reminders_requested)
def queue_survey_reminders(sender, today, base_url, **kwargs):
    lines = []
    for drive in due_drives(today):
        done = set(drive.reminders.filter(date=today).values_list("division_id", flat=True))
        divisions = [d for d in reminder_divisions() if d.pk not in done]
        for division in divisions:
            send_survey_reminder.enqueue(drive.pk, division.pk, today.isoformat(), base_url)
        line = f"เข้าคิวเตือนตอบแบบสำรวจ IIT ปี {drive.fiscal_year} ถึง {len(divisions)} ส่วนงาน"
        if done:
            line += f" (ส่งไปแล้ววันนี้ {len(done)} ส่วนงาน)"
        lines.append(line)
    return lines


@receiver(demo_loaded)
def load_demo_drive(sender, example, reset=False, **kwargs):
    if not example:
        return []
    from .demo import demo_drive_load

    drive, created = demo_drive_load(reset=reset)
    if drive is None or not created:
        return []
    return [
        f"ใส่การรณรงค์ตอบแบบสำรวจปี {drive.fiscal_year} (ข้อมูลตัวอย่าง): ดูที่ /surveys/{drive.fiscal_year}/"
    ]
