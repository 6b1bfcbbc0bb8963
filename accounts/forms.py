from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import UserCreationForm

from accounts.models import User

TIME_ZONES = sorted(available_timezones() - {"localtime", "Factory"})


class SignUpForm(UserCreationForm):
    time_zone = forms.ChoiceField(choices=[(tz, tz) for tz in TIME_ZONES], initial="UTC")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "time_zone")


class ProfileForm(forms.Form):
    time_zone = forms.ChoiceField(choices=[(tz, tz) for tz in TIME_ZONES])


class FavouriteForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in ("team", "competition", "match")])
    target_id = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])
    next = forms.CharField(required=False, max_length=500)
