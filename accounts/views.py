"""Sign-up, sign-in, profile and favourites: thin views over accounts.services."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import FavouriteForm, ProfileForm, SignUpForm
from matches.models import Competition, Match, Team

FAVOURITE_MODELS = {"team": Team, "competition": Competition, "match": Match}


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    next_page = "home"


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)  # the one configured backend (accounts.lockout)
        return redirect("home")
    return render(request, "accounts/sign_up.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        services.user_profile_update(user=request.user, time_zone=form.cleaned_data["time_zone"])
        messages.success(request, "Saved. Times are now shown in your time zone.")
        return redirect("profile")
    favourites = request.user.favourites.select_related("team", "competition", "match")
    return render(request, "accounts/profile.html", {"form": form, "favourites": favourites})


@login_required
@require_POST
def favourite(request):
    form = FavouriteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Unknown favourite.")
    kind, target_id = form.cleaned_data["kind"], form.cleaned_data["target_id"]
    if not FAVOURITE_MODELS[kind].objects.filter(pk=target_id).exists():
        return HttpResponseBadRequest("Unknown favourite.")
    if form.cleaned_data["action"] == "add":
        services.favourite_add(user=request.user, kind=kind, target_id=target_id)
    else:
        services.favourite_remove(user=request.user, kind=kind, target_id=target_id)
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)
