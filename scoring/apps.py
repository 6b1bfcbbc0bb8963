from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"

    def ready(self) -> None:
        from livescore.metrics import install_drop_counter

        install_drop_counter()
