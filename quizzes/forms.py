from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import QuestionStatus
from .services import question_choice_errors, question_create_with_choices

PUBLISH_ACTION = "action-publish"


def _kept_forms(formset):
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or not form.cleaned_data:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        yield form


class QuestionAdminForm(WagtailAdminModelForm):
    """Choices must fit the kind of question; a question used by a published quiz stays verified."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("choices")
        if formset is not None and formset.is_valid():
            choices = [
                (form.cleaned_data.get("text", ""), form.cleaned_data.get("is_correct", False)) for form in _kept_forms(formset)
            ]
            for error in question_choice_errors(kind=cleaned_data.get("kind"), choices=choices):
                self.add_error(None, error)
        if self.instance.pk and cleaned_data.get("status") == QuestionStatus.TO_CHECK:
            from .models import Quiz

            live = Quiz.objects.filter(live=True, quiz_questions__question=self.instance).values_list("title", flat=True)
            if live:
                self.add_error(
                    "status",
                    _("Cette question figure dans un quiz publié (%(titles)s) : elle doit rester vérifiée.")
                    % {"titles": ", ".join(live)},
                )
        return cleaned_data


class QuizAdminForm(WagtailAdminModelForm):
    """A quiz is published only when every fixed question is « vérifiée »."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("quiz_questions")
        if PUBLISH_ACTION in self.data and formset is not None and formset.is_valid():
            unchecked = [
                str(form.cleaned_data["question"])
                for form in _kept_forms(formset)
                if form.cleaned_data.get("question") and form.cleaned_data["question"].status != QuestionStatus.VERIFIED
            ]
            if unchecked:
                self.add_error(
                    None,
                    _("Publication impossible : ces questions sont encore « à vérifier » : %(questions)s.")
                    % {"questions": " ; ".join(unchecked)},
                )
        return cleaned_data


class ReviewForm(forms.Form):
    points = forms.DecimalField(label=_("Points"), min_value=0, decimal_places=2, max_digits=5)
    comment = forms.CharField(label=_("Commentaire pour l'apprenant·e"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class QuickQuestionForm(forms.ModelForm):
    """Create a question from inside the quiz editor (the chooser's « Créer » tab), choices typed
    one per line: the flow a trainer needs to write a whole quiz without leaving it."""

    choices_text = forms.CharField(
        label=_("Choix de réponse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Un choix par ligne ; commencez la ou les bonnes réponses par *. Vrai/faux : « *Vrai » et « Faux ». "
            "Laissez vide pour une réponse libre."
        ),
    )

    class Meta:
        from .models import Question

        model = Question
        fields = ["prompt", "kind", "points", "scoring", "explanation", "source_title", "source_url", "status"]

    def clean(self):
        cleaned_data = super().clean()
        choices = []
        for line in (cleaned_data.get("choices_text") or "").splitlines():
            text = line.strip()
            if text:
                correct = text.startswith("*")
                choices.append((text.lstrip("*").strip(), correct))
        for error in question_choice_errors(kind=cleaned_data.get("kind"), choices=choices):
            self.add_error("choices_text", error)
        self.parsed_choices = choices
        return cleaned_data

    def save(self, commit=True):
        question = question_create_with_choices(question=super().save(commit=False), choices=self.parsed_choices)
        self.save_m2m()
        return question
