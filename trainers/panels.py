"""The trainers' admin home (Wagtail dashboard panels): their courses, learners to follow up, answers to
mark, where their pages stand, next webinars, shortcuts. Administrators see every course, plus the
moderation queue."""

from wagtail.admin.ui.components import Component

from .selectors import moderation_queue, trainer_home


class TrainerHomePanel(Component):
    name = "trainer_home"
    order = 50
    template_name = "trainers/admin/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        home = trainer_home(user=self.request.user)
        context.update(home=home, queue=moderation_queue() if home.is_administrator else [], request=self.request)
        return context
