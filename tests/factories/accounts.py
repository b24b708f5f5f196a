import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts import groups
from accounts.models import User

DEFAULT_PASSWORD = "Un-mot-de-passe-solide-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"elu{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def group(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            obj.groups.add(Group.objects.get(name=extracted or groups.LEARNERS))

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
