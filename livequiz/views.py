"""Phones (anonymous, /salle/…) and the projected view (staff only, /salle/projection/…).

A phone is known only by the participant id kept in its Django session, per live session: no
account, no IP address stored."""

import base64
import hashlib
import io
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import roles
from core.client import client_address

from .forms import JoinForm
from .models import QuestionState
from .selectors import (
    lettered_choices,
    participant_answer,
    participant_for_phone,
    phone_state,
    projection_state,
    question_distribution,
    session_for_phone,
    session_summary,
    session_with_counts,
)
from .services import (
    LiveQuizError,
    live_answer_submit,
    live_session_close,
    live_session_join,
    live_session_next,
    live_session_reveal,
)

SESSION_KEY = "livequiz"
# Wrong codes per network address before a pause: a whole room behind one Wi-Fi can mistype
# without being blocked, guessing among 31⁶ codes stays hopeless.
JOIN_FAILURES_ALLOWED = 40
JOIN_FAILURES_WINDOW = 10 * 60


def _participants(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _failure_key(request) -> str:
    # Hashed and kept only in the cache for ten minutes: the address itself is never stored.
    address = client_address(request)
    return "livequiz:join-failures:" + hashlib.sha256(address.encode()).hexdigest()[:32]


@never_cache
def join(request):
    """« Code de la session »: the phone joins the open session with that code."""
    if request.method == "POST":
        form = JoinForm(request.POST)
        key = _failure_key(request)
        if cache.get(key, 0) >= JOIN_FAILURES_ALLOWED:
            form.add_error("code", "Trop de codes erronés depuis ce réseau : patientez quelques minutes puis réessayez.")
        elif form.is_valid():
            known = _participants(request)
            try:
                session, participant = live_session_join(code=form.cleaned_data["code"], known_participants=known)
                known[str(session.public_id)] = participant.pk
                request.session[SESSION_KEY] = known
                return redirect("livequiz:phone", session.public_id)
            except LiveQuizError as error:
                cache.add(key, 0, JOIN_FAILURES_WINDOW)
                cache.incr(key)
                form.add_error("code", error.message)
    else:
        form = JoinForm(initial={"code": request.GET.get("code", "")[:12]})
    return render(request, "livequiz/join.html", {"form": form})


# What the phone says after an answer was sent (the `envoi` value of the redirect).
SENT_OUTCOMES = {
    "enregistree": (messages.SUCCESS, "Votre réponse a bien été enregistrée."),
    "deja": (messages.INFO, "Vous avez déjà répondu à cette question : votre première réponse est conservée."),
}


def _phone_context(request, session):
    participant_id = _participants(request).get(str(session.public_id))
    context = {"session": session, "poll_url": reverse("livequiz:phone_state", args=[session.public_id])}
    if session.is_open:
        question = session.current_question
        answer = participant_answer(session=session, participant_id=participant_id, position=session.position)
        chosen = set(answer.choice_ids) if answer else set()
        choices = [dict(choice, chosen=choice["id"] in chosen) for choice in lettered_choices(question)]
        context.update(
            question=question,
            choices=choices,
            chosen_choices=[choice for choice in choices if choice["chosen"]],
            answer=answer,
            revealed=session.state == QuestionState.REVEALED,
        )
    return participant_id, context


@never_cache
def phone(request, public_id: UUID):
    """The current question on a phone; a late joiner lands here on whatever is current."""
    session = session_for_phone(public_id=public_id)
    if session is None:
        raise Http404
    participant_id, context = _phone_context(request, session)
    if session.is_open and participant_id is None:
        return redirect(reverse("livequiz:join") + "?" + urlencode({"code": session.code}))
    outcome = SENT_OUTCOMES.get(request.GET.get("envoi", ""))
    if outcome and context.get("answer") and not context.get("revealed"):
        level, text = outcome
        messages.add_message(request, level, text)
    return render(request, "livequiz/phone.html", context)


@require_POST
def answer(request, public_id: UUID):
    session = session_for_phone(public_id=public_id)
    if session is None:
        raise Http404
    participant_id = _participants(request).get(str(session.public_id))
    if participant_id is None:
        return redirect(reverse("livequiz:join") + "?" + urlencode({"code": session.code}))
    participant = participant_for_phone(session=session, participant_id=participant_id)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = -1
    try:
        if participant is None:
            raise LiveQuizError("Rejoignez d'abord la session avec son code.")
        _answer, created = live_answer_submit(
            session=session, participant=participant, position=position, choice_ids=request.POST.getlist("choix")
        )
    except LiveQuizError as error:
        messages.error(request, error.message)
        return redirect("livequiz:phone", session.public_id)
    # The outcome travels in the address rather than in the message cookie: a double tap sends two
    # requests on the same cookies at once, and each response must tell its own outcome.
    outcome = "enregistree" if created else "deja"
    return redirect(reverse("livequiz:phone", args=[session.public_id]) + "?" + urlencode({"envoi": outcome}))


@never_cache
def phone_state_view(request, public_id: UUID):
    """Polled every two seconds by static/js/livequiz.js: one small query."""
    session = session_for_phone(public_id=public_id)
    if session is None:
        raise Http404
    return JsonResponse(phone_state(session=session))


# --- Projected view (staff) ---------------------------------------------------------------------------


def _staff_session(request, public_id):
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    if not roles.can_run_live_quiz(request.user):
        raise PermissionDenied
    session = session_with_counts(public_id=public_id)
    if session is None:
        raise Http404
    return session, None


def _qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@never_cache
def projection(request, public_id: UUID):
    session, denied = _staff_session(request, public_id)
    if denied:
        return denied
    join_url = request.build_absolute_uri(reverse("livequiz:join"))
    join_url_with_code = f"{join_url}?{urlencode({'code': session.code})}"
    context = {
        "session": session,
        "can_drive": roles.can_drive_live_session(request.user, session),
        "state": projection_state(session=session),
        "poll_url": reverse("livequiz:projection_state", args=[session.public_id]),
        "join_url": join_url,
        "qr": _qr_data_uri(join_url_with_code),
    }
    if session.is_open:
        context["choices"] = lettered_choices(session.current_question)
        if session.state == QuestionState.REVEALED:
            context["distribution"] = question_distribution(session=session, position=session.position)
    else:
        context["summary"] = session_summary(session=session)
    return render(request, "livequiz/projection.html", context)


@never_cache
def projection_state_view(request, public_id: UUID):
    session, denied = _staff_session(request, public_id)
    if denied:
        raise PermissionDenied
    return JsonResponse(projection_state(session=session))


def _position(request) -> int:
    try:
        return int(request.POST.get("position", ""))
    except ValueError:
        return -1


def _trainer_action(request, public_id, action):
    session, denied = _staff_session(request, public_id)
    if denied:
        return denied
    if not roles.can_drive_live_session(request.user, session):
        raise PermissionDenied
    try:
        action(session)
    except LiveQuizError as error:
        messages.error(request, error.message)
    return redirect("livequiz:projection", session.public_id)


@require_POST
def reveal(request, public_id: UUID):
    return _trainer_action(
        request, public_id, lambda session: live_session_reveal(session=session, from_position=_position(request))
    )


@require_POST
def next_question(request, public_id: UUID):
    return _trainer_action(
        request, public_id, lambda session: live_session_next(session=session, from_position=_position(request))
    )


@require_POST
def close(request, public_id: UUID):
    return _trainer_action(request, public_id, lambda session: live_session_close(session=session))
