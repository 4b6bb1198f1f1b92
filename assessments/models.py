"""One organization's ITA result for a fiscal year and the analysis written about it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.thai import shorten
from core.validators import text_limits_in_database, validate_fiscal_year
from indicators.models import FrameworkYear, Indicator, Question, ScoreField, Tool


def score_range_check(field, name):
    """A named database constraint keeping a score within 0–100 (NULL allowed)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0, f"{field}__lte": 100}) | Q(**{f"{field}__isnull": True}),
        name=name,
    )


@text_limits_in_database
class Organization(models.Model):
    """An agency whose ITA cycle the portal runs (today one per deployment, edited in the admin).

    `code` is its stable key: renaming the agency changes nothing that finds it (load_demo, the
    ITA_ORGANIZATION setting). Queries go through the organization, never "the only row".
    """

    code = models.SlugField(
        _("รหัสหน่วยงาน"),
        max_length=50,
        unique=True,
        help_text=_("รหัสคงที่ (ตัวอักษรภาษาอังกฤษ ตัวเลข หรือขีด) ใช้อ้างถึงหน่วยงานแม้เปลี่ยนชื่อ"),
    )
    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=200, help_text=_("เช่น เทศบาลเมืองดอนสัก"))
    district = models.CharField(_("อำเภอ"), max_length=100)
    province = models.CharField(_("จังหวัด"), max_length=100)
    address = models.TextField(_("ที่อยู่"), max_length=500, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=50, blank=True)
    website = models.URLField(_("เว็บไซต์"), blank=True)
    website_domains = models.CharField(
        _("โดเมนเว็บไซต์หลักของหน่วยงาน"),
        max_length=500,
        blank=True,
        help_text=_(
            "ชื่อโดเมนของเว็บไซต์หลัก คั่นด้วยจุลภาค เช่น donsak.go.th (รวมโดเมนย่อย เช่น "
            "www.donsak.go.th) เว้นว่างเพื่อใช้โดเมนของช่องเว็บไซต์ ใช้ตรวจว่าลิงก์หลักฐาน OIT "
            "อยู่บนเว็บไซต์หลักของหน่วยงาน"
        ),
    )
    memo_department = models.CharField(
        _("ส่วนราชการ (บันทึกข้อความ)"),
        max_length=200,
        blank=True,
        help_text=_("หน่วยงานที่ออกบันทึกข้อความ เช่น งานธุรการ กองยุทธศาสตร์และงบประมาณ"),
    )
    memo_phone = models.CharField(_("โทรศัพท์ (บันทึกข้อความ)"), max_length=50, blank=True)
    memo_reference_prefix = models.CharField(
        _("เลขที่หนังสือ (ที่)"), max_length=50, blank=True, help_text=_("เช่น สฎ ๕๒๙๐๘")
    )
    head_title = models.CharField(
        _("ตำแหน่งหัวหน้าหน่วยงาน"),
        max_length=200,
        blank=True,
        help_text=_("เช่น นายกเทศมนตรีเมืองดอนสัก"),
    )
    emblem = models.ImageField(
        _("ตราครุฑ (บันทึกข้อความ)"),
        upload_to="emblems/",
        blank=True,
        help_text=_(
            "ภาพตราครุฑสำหรับหัวบันทึกข้อความ สูง ๑.๕ เซนติเมตร ตามระเบียบสำนักนายกรัฐมนตรีว่าด้วย"
            "งานสารบรรณ ซึ่งกำหนดให้บันทึกข้อความของส่วนราชการใช้ตราครุฑ ไม่ใช่ตราประจำหน่วยงาน "
            "(ตราเทศบาล) ใช้ไฟล์ภาพพื้นโปร่งใส หากยังไม่อัปโหลด เอกสารที่เผยแพร่จะไม่มีตรา"
        ),
    )
    line_enabled = models.BooleanField(
        _("ส่งข้อความทาง LINE"),
        default=False,
        help_text=_(
            "ส่งการแจ้งเตือนเข้ากลุ่ม LINE ของแต่ละส่วนงาน (ผู้ดูแลระบบต้องเชื่อมบัญชีทางการ LINE "
            "ของหน่วยงานกับเซิร์ฟเวอร์ก่อน ตามคู่มือการติดตั้ง หัวข้อ LINE) "
            "ส่งไม่ได้หรือส่วนงานไม่มีกลุ่ม: ส่งทางอีเมลเหมือนเดิม"
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("ข้อมูลหน่วยงาน")
        verbose_name_plural = _("ข้อมูลหน่วยงาน")

    def __str__(self):
        return self.name

    def own_domains(self):
        """The host names of the agency's own website, lower case, without "www."."""
        from urllib.parse import urlsplit

        names = [d.strip().lower() for d in self.website_domains.split(",") if d.strip()]
        if not names and self.website:
            names = [(urlsplit(self.website).hostname or "").lower()]
        return [n.removeprefix("www.").rstrip(".") for n in names if n]

    def is_own_host(self, host):
        """Whether `host` is the agency's own website (a domain listed, or a subdomain of one)."""
        host = (host or "").lower().rstrip(".").removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.own_domains())


def site_organization():
    """The organization this deployment's public pages show, as a one-row queryset.

    The one named by the ITA_ORGANIZATION setting (its code), else the oldest. A queryset, not
    a row, so that filters use it as a subquery (no extra query) and two organizations never
    make a page fail; serving several agencies later means choosing it per request instead.
    """
    qs = Organization.objects.order_by("pk")
    if settings.ITA_ORGANIZATION:
        qs = qs.filter(code=settings.ITA_ORGANIZATION)
    return qs[:1]


def user_organization(user):
    """The organization `user` works on, as a one-row queryset: the one rule every screen,
    import, export and `/actions/` goes through (assessments/scoping.py says how). Users have no
    organization of their own yet (one per deployment), so it is the deployment's; serving
    several agencies means choosing the user's own here, and nowhere else."""
    return site_organization()


# Previewing an unpublished year (its report, memo, plan and PDFs): the right to view years.
VIEW_DRAFTS_PERMISSION = "assessments.view_assessment"


class AssessmentQuerySet(models.QuerySet):
    def of_site(self):
        """The years of the deployment's organization (see `site_organization`)."""
        return self.filter(organization__in=site_organization().values("pk"))

    def published(self):
        return self.filter(status=Assessment.Status.PUBLISHED)

    def of_user(self, user):
        """The years of the organization `user` works for. Users have no organization of their
        own yet: one organization per deployment, so it is the deployment's (`of_site`);
        serving several agencies means choosing the user's own here."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organization__in=user_organization(user).values("pk"))

    def visible_to(self, user):
        """Those who may view assessments in the admin (the permission, not `is_staff`) see
        drafts too, as a preview; everybody else only published years."""
        if user.is_authenticated and user.has_perm(VIEW_DRAFTS_PERMISSION):
            return self
        return self.published()


@text_limits_in_database
class Assessment(models.Model):
    """The NACC's result for one fiscal year, and the agency's analysis of it.

    Scores are stored exactly as the NACC reported them; `assessments.scoring` computes its own
    figures from the question scores and reports every difference, never overwriting these.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("ฉบับร่าง")
        PUBLISHED = "published", _("เผยแพร่แล้ว")

    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="assessments",
        verbose_name=_("หน่วยงาน"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"),
        help_text=_("ปีงบประมาณที่ได้รับการประเมิน เช่น 2568"),
        validators=[validate_fiscal_year],
    )
    framework = models.ForeignKey(
        FrameworkYear,
        models.PROTECT,
        related_name="assessments",
        verbose_name=_("กรอบการประเมิน"),
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)
    reported_overall = ScoreField(_("คะแนนภาพรวม (ตามที่ ป.ป.ช. แจ้ง)"), null=True, blank=True)
    reported_level = models.CharField(
        _("ระดับผลการประเมิน (ตามที่ ป.ป.ช. แจ้ง)"), max_length=50, blank=True
    )
    eit_part1_score = ScoreField(_("คะแนน EIT ส่วนที่ ๑"), null=True, blank=True)
    eit_part2_score = ScoreField(_("คะแนน EIT ส่วนที่ ๒"), null=True, blank=True)
    goal_overall = ScoreField(
        _("เป้าหมายคะแนนภาพรวมของหน่วยงาน"),
        null=True,
        blank=True,
        help_text=_("เป้าหมายที่หน่วยงานตั้งไว้เอง เช่น 90 คะแนนขึ้นไป"),
    )
    goal_each_tool = ScoreField(
        _("เป้าหมายคะแนนรายเครื่องมือ"),
        null=True,
        blank=True,
        help_text=_("เป้าหมายของ IIT, EIT ส่วนที่ ๑, EIT ส่วนที่ ๒ และ OIT แต่ละเครื่องมือ"),
    )
    summary = models.TextField(
        _("สรุปผลการประเมิน"),
        max_length=4000,
        blank=True,
        help_text=_("ย่อหน้าสรุปผลก่อนตารางคะแนน เว้นว่างเพื่อให้ระบบเขียนจากคะแนน ระดับ และเป้าหมาย"),
    )
    reflection = models.TextField(
        _("ข้อสะท้อนจากผลการประเมิน"),
        max_length=4000,
        blank=True,
        help_text=_('ย่อหน้า "จากผลการประเมิน ITA สะท้อนให้เห็นว่า …" ในรายงาน'),
    )
    analysis_intro = models.TextField(
        _("บทนำการวิเคราะห์"),
        max_length=4000,
        blank=True,
        help_text=_('ย่อหน้า "ทั้งนี้ เพื่อให้เกิดการปรับปรุงพัฒนาองค์กร …" ก่อนส่วนที่ ๑'),
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("ผลการประเมินประจำปี")
        verbose_name_plural = _("ผลการประเมินประจำปี")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year"],
                name="assessment_one_per_org_year",
            ),
            score_range_check("reported_overall", "assessment_reported_overall_0_100"),
            score_range_check("eit_part1_score", "assessment_eit_part1_0_100"),
            score_range_check("eit_part2_score", "assessment_eit_part2_0_100"),
            score_range_check("goal_overall", "assessment_goal_overall_0_100"),
            score_range_check("goal_each_tool", "assessment_goal_each_tool_0_100"),
        ]

    def __str__(self):
        return f"ITA ปีงบประมาณ {self.fiscal_year} {self.organization}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


