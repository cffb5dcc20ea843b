from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sedp import query
from sedp.accounts.policy import access, can, restrict
from sedp.accounts.roles import Action

from . import actions
from .choices import Level
from .forms import TiersForm, VillageImportForm
from .importers import import_villages
from .models import Unit


def index(request):
    """Provinces (current, or legacy with ?legacy=1), and a name search that ignores diacritics."""
    legacy = query.flag(request, "legacy")
    q = query.text(request, "q")
    units = restrict(Unit.objects.all(), request.user).filter(is_legacy=legacy)
    if q:
        units = units.search(q).select_related("parent")[:50]
    else:
        units = units.filter(level=Level.PROVINCE).order_by("code")
    return render(request, "places/index.html", {"units": units, "legacy": legacy, "q": q})


def detail(request, pk: int):
    unit = access(request.user, Unit.objects.select_related("parent", "parent__parent"), pk=pk)
    children = Paginator(unit.children.order_by("code", "name"), 100).get_page(query.page(request))
    context = {
        "unit": unit,
        "children": children,
        "ancestors": unit.ancestors(),
        "successors": unit.successors.all(),
        "predecessors": unit.predecessors.all()[:50],
        "can_import": unit.level == Level.COMMUNE and can(request.user, Action.CHANGE, unit),
        "tiers_form": TiersForm(initial={"tiers": unit.tiers})
        if unit.level == Level.PROVINCE and can(request.user, Action.MANAGE, unit)
        else None,
    }
    return render(request, "places/detail.html", context)


@login_required
def import_villages_view(request, pk: int):
    commune = access(request.user, Unit.objects.filter(level=Level.COMMUNE), Action.CHANGE, pk=pk)
    report = None
    form = VillageImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_villages(
            upload, filename=upload.name, legacy=commune.is_legacy, actor=request.user, commune=commune
        )
        if report.ok:
            messages.success(
                request,
                _("%(created)d villages added, %(updated)d updated.")
                % {"created": report.created, "updated": report.updated},
            )
            return redirect("places:detail", pk=commune.pk)
    return render(request, "places/import.html", {"unit": commune, "form": form, "report": report})


@login_required
def set_tiers(request, pk: int):
    province = access(request.user, Unit.objects.filter(level=Level.PROVINCE), Action.MANAGE, pk=pk)
    form = TiersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.set_tiers(province, form.cleaned_data["tiers"], actor=request.user)
        messages.success(request, _("The planning process of %(unit)s is saved.") % {"unit": province.name})
    elif request.method == "POST":
        messages.error(request, _("Choose two-tier or three-tier."))
    return redirect("places:detail", pk=province.pk)
