"""Sign-up, tokens, profile and favourites: each view parses, calls one service, presents."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt import views as jwt_views

from accounts import selectors, services
from livescore.api_inputs import valid_body, valid_query
from livescore.api_pagination import CURSOR_PARAMETERS, page_of, paginated
from livescore.api_throttles import TokenRateThrottle

TOKEN_PAIR = inline_serializer(
    "TokenPair", {"access": serializers.CharField(), "refresh": serializers.CharField()}
)


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    time_zone = serializers.CharField()
    language = serializers.CharField()
    is_staff = serializers.BooleanField(source="is_scoring_staff")
    assigned_matches = serializers.SerializerMethodField()

    def get_assigned_matches(self, user) -> list[int]:
        return sorted(user.assigned_matches.values_list("id", flat=True))


class UserRegisterApi(APIView):
    class InputSerializer(serializers.Serializer):
        username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
        email = serializers.EmailField(max_length=254)
        password = serializers.CharField(max_length=128, write_only=True)
        first_name = serializers.CharField(max_length=150, required=False, default="")
        last_name = serializers.CharField(max_length=150, required=False, default="")
        time_zone = serializers.CharField(max_length=64, required=False, default="UTC")
        language = serializers.CharField(max_length=16, required=False, default="en")

    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        tags=["auth"],
        request=InputSerializer,
        responses={201: UserOutputSerializer},
        summary="Sign up as a fan",
    )
    def post(self, request):
        data = valid_body(self.InputSerializer, request)
        user = services.user_register(**data)
        return Response(UserOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenObtainInputSerializer(jwt_serializers.TokenObtainPairSerializer):
    """`username` may be the user name or the e-mail address."""

    def validate(self, attrs):
        login = attrs.get(self.username_field, "")
        if "@" in login:
            user = get_user_model().objects.filter(email__iexact=login).first()
            if user is not None:
                attrs = {**attrs, self.username_field: user.get_username()}
        return super().validate(attrs)


class AuthTokenObtainApi(jwt_views.TokenObtainPairView):
    serializer_class = TokenObtainInputSerializer
    throttle_classes = [TokenRateThrottle]

    @extend_schema(tags=["auth"], responses={200: TOKEN_PAIR}, summary="Sign in")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class AuthTokenRefreshApi(jwt_views.TokenRefreshView):
    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        tags=["auth"],
        responses={200: TOKEN_PAIR},
        summary="Trade a refresh token for a new pair (the old refresh token is revoked)",
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class AuthTokenVerifyApi(jwt_views.TokenVerifyView):
    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        tags=["auth"],
        responses={200: inline_serializer("TokenValid", {})},
        summary="Check a token",
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class AuthLogoutApi(jwt_views.TokenBlacklistView):
    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        tags=["auth"],
        responses={200: inline_serializer("LoggedOut", {})},
        summary="Sign out: revoke the refresh token",
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class UserMeApi(APIView):
    class InputSerializer(serializers.Serializer):
        first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        time_zone = serializers.CharField(max_length=64, required=False)
        language = serializers.CharField(max_length=16, required=False)

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["auth"], responses={200: UserOutputSerializer}, summary="Who am I")
    def get(self, request):
        return Response(UserOutputSerializer(request.user).data)

    @extend_schema(
        tags=["auth"],
        request=InputSerializer,
        responses={200: UserOutputSerializer},
        summary="Change my name, time zone or language",
    )
    def patch(self, request):
        data = valid_body(self.InputSerializer, request)
        user = services.user_profile_update(user=request.user, **data)
        return Response(UserOutputSerializer(user).data)


class UserPasswordChangeApi(APIView):
    class InputSerializer(serializers.Serializer):
        old_password = serializers.CharField(max_length=128)
        new_password = serializers.CharField(max_length=128)

    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        tags=["auth"], request=InputSerializer, responses={204: None}, summary="Change password"
    )
    def post(self, request):
        data = valid_body(self.InputSerializer, request)
        services.user_password_change(user=request.user, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FavouriteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.SerializerMethodField()
    target_id = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def _kind(self, favourite) -> str:
        return next(k for k in services.FAVOURITE_KINDS if getattr(favourite, f"{k}_id"))

    def get_kind(self, favourite) -> str:
        return self._kind(favourite)

    def get_target_id(self, favourite) -> int:
        return getattr(favourite, f"{self._kind(favourite)}_id")

    def get_name(self, favourite) -> str:
        return str(getattr(favourite, self._kind(favourite)))


class FavouriteListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=sorted(services.FAVOURITE_KINDS), required=False)

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["favourites"],
        parameters=[FilterSerializer, *CURSOR_PARAMETERS],
        responses={200: page_of(FavouriteOutputSerializer, "FavouritePage")},
        summary="What I follow",
    )
    def get(self, request):
        filters = valid_query(self.FilterSerializer, request)
        favourites = selectors.favourite_list(user=request.user, kind=filters.get("kind"))
        return paginated(request, self, favourites, FavouriteOutputSerializer)


class FavouriteAddApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=sorted(services.FAVOURITE_KINDS))
        target_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["favourites"],
        request=InputSerializer,
        responses={201: FavouriteOutputSerializer, 200: FavouriteOutputSerializer},
        summary="Follow a team, competition or match (200 if already followed)",
    )
    def post(self, request):
        data = valid_body(self.InputSerializer, request)
        favourite, created = services.favourite_add(
            user=request.user, kind=data["kind"], target_id=data["target_id"]
        )
        return Response(
            FavouriteOutputSerializer(favourite).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class FavouriteRemoveApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["favourites"],
        parameters=[
            OpenApiParameter(
                "kind", str, OpenApiParameter.PATH, enum=sorted(services.FAVOURITE_KINDS)
            ),
        ],
        responses={204: None},
        summary="Stop following",
    )
    def delete(self, request, kind: str, target_id: int):
        if not services.favourite_remove(user=request.user, kind=kind, target_id=target_id):
            raise NotFound(f"You do not follow {kind} {target_id}.")
        return Response(status=status.HTTP_204_NO_CONTENT)