def assessment_link(related_name):
    """The foreign key from a part of a year's result (a score, a finding, a guideline …) to
    the result, deleted with it."""
    return models.ForeignKey(
        Assessment, models.CASCADE, related_name=related_name, verbose_name=_("ผลการประเมิน")
    )


def score_row_constraints(part):
    """The named constraints of a score row: one score per result and `part` (question,
    indicator or tool), `<part>_score_unique`; and 0 ≤ score ≤ 100, `<part>_score_0_100`."""
    return [
        models.UniqueConstraint(fields=["assessment", part], name=f"{part}_score_unique"),
        models.CheckConstraint(
            condition=Q(score__gte=0, score__lte=100), name=f"{part}_score_0_100"
        ),
    ]


def check_same_year(assessment, **rows):
    """ValidationError (by field, in Thai) for any catalogue row outside the assessment's
    framework year: a 2567 question under a 2568 result would silently drop out of the report.
    `rows` maps field names to Question/Indicator/Tool rows (None is skipped)."""
    if assessment is None or not assessment.framework_id:
        return
    errors = {}
    for name, row in rows.items():
        if row is None or row.framework_id == assessment.framework_id:
            continue
        label = getattr(row, "code", None) or f"ตัวชี้วัดที่ {row.number}"
        errors[name] = _(
            "%(label)s เป็นของกรอบการประเมินปี %(other)s แต่ผลการประเมินนี้ใช้กรอบปี %(year)s"
        ) % {"label": label, "other": row.framework.year, "year": assessment.framework.year}
    if errors:
        raise ValidationError(errors)


