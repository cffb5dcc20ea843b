from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class DemoAwareBackend(ModelBackend):
    """The ordinary backend, except that demo accounts are refused unless the demo setting is on."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.SEDP_DEMO:
            return False
        return super().user_can_authenticate(user)
