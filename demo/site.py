"""Demo content for the home app: home page, legal pages and one demo account per group."""

from pathlib import Path

import yaml
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import groups
from core.models import AccessibilityStatus, SiteSettings
from home.models import HomePage, StandardPage

DEMO_DIR = Path(settings.BASE_DIR) / "demo_content"

# Documented in the README. Demo only: load_demo_content refuses to run in production without --force.
DEMO_ACCOUNTS = [
    {
        "email": "admin@demo.elus-quartiers.fr",
        "password": "Demo-Admin-2026",
        "first_name": "Alix",
        "last_name": "Administratrice",
        "group": groups.ADMINISTRATORS,
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "email": "formatrice@demo.elus-quartiers.fr",
        "password": "Demo-Formation-2026",
        "first_name": "Camille",
        "last_name": "Formatrice",
        "group": groups.TRAINERS,
        "is_staff": False,
        "is_superuser": False,
    },
    {
        "email": "formateur-vrl@demo.elus-quartiers.fr",
        "password": "Demo-Laicite-2026",
        "first_name": "Yann",
        "last_name": "Formateur VRL",
        "group": groups.VRL_TRAINERS,
        "is_staff": False,
        "is_superuser": False,
    },
    {
        "email": "elue@demo.elus-quartiers.fr",
        "password": "Demo-Elue-2026",
        "first_name": "Nadia",
        "last_name": "Élue",
        "group": groups.LEARNERS,
        "is_staff": False,
        "is_superuser": False,
        "collectivite": "Saint-Nazaire",
        "mandate": "adjoint",
        "region": "pays_de_la_loire",
    },
]

STATUS_BY_LABEL = {str(label): value for value, label in AccessibilityStatus.choices}


def read_yaml(relative_path: str):
    with open(DEMO_DIR / relative_path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def stream_blocks(blocks: list[dict]) -> list[tuple[str, str]]:
    return [next(iter(block.items())) for block in blocks]


def load_home_page() -> HomePage:
    data = read_yaml("pages/home.yaml")
    home = HomePage.objects.get()
    home.hero_title = data["hero_title"]
    home.hero_text = data["hero_text"]
    home.intro = data["intro"]
    home.how_it_works = [("step", {"title": step["title"], "text": step["text"]}) for step in data["how_it_works"]]
    home.save_revision().publish()
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.accessibility_status = STATUS_BY_LABEL.get(data.get("accessibility_status"), AccessibilityStatus.NON_CONFORME)
    site_settings.save()
    return home


# The identity fields the demo may set (pages/identity.yaml); any other is emptied on load.
IDENTITY_FIELDS = [
    "organisation_name",
    "legal_form",
    "siret",
    "head_office_address",
    "contact_email",
    "contact_phone",
    "publication_director",
    "host_name",
    "host_address",
    "host_contact",
    "dpo_contact",
    "signatory_name",
    "signatory_function",
    "attestation_place",
]


def load_identity(home: HomePage) -> SiteSettings:
    data = read_yaml("pages/identity.yaml") or {}
    unknown = sorted(set(data) - set(IDENTITY_FIELDS))
    if unknown:
        raise ValueError(f"pages/identity.yaml : champs inconnus : {', '.join(unknown)}")
    site_settings = SiteSettings.for_site(home.get_site())
    for name in IDENTITY_FIELDS:
        setattr(site_settings, name, str(data.get(name) or "").strip())
    # No audit result is published for the demo: the status stays the one of pages/home.yaml.
    site_settings.accessibility_audit_date = None
    site_settings.accessibility_audit_rate = None
    site_settings.full_clean()
    site_settings.save()
    return site_settings


def load_legal_pages(home: HomePage) -> list[StandardPage]:
    pages = []
    for data in read_yaml("pages/legal.yaml"):
        page = StandardPage.objects.child_of(home).filter(slug=data["slug"]).first()
        if page is None:
            page = StandardPage(slug=data["slug"], title=data["title"])
            home.add_child(instance=page)
        page.title = data["title"]
        page.intro = data.get("intro", "")
        page.body = stream_blocks(data["body"])
        page.save_revision().publish()
        pages.append(page)
    return pages


def load_accounts() -> list:
    User = get_user_model()
    users = []
    for account in DEMO_ACCOUNTS:
        account = dict(account)
        password = account.pop("password")
        group = Group.objects.get(name=account.pop("group"))
        user, _ = User.objects.update_or_create(email=account["email"], defaults=account)
        user.set_password(password)
        user.save()
        user.groups.set([group])
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        users.append(user)
    return users


def load():
    home = load_home_page()
    yield f"Page d'accueil : {home.title}"
    identity = load_identity(home)
    yield f"Identité de l'éditeur : {identity.organisation_name}"
    pages = load_legal_pages(home)
    yield f"Pages légales : {len(pages)}"
    users = load_accounts()
    yield f"Comptes de démonstration : {len(users)}"