def _related(obj, name):
    """The related row if set (None rather than RelatedObjectDoesNotExist)."""
    return getattr(obj, name) if getattr(obj, f"{name}_id") is not None else None


class QuestionScore(models.Model):
    assessment = assessment_link("question_scores")
    question = models.ForeignKey(Question, models.PROTECT, verbose_name=_("ข้อคำถาม"))
    score = ScoreField(_("คะแนน"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "question__order"]
        verbose_name = _("คะแนนรายข้อ")
        verbose_name_plural = _("คะแนนรายข้อ")
        constraints = score_row_constraints("question")

    def __str__(self):
        return f"{self.question.code}: {self.score}"

    def clean(self):
        check_same_year(_related(self, "assessment"), question=_related(self, "question"))


class IndicatorScore(models.Model):
    """An indicator's score as the NACC reported it."""

    assessment = assessment_link("indicator_scores")
    indicator = models.ForeignKey(Indicator, models.PROTECT, verbose_name=_("ตัวชี้วัด"))
    score = ScoreField(_("คะแนนตามที่ ป.ป.ช. แจ้ง"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "indicator__number"]
        verbose_name = _("คะแนนรายตัวชี้วัด (ตามที่ ป.ป.ช. แจ้ง)")
        verbose_name_plural = _("คะแนนรายตัวชี้วัด (ตามที่ ป.ป.ช. แจ้ง)")
        constraints = score_row_constraints("indicator")

    def __str__(self):
        return f"{self.indicator}: {self.score}"

    def clean(self):
        check_same_year(_related(self, "assessment"), indicator=_related(self, "indicator"))


class ToolScore(models.Model):
    """A tool's score (IIT, EIT, OIT) as the NACC reported it, where it did."""

    assessment = assessment_link("tool_scores")
    tool = models.ForeignKey(Tool, models.PROTECT, verbose_name=_("เครื่องมือ"))
    score = ScoreField(_("คะแนนตามที่ ป.ป.ช. แจ้ง"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "tool__order"]
        verbose_name = _("คะแนนรายเครื่องมือ (ตามที่ ป.ป.ช. แจ้ง)")
        verbose_name_plural = _("คะแนนรายเครื่องมือ (ตามที่ ป.ป.ช. แจ้ง)")
        constraints = score_row_constraints("tool")

    def __str__(self):
        return f"{self.tool}: {self.score}"

    def clean(self):
        check_same_year(_related(self, "assessment"), tool=_related(self, "tool"))


@text_limits_in_database
class Finding(models.Model):
    """A weakness found in one or more questions, or a note to keep the level.

    A weakness reads "<codes> ประเด็น <issue> ดังนั้น <recommendation>", as the NACC's
    standard recommendation texts do; one finding may cover several questions (e4, e5).
    """

    class Kind(models.TextChoices):
        WEAKNESS = "weakness", _("ข้อบกพร่อง/ข้อแก้ไข")
        KEEP = "keep", _("รักษาระดับคะแนน")
        NOTE = "note", _("ข้อสังเกต")

    assessment = assessment_link("findings")
    indicator = models.ForeignKey(Indicator, models.PROTECT, verbose_name=_("ตัวชี้วัด"))
    questions = models.ManyToManyField(
        Question, related_name="findings", verbose_name=_("ข้อคำถามที่เกี่ยวข้อง")
    )
    kind = models.CharField(_("ประเภท"), max_length=10, choices=Kind.choices, default=Kind.WEAKNESS)
    issue = models.TextField(
        _("ประเด็น"),
        max_length=2000,
        blank=True,
        help_text=_('ข้อบกพร่องที่พบ (ข้อความหลังคำว่า "ประเด็น")'),
    )
    recommendation = models.TextField(
        _("ข้อเสนอแนะ / ข้อความ"),
        max_length=3000,
        help_text=_('ข้อเสนอแนะ (ข้อความหลังคำว่า "ดังนั้น") หรือข้อความรักษาระดับคะแนน/ข้อสังเกต'),
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "indicator__number", "order", "pk"]
        verbose_name = _("ผลการวิเคราะห์รายข้อ")
        verbose_name_plural = _("ผลการวิเคราะห์รายข้อ")

    def __str__(self):
        return f"{self.get_kind_display()}: {shorten(self.issue or self.recommendation)}"

    def clean(self):
        # The questions (many-to-many) are checked where they are chosen: FindingForm and
        # `finding_questions_check`, as they are set only after the finding is saved.
        check_same_year(_related(self, "assessment"), indicator=_related(self, "indicator"))


@text_limits_in_database
class Guideline(models.Model):
    """One numbered development guideline of an indicator ("มีแนวทางในการพัฒนา ดังนี้")."""

    assessment = assessment_link("guidelines")
    indicator = models.ForeignKey(Indicator, models.PROTECT, verbose_name=_("ตัวชี้วัด"))
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    text = models.TextField(_("แนวทางการพัฒนา"), max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "indicator__number", "order", "pk"]
        verbose_name = _("แนวทางการพัฒนา")
        verbose_name_plural = _("แนวทางการพัฒนา")

    def __str__(self):
        return shorten(self.text, 80)

    def clean(self):
        check_same_year(_related(self, "assessment"), indicator=_related(self, "indicator"))


@text_limits_in_database
class Memo(models.Model):
    """The covering memo (บันทึกข้อความ) that reports the analysis up the line."""

    assessment = models.OneToOneField(
        Assessment, models.CASCADE, related_name="memo", verbose_name=_("ผลการประเมิน")
    )
    department = models.CharField(_("ส่วนราชการ"), max_length=200)
    phone = models.CharField(_("โทร."), max_length=50, blank=True)
    reference_no = models.CharField(_("ที่"), max_length=100, blank=True)
    date = models.DateField(_("วันที่"), null=True, blank=True)
    subject = models.TextField(_("เรื่อง"), max_length=500)
    addressee = models.TextField(_("เรียน"), max_length=300)
    background = models.TextField(_("เรื่องเดิม"), max_length=5000)
    facts = models.TextField(_("ข้อเท็จจริง"), max_length=5000)
    consideration = models.TextField(_("ข้อพิจารณา"), max_length=5000)
    closing = models.CharField(_("คำลงท้าย"), max_length=200, default="จึงเรียนมาเพื่อโปรดพิจารณา")
    edited_by_person = models.BooleanField(
        _("แก้ไขโดยเจ้าหน้าที่แล้ว"),
        default=False,
        help_text=_("เมื่อติ๊กไว้ การร่างบันทึกอัตโนมัติจะไม่เขียนทับข้อความนี้"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("บันทึกข้อความ")
        verbose_name_plural = _("บันทึกข้อความ")

    def __str__(self):
        return f"บันทึกข้อความ: {shorten(self.subject)}"


def office_of(position):
    """The last line of a position: the office a signature block speaks for ("ปลัดเทศบาล",
    "นายกเทศมนตรีเมืองดอนสัก" after "รองนายกเทศมนตรี ปฏิบัติราชการแทน")."""
    lines = [li.strip() for li in (position or "").splitlines() if li.strip()]
    return lines[-1] if lines else ""


@text_limits_in_database
class MemoSignature(models.Model):
    """One block of the memo's signature part, in the order of ระเบียบงานสารบรรณ: the one who
    signs the memo, those it passes through (ผ่าน) with their opinion, the one it is addressed
    to with the decision, and at the foot the drafter's and checker's initials and date."""

    class Role(models.TextChoices):
        SIGNER = "signer", _("ผู้ลงนามเสนอ")
        ENDORSER = "endorser", _("ผู้ผ่านเรื่อง (ความเห็น)")
        DECIDER = "decider", _("ผู้พิจารณาสั่งการ")
        DRAFTER = "drafter", _("ผู้ร่าง/ผู้ตรวจ (ท้ายบันทึก)")

    memo = models.ForeignKey(
        Memo, models.CASCADE, related_name="signatures", verbose_name=_("บันทึกข้อความ")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    role = models.CharField(
        _("บทบาท"),
        max_length=20,
        choices=Role.choices,
        default=Role.ENDORSER,
        help_text=_(
            "ผู้ลงนามเสนอ: ลงนามใต้ข้อความ; ผู้ผ่านเรื่อง: ลงความเห็นตามลำดับที่บันทึกผ่าน; "
            "ผู้พิจารณาสั่งการ: ผู้ที่บันทึกเรียนถึง (ทราบ/อนุมัติ); ผู้ร่าง/ผู้ตรวจ: พิมพ์ย่อท้ายบันทึก"
        ),
    )
    name = models.CharField(_("ชื่อ-สกุล"), max_length=200, help_text=_("ไม่ต้องใส่วงเล็บ"))
    position = models.TextField(
        _("ตำแหน่ง"), max_length=300, help_text=_("หลายบรรทัดได้ เช่น ปฏิบัติราชการแทน …")
    )
    opinion = models.TextField(
        _("ความเห็น/คำสั่ง"),
        max_length=1000,
        blank=True,
        help_text=_("เว้นว่างไว้ได้: บันทึกพิมพ์เส้นประให้เขียนความเห็นด้วยมือ"),
    )
    note = models.CharField(
        _("หมายเหตุ/วันที่"),
        max_length=100,
        blank=True,
        help_text=_("เช่น วันที่ที่ผู้ร่าง/ผู้ตรวจลงไว้ (๑๗/๔/๖๙)"),
    )

    class Meta:
        ordering = ["memo", "order", "pk"]
        verbose_name = _("ผู้ลงนาม")
        verbose_name_plural = _("ผู้ลงนาม")

    def __str__(self):
        return self.name

    @property
    def office(self):
        """The office a signature block speaks for: the last line of the position."""
        return office_of(self.position)
