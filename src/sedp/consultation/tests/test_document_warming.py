"""A plan's .pdf and .docx are made when its content is frozen for others to read (a draft frozen, the plan
adopted), after the commit, so that the first reader does not wait for WeasyPrint (`sedp.exports.warming`)."""

import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from sedp.consultation import actions
from sedp.plans.logframe import actions as lf
from sedp.plans.logframe import views
from sedp.plans.logframe.views import document_bytes

from .conftest import to_revised

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(monkeypatch):
    """The documents rendered, in order ("pdf: title"); the .pdf through the faster .docx renderer."""
    out = []
    docx = views.render_docx

    def pdf(core):
        out.append(f"pdf: {core.title}")
        return docx(core)

    def counted_docx(core):
        out.append(f"docx: {core.title}")
        return docx(core)

    monkeypatch.setattr(views, "render_pdf", pdf)
    monkeypatch.setattr(views, "render_docx", counted_docx)
    cache.clear()
    return out


def kept(plan, extension: str) -> bool:
    """The document of the plan's current content is in the cache (asking for it renders nothing)."""

    def refuse(core):
        raise AssertionError("not kept")

    try:
        document_bytes(plan, refuse, extension)
    except AssertionError:
        return False
    return True


def test_freezing_and_adopting_make_the_documents_after_the_commit(
    settings, clean_plan, commune_planner, client, made, django_capture_on_commit_callbacks
):
    settings.SEDP_DOCUMENT_WARMING = "inline"
    with django_capture_on_commit_callbacks(execute=True):
        actions.freeze(clean_plan, actor=commune_planner, note="cho hội nghị góp ý")
    title = views.lf.to_core(clean_plan).title
    assert made == [f"pdf: {title}", f"docx: {title}"]  # once each, at the commit
    assert kept(clean_plan, "pdf") and kept(clean_plan, "docx")

    client.force_login(commune_planner)
    pdf = client.get(reverse("plans:plan_pdf", args=[clean_plan.pk, clean_plan.year_from]))
    docx = client.get(reverse("plans:plan_docx", args=[clean_plan.pk, clean_plan.year_from]))
    assert pdf.status_code == docx.status_code == 200
    assert len(made) == 2  # the downloads were made in advance

    with django_capture_on_commit_callbacks(execute=True):
        plan = to_revised(clean_plan, commune_planner)  # the title changes before draft 2
        plan = actions.move(plan, "adopted", actor=commune_planner)
    title = views.lf.to_core(plan).title
    assert title.endswith("(sửa)")
    assert made[2:] == [f"pdf: {title}", f"docx: {title}"]  # the new content once, at the commit
    assert kept(plan, "pdf") and kept(plan, "docx")
    client.get(reverse("plans:plan_pdf", args=[plan.pk, plan.year_from]))
    assert len(made) == 4


def test_nothing_is_made_before_the_commit_nor_when_warming_is_off(
    settings, clean_plan, commune_planner, made, django_capture_on_commit_callbacks
):
    settings.SEDP_DOCUMENT_WARMING = "inline"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.freeze(clean_plan, actor=commune_planner)
    assert made == [] and callbacks  # waiting for the commit
    settings.SEDP_DOCUMENT_WARMING = "off"  # the tests' default
    lf.update_header(clean_plan, actor=commune_planner, title="Kế hoạch sửa đổi")
    with django_capture_on_commit_callbacks(execute=True):
        actions.freeze(clean_plan, actor=commune_planner)
    assert made == [] and not kept(clean_plan, "pdf")


def test_a_failure_is_logged_and_the_action_stands(
    settings, clean_plan, commune_planner, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.SEDP_DOCUMENT_WARMING = "inline"

    def broken(core):
        raise RuntimeError("WeasyPrint is missing a font")

    monkeypatch.setattr(views, "render_pdf", broken)
    cache.clear()
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        version = actions.freeze(clean_plan, actor=commune_planner)
    assert version.number == 1 and clean_plan.draft_versions.count() == 1
    assert "Could not make the documents of plan" in caplog.text


def test_warm_documents_makes_those_of_every_plan_that_is_not_a_draft(
    clean_plan, plan, commune_planner, made, capsys
):
    revised = to_revised(clean_plan, commune_planner)  # warming is off in tests: nothing made yet
    assert made == []
    call_command("warm_documents", year=revised.year_from)
    title = views.lf.to_core(revised).title
    assert made == [f"pdf: {title}", f"docx: {title}"]  # the draft `plan` is left
    assert "2 documents made, 0 already kept" in capsys.readouterr().out
    call_command("warm_documents", year=revised.year_from)
    assert len(made) == 2 and "0 documents made, 2 already kept" in capsys.readouterr().out
