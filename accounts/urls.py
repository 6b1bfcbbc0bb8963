from django.urls import path

from accounts import views

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign-up"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("profile/", views.profile, name="profile"),
    path("favourites/", views.favourite, name="favourite"),
]
