"""The NACC's assessment framework, one catalogue per framework year.

Reference data: tools with their weights, indicators, questions and rating levels. Everything that
changes between years (weights, codes, rules) is a row here, never a constant in code.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.thai import shorten
from core.validators import text_limits_in_database, validate_fiscal_year

from .codes import normalise_code

SCORE_VALIDATORS = [
    MinValueValidator(0, message=_("คะแนนต้องไม่น้อยกว่า 0")),
    MaxValueValidator(100, message=_("คะแนนต้องไม่เกิน 100")),
]

SCORE_ERROR_MESSAGES = {
    "invalid": _("กรุณากรอกคะแนนเป็นตัวเลข 0–100 เช่น 94.12"),
    "max_digits": _("คะแนนต้องอยู่ระหว่าง 0 ถึง 100 ทศนิยมไม่เกิน 2 ตำแหน่ง"),
    "max_decimal_places": _("คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
    "max_whole_digits": _("คะแนนต้องไม่เกิน 100"),
}


KEEP_LEVEL_TEXT = "รักษาระดับคะแนน และคอยอัปเดตข้อมูลให้แต่ละส่วนงานทราบเสมอ"


class ScoreField(models.DecimalField):
    """A score from 0 to 100 with two decimals, with Thai messages for bad input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("validators", SCORE_VALIDATORS)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.error_messages.update(SCORE_ERROR_MESSAGES)
        return field


class FrameworkYearManager(models.Manager):
    def get_by_natural_key(self, year):
        return self.get(year=year)


@text_limits_in_database
class FrameworkYear(models.Model):
    year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"),
        unique=True,
        help_text=_("ปีงบประมาณที่ใช้กรอบการประเมินนี้ เช่น 2568"),
        validators=[validate_fiscal_year],
    )
    name = models.CharField(_("ชื่อกรอบการประเมิน"), max_length=200)
    national_target = ScoreField(
        _("ค่าเป้าหมายระดับประเทศ"),
        default=85,
        help_text=_("คะแนนที่ถือว่าผ่านเกณฑ์ตามแผนแม่บทฯ (85 คะแนนขึ้นไป)"),
    )
    notes = models.TextField(_("หมายเหตุ"), max_length=2000, blank=True)
    provisional = models.BooleanField(
        _("ข้อมูลเบื้องต้น (รอตรวจทาน)"),
        default=False,
        help_text=_(
            "ติ๊กไว้เมื่อกรอบปีนี้ยังอนุมานจากแหล่งที่ไม่ครบ (ดูหมายเหตุ) ระบบจะเตือนเจ้าหน้าที่ให้ตรวจทาน"
            "กับแบบแจ้งผลที่หน่วยงานได้รับ เอาเครื่องหมายออกเมื่อตรวจทานแล้ว"
        ),
    )
    keep_level_text = models.TextField(
        _("ข้อความรักษาระดับคะแนน"),
        max_length=500,
        blank=True,
        default=KEEP_LEVEL_TEXT,
        help_text=_("ข้อความที่ระบบร่างให้ข้อคำถามที่ได้คะแนนถึงเกณฑ์ (ร่างข้อบกพร่องจากคลังข้อเสนอแนะ)"),
    )

    objects = FrameworkYearManager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("กรอบการประเมินประจำปี")
        verbose_name_plural = _("กรอบการประเมินประจำปี")

    def __str__(self):
        return f"{self.name} ({self.year})"

    def natural_key(self):
        return (self.year,)

    def has_published_assessment(self):
        """Whether a published report uses this year: then its structure is protected (no
        question or indicator moves, appears or disappears; titles and texts stay editable)."""
        # Through the reverse relation: indicators does not import assessments
        # (docs/architecture.md).
        return self.pk is not None and self.assessments.filter(status="published").exists()


def framework_link(related_name):
    """The foreign key from a row of the catalogue to its framework year, deleted with it."""
    return models.ForeignKey(
        FrameworkYear, models.CASCADE, related_name=related_name, verbose_name=_("กรอบการประเมิน")
    )


