"""The sign-up form allauth uses (ACCOUNT_FORMS["signup"]); kept apart from accounts.forms, which
allauth's form module itself imports (ACCOUNT_SIGNUP_FORM_CLASS)."""

from allauth.account.forms import SignupForm
from django.contrib.auth.hashers import make_password


class ConstantWorkSignupForm(SignupForm):
    """allauth's sign-up form doing the same work whether the address has an account or not: without
    this, a known address answered in ~95 ms (one e-mail queued) and a new one in ~500 ms (the
    password hashed first), which told anyone who has an account."""

    def try_save(self, request):
        if self.account_already_exists:
            # The hash a new account would cost, thrown away; the e-mail queued is allauth's « vous
            # avez déjà un compte », as a new account gets its confirmation e-mail.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
