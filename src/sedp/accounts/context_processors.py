from django.conf import settings


def demo(request):
    return {"SEDP_DEMO": settings.SEDP_DEMO}
