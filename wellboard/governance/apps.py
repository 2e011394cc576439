from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "wellboard.governance"
    label = "governance"