LOCKED_MESSAGE = _(
    "กรอบการประเมินปี %(year)s มีผลการประเมินที่เผยแพร่แล้ว จึงเปลี่ยน%(what)sไม่ได้ (แก้ไขได้เฉพาะชื่อและข้อความ)"
)


def check_structure_kept(obj, fields, what):
    """ValidationError when `fields` of a saved row change in a year with a published report."""
    if obj.pk is None or not obj.framework_id:
        if obj.framework_id and obj.framework.has_published_assessment():
            raise ValidationError(LOCKED_MESSAGE % {"year": obj.framework.year, "what": what})
        return
    stored = type(obj).objects.filter(pk=obj.pk).values(*fields).first()
    if stored is None:
        return
    changed = [f for f in fields if stored[f] != getattr(obj, f)]
    if changed and obj.framework.has_published_assessment():
        raise ValidationError(LOCKED_MESSAGE % {"year": obj.framework.year, "what": what})


class YearRowManager(models.Manager):
    def get_by_natural_key(self, year, key):
        return self.get(framework__year=year, **{self.model.natural_key_field: key})


class YearRow(models.Model):
    """A row of one framework year's catalogue (a tool, an indicator, a question, a rating
    level), with its foreign key `framework`. Its natural key is its year and its
    `natural_key_field`, unique within the year."""

    natural_key_field = ""

    objects = YearRowManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.framework.year, getattr(self, self.natural_key_field))

    natural_key.dependencies = ["indicators.frameworkyear"]


@text_limits_in_database
class Tool(YearRow):
    """One of the assessment tools (IIT, EIT, OIT) and its weight in the overall score."""

    framework = framework_link("tools")
    code = models.CharField(_("รหัส"), max_length=10, help_text=_("เช่น IIT, EIT, OIT"))
    name = models.CharField(_("ชื่อเครื่องมือ"), max_length=200)
    weight = ScoreField(_("น้ำหนัก (ร้อยละ)"))
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    natural_key_field = "code"

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("เครื่องมือการประเมิน")
        verbose_name_plural = _("เครื่องมือการประเมิน")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="tool_code_unique_per_year"),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=100), name="tool_weight_0_100"
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        self.code = (self.code or "").strip().upper()
        check_structure_kept(self, ["code", "weight"], _("เครื่องมือหรือค่าน้ำหนัก"))


@text_limits_in_database
class Indicator(YearRow):
    framework = framework_link("indicators")
    tool = models.ForeignKey(
        Tool, models.PROTECT, related_name="indicators", verbose_name=_("เครื่องมือ")
    )
    number = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"))
    name = models.CharField(_("ชื่อตัวชี้วัด"), max_length=200)

    natural_key_field = "number"

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="indicator_number_unique_per_year"
            ),
        ]

    def __str__(self):
        return f"ตัวชี้วัดที่ {self.number} {self.name}"

    def clean(self):
        if self.tool_id and self.framework_id and self.tool.framework_id != self.framework_id:
            raise ValidationError(
                {
                    "tool": _("เครื่องมือ %(tool)s ไม่ได้อยู่ในกรอบการประเมินปี %(year)s")
                    % {"tool": self.tool.code, "year": self.framework.year}
                }
            )
        check_structure_kept(self, ["number", "tool_id"], _("ตัวชี้วัด"))


# The question fields staff edit, in the order the editor and the framework workbook show them.
QUESTION_FIELDS = (
    "code",
    "title",
    "indicator",
    "order",
    "topic_key",
    "merged_topic_keys",
    "title_is_summary",
    "standard_recommendation",
    "elements",
    "evidence_period",
    "own_website",
    "rule_notes",
)

# OIT rules: the period the evidence must come from (reference §8: "เป็นการดำเนินการโดยหน่วยงาน
# ในปี พ.ศ. …", some items the previous fiscal year or the first six months of this one).
EVIDENCE_PERIODS = [
    ("any", _("ไม่กำหนด")),
    ("current", _("ปีงบประมาณที่ประเมิน")),
    ("previous", _("ปีงบประมาณก่อนหน้า")),
    ("first_half", _("หกเดือนแรกของปีงบประมาณที่ประเมิน")),
]


