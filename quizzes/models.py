"""Question bank, quizzes and attempts.

A question lives once in the bank and can be used by several quizzes (a VRL trainer reuses the
laïcité questions). An attempt freezes the questions and choices it showed (`Attempt.snapshot`),
so editing a question later never changes a past attempt or its grade.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Choix unique")
    MULTIPLE = "multiple", _("Choix multiples (plusieurs bonnes réponses)")
    TRUE_FALSE = "true_false", _("Vrai ou faux")
    FREE_TEXT = "free_text", _("Réponse libre (corrigée par un·e formateur·rice)")


class Scoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Tout ou rien")
    PARTIAL = "partial", _("Points partiels")


class QuestionStatus(models.TextChoices):
    TO_CHECK = "a_verifier", _("À vérifier")
    VERIFIED = "verifiee", _("Vérifiée")


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey("quizzes.Question", related_name="tagged_items", on_delete=models.CASCADE)


class Question(index.Indexed, ClusterableModel):
    prompt = models.TextField(_("énoncé"))
    kind = models.CharField(_("type de question"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    scoring = models.CharField(
        _("notation des choix multiples"),
        max_length=16,
        choices=Scoring.choices,
        default=Scoring.ALL_OR_NOTHING,
        help_text=_("Points partiels : chaque bonne réponse cochée rapporte, chaque mauvaise retire (jamais sous zéro)."),
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)])
    explanation = models.TextField(_("explication"), blank=True, help_text=_("Affichée après la réponse."))
    source_title = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Par exemple : Loi du 9 décembre 1905, article 2.")
    )
    source_url = models.URLField(_("lien vers la source"), max_length=500, blank=True)
    guidance = models.TextField(
        _("consignes de correction"), blank=True, help_text=_("Pour les réponses libres : ce qu'une bonne réponse contient.")
    )
    beliefs_notice = models.BooleanField(
        _("rappeler de ne pas écrire de convictions personnelles"),
        default=False,
        help_text=_("Pour les réponses libres sur la laïcité : la réponse porte sur une analyse, jamais sur des convictions."),
    )
    status = models.CharField(_("statut"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.TO_CHECK)
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("étiquettes"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("prompt"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("points"), FieldPanel("scoring")]),
        InlinePanel("choices", heading=_("Choix de réponse"), label=_("choix")),
        MultiFieldPanel(
            [FieldPanel("explanation"), FieldPanel("source_title"), FieldPanel("source_url")], heading=_("Explication")
        ),
        MultiFieldPanel([FieldPanel("guidance"), FieldPanel("beliefs_notice")], heading=_("Réponse libre")),
        FieldPanel("tags"),
        FieldPanel("status"),
    ]
    search_fields = [index.SearchField("prompt"), index.SearchField("explanation"), index.FilterField("status")]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("banque de questions")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.prompt if len(self.prompt) <= 90 else self.prompt[:89] + "…"


class Choice(Orderable):
    question = ParentalKey(Question, related_name="choices", on_delete=models.CASCADE)
    text = models.CharField(_("texte du choix"), max_length=500)
    is_correct = models.BooleanField(_("bonne réponse"), default=False)
    feedback = models.TextField(_("retour affiché pour ce choix"), blank=True)

    panels = [FieldPanel("text"), FieldPanel("is_correct"), FieldPanel("feedback")]

    class Meta(Orderable.Meta):
        verbose_name = _("choix")
        verbose_name_plural = _("choix")

    def __str__(self):
        return self.text


class GradingMethod(models.TextChoices):
    BEST = "best", _("La meilleure tentative")
    LAST = "last", _("La dernière tentative")


class ReviewPolicy(models.TextChoices):
    """What a learner sees after submitting; each level includes the ones before it."""

    SCORE_ONLY = "score", _("Le score seulement")
    CORRECTNESS = "correctness", _("Le score et si chaque réponse est juste")
    CORRECT_ANSWERS = "answers", _("… et les bonnes réponses")
    EXPLANATIONS = "explanations", _("… et les explications et sources")


class ReviewTiming(models.TextChoices):
    """When the correct answers and explanations of the review are shown (the score, and whether each
    answer is right, follow `review_policy` alone)."""

    DEFAULT = "default", _("Par défaut : une fois réussi ou les tentatives épuisées pour un quiz final, toujours sinon")
    ALWAYS = "always", _("Toujours, dès la première tentative")
    PASSED_OR_EXHAUSTED = "passed_or_exhausted", _("Une fois le quiz réussi ou les tentatives épuisées")
    NEVER = "never", _("Jamais")


REVIEW_LEVELS = [ReviewPolicy.SCORE_ONLY, ReviewPolicy.CORRECTNESS, ReviewPolicy.CORRECT_ANSWERS, ReviewPolicy.EXPLANATIONS]


class Quiz(DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("titre"), max_length=255)
    instructions = models.TextField(_("consignes"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("seuil de réussite (%)"), default=60, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("nombre de tentatives"), default=0, help_text=_("0 = tentatives illimitées.")
    )
    grading_method = models.CharField(_("note retenue"), max_length=8, choices=GradingMethod.choices, default=GradingMethod.BEST)
    shuffle_questions = models.BooleanField(_("mélanger les questions"), default=False)
    shuffle_choices = models.BooleanField(_("mélanger les choix"), default=False)
    review_policy = models.CharField(
        _("après l'envoi, l'apprenant·e voit"), max_length=16, choices=ReviewPolicy.choices, default=ReviewPolicy.EXPLANATIONS
    )
    review_timing = models.CharField(
        _("bonnes réponses et explications montrées"),
        max_length=24,
        choices=ReviewTiming.choices,
        default=ReviewTiming.DEFAULT,
        help_text=_(
            "Un quiz final qui montre ses réponses dès le premier échec se réussit en les recopiant : par défaut, il "
            "les montre une fois réussi ou les tentatives épuisées."
        ),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("durée limite (minutes)"),
        null=True,
        blank=True,
        help_text=_(
            "Laisser vide : pas de limite (recommandé, RGAA 13.1). Une limite peut toujours être prolongée par l'apprenant·e."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("instructions"),
        InlinePanel("quiz_questions", heading=_("Questions fixes, dans l'ordre"), label=_("question")),
        InlinePanel("draws", heading=_("Tirages au sort dans la banque"), label=_("tirage")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("attempts_allowed"), FieldPanel("grading_method")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldPanel("review_policy"),
                FieldPanel("review_timing"),
                FieldPanel("time_limit_minutes"),
            ],
            heading=_("Règles"),
        ),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("instructions")]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quiz")
        ordering = ["title"]
        permissions = [("review_answers", _("Peut corriger les réponses libres et voir les statistiques"))]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "quizzes/quiz_preview.html"

    def get_preview_context(self, request, mode_name):
        from .services import preview_snapshot

        return {"quiz": self, "questions": preview_snapshot(quiz=self)}

    def review_shows(self, level: str) -> bool:
        return REVIEW_LEVELS.index(self.review_policy) >= REVIEW_LEVELS.index(level)


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, related_name="quiz_questions", on_delete=models.CASCADE)
    question = models.ForeignKey(Question, related_name="+", on_delete=models.PROTECT, verbose_name=_("question"))

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="quiz_question_once")]


class QuizDraw(Orderable):
    """Draw `count` verified questions carrying `tag`, anew for each attempt."""

    quiz = ParentalKey(Quiz, related_name="draws", on_delete=models.CASCADE)
    tag = models.ForeignKey("taggit.Tag", related_name="+", on_delete=models.PROTECT, verbose_name=_("étiquette"))
    count = models.PositiveSmallIntegerField(_("nombre de questions"), default=3, validators=[MinValueValidator(1)])

    panels = [FieldRowPanel([FieldPanel("tag"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("tirage")


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("En cours")
    # Grading runs in the same transaction as the submission: an attempt is never left "submitted"
    # without a grade; it is graded at once, or waits for a trainer when it has free-text answers.
    AWAITING_REVIEW = "awaiting_review", _("En attente de correction")
    GRADED = "graded", _("Corrigée")


class Attempt(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="quiz_attempts", on_delete=models.CASCADE)
    quiz = models.ForeignKey(Quiz, related_name="attempts", on_delete=models.PROTECT)
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS)
    snapshot = models.JSONField(help_text="The questions and choices shown, in order, frozen when the attempt started.")
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField(null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_late = models.BooleanField(default=False)
    graded_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("tentative")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="attempt_number_unique"),
            models.UniqueConstraint(fields=["user", "quiz"], condition=Q(status="in_progress"), name="one_open_attempt_per_quiz"),
        ]
        indexes = [models.Index(fields=["quiz", "status"]), models.Index(fields=["user", "quiz", "status"])]

    def __str__(self):
        return f"{self.quiz} — {self.user} — n° {self.number}"


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, related_name="answers", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, related_name="answers", null=True, on_delete=models.SET_NULL)
    selected_choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    is_correct = models.BooleanField(null=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    review_comment = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="answer_once_per_position")]
        indexes = [models.Index(fields=["question"])]

    def __str__(self):
        return f"{self.attempt} — question {self.position}"
