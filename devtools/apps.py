from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tooling: demo and scale seeding, bench, load test."""

    name = "devtools"