@text_limits_in_database
class Question(YearRow):
    """A question (IIT/EIT) or a disclosure item (OIT) of one framework year.

    `code` is what the NACC prints that year (i1, e9, o15); `topic_key` stays the same for the
    same topic across years whose codes differ (2568's o15 is 2569's O14).
    """

    framework = framework_link("questions")
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="questions", verbose_name=_("ตัวชี้วัด")
    )
    code = models.CharField(
        _("รหัสข้อ"),
        max_length=10,
        help_text=_(
            "ตัวอักษรตามด้วยตัวเลขตามที่ สำนักงาน ป.ป.ช. พิมพ์ในปีนั้น เช่น i1, e9, O15 "
            "(ระบบเก็บเป็นตัวพิมพ์เล็ก เลขอารบิก ไม่มีเลขศูนย์นำหน้า: O01 และ O1 คือ o1)"
        ),
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    title = models.TextField(_("ข้อคำถาม / ประเด็น"), max_length=500)
    title_is_summary = models.BooleanField(
        _("เป็นสรุปประเด็น"),
        default=True,
        help_text=_(
            "ติ๊กไว้เมื่อข้อความเป็นการสรุปประเด็น ไม่ใช่ถ้อยคำทางการของ สำนักงาน ป.ป.ช. "
            "แก้ไขเป็นถ้อยคำทางการได้เมื่อทราบ"
        ),
    )
    topic_key = models.SlugField(
        _("รหัสประเด็น"),
        max_length=60,
        help_text=_("รหัสคงที่ของประเด็น ใช้เทียบข้อเดียวกันข้ามปีที่รหัสข้อต่างกัน"),
    )
    merged_topic_keys = models.CharField(
        _("รวมประเด็นเดิม"),
        max_length=200,
        blank=True,
        help_text=_(
            "เมื่อข้อนี้รวมข้อของปีก่อนไว้มากกว่าหนึ่งข้อ: รหัสประเด็นของข้อเดิมอื่น คั่นด้วยจุลภาค "
            "(เช่น O20 ปี 2569 รวม o21 และ o22 ของปี 2568: รหัสประเด็น oit-no-gift รวมประเด็นเดิม "
            "oit-gift-report)"
        ),
    )
    standard_recommendation = models.TextField(
        _("ข้อเสนอแนะมาตรฐานของ สำนักงาน ป.ป.ช."),
        max_length=2000,
        blank=True,
        help_text=_('ข้อความ "ประเด็น … ดังนั้น หน่วยงานควร …" ที่ใช้ตั้งต้นเขียนข้อบกพร่อง'),
    )
    # OIT items only: what must be published (องค์ประกอบ) and the rules the evidence must meet.
    elements = models.TextField(
        _("องค์ประกอบที่ต้องเปิดเผย"),
        max_length=3000,
        blank=True,
        help_text=_("ข้อ OIT: องค์ประกอบละหนึ่งบรรทัด ตามลำดับในคู่มือของ สำนักงาน ป.ป.ช."),
    )
    evidence_period = models.CharField(
        _("ช่วงเวลาของข้อมูล"),
        max_length=20,
        choices=EVIDENCE_PERIODS,
        default="any",
        help_text=_("ข้อ OIT: ข้อมูลต้องเป็นการดำเนินการในช่วงใด (ตัวตรวจลิงก์หาปี พ.ศ. ตามช่วงนี้)"),
    )
    own_website = models.BooleanField(
        _("ต้องอยู่บนเว็บไซต์หลักของหน่วยงาน"),
        default=False,
        help_text=_("ข้อ OIT: ลิงก์ต้องอยู่บนเว็บไซต์หลักของหน่วยงาน (ไม่ใช่ไฟล์บนเว็บไซต์อื่น)"),
    )
    rule_notes = models.TextField(
        _("หลักเกณฑ์เพิ่มเติม"),
        max_length=2000,
        blank=True,
        help_text=_("ข้อ OIT: หมายเหตุหลักเกณฑ์ เช่น “ไม่ใช่การแสดงกฎหมายทั้งฉบับ”"),
    )

    natural_key_field = "code"

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("ข้อคำถาม")
        verbose_name_plural = _("ข้อคำถาม")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="question_code_unique_per_year"
            ),
            models.UniqueConstraint(
                fields=["framework", "topic_key"], name="question_topic_unique_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.code} {shorten(self.title)}"

    def clean(self):
        code = normalise_code(self.code)
        if code is None:
            raise ValidationError(
                {
                    "code": _("รหัสข้อ “%(code)s” ไม่ถูกต้อง (ตัวอักษรตามด้วยตัวเลข เช่น i1, e9, O15)")
                    % {"code": self.code}
                }
            )
        self.code = code
        if (
            self.indicator_id
            and self.framework_id
            and self.indicator.framework_id != self.framework_id
        ):
            raise ValidationError(
                {
                    "indicator": _("ตัวชี้วัดนี้ไม่ได้อยู่ในกรอบการประเมินปี %(year)s")
                    % {"year": self.framework.year}
                }
            )
        check_structure_kept(self, ["code", "indicator_id", "order", "topic_key"], _("ข้อคำถาม"))

    @property
    def element_list(self):
        """The required elements, in order: one a line, blank lines left out."""
        return [line.strip() for line in self.elements.splitlines() if line.strip()]

    def evidence_years(self, fiscal_year):
        """The Buddhist-era years whose mention shows the evidence is from the period the rule
        asks for, for an assessment of `fiscal_year` (empty: any year will do). The fiscal year
        2569 runs from 1 October 2568; its first six months end on 31 March 2569."""
        return {
            "current": [fiscal_year],
            "previous": [fiscal_year - 1],
            "first_half": [fiscal_year],
        }.get(self.evidence_period, [])

    @property
    def predecessor_topics(self):
        """The topic keys of the earlier items this one continues: its own and any merged."""
        merged = [k.strip() for k in self.merged_topic_keys.split(",") if k.strip()]
        return [self.topic_key, *merged]


@text_limits_in_database
class RatingLevel(YearRow):
    """One level of a year's rating scale.

    Levels are tried from rank 1 down; the first whose conditions hold is the result. A level
    with `min_each_tool` also needs every tool's score at or above it (from fiscal 2566: an
    overall of 94.64 with EIT below 85 is rated ผ่าน, not ผ่านดี).
    """

    framework = framework_link("rating_levels")
    rank = models.PositiveSmallIntegerField(_("ลำดับ"), help_text=_("1 = ระดับสูงสุด"))
    name = models.CharField(_("ชื่อระดับ"), max_length=50)
    min_overall = ScoreField(_("คะแนนภาพรวมขั้นต่ำ"))
    min_each_tool = ScoreField(
        _("คะแนนขั้นต่ำของทุกเครื่องมือ"),
        null=True,
        blank=True,
        help_text=_("เว้นว่างเมื่อระดับนี้ดูเฉพาะคะแนนภาพรวม"),
    )
    passes = models.BooleanField(
        _("ผ่านเกณฑ์"), default=True, help_text=_("ระดับนี้ถือว่าผ่านเกณฑ์การประเมินหรือไม่")
    )

    natural_key_field = "rank"

    class Meta:
        ordering = ["framework", "rank"]
        verbose_name = _("ระดับผลการประเมิน")
        verbose_name_plural = _("ระดับผลการประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "rank"], name="rating_rank_unique_per_year"
            ),
            models.CheckConstraint(
                condition=Q(min_overall__gte=0, min_overall__lte=100),
                name="rating_min_overall_0_100",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_structure_kept(
            self, ["rank", "min_overall", "min_each_tool", "passes"], _("ระดับผลการประเมิน")
        )
