"""Publishing a plan (adopted, approved, submitted) or issuing an assignment refreshes the open data."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from sedp.assignments.models import Assignment
from sedp.assignments.models import State as AssignmentState
from sedp.plans.models import PUBLIC_STATES, Plan

from .actions import schedule


@receiver(post_save, sender=Plan, dispatch_uid="opendata-plan-published")
def plan_published(sender, instance: Plan, created, update_fields=None, raw=False, **kwargs):
    if raw or instance.state not in PUBLIC_STATES:
        return
    if update_fields is not None and "state" not in update_fields:
        return
    schedule(instance.unit_id, instance.year_from)


@receiver(post_save, sender=Assignment, dispatch_uid="opendata-assignment-issued")
def assignment_issued(sender, instance: Assignment, created, update_fields=None, raw=False, **kwargs):
    if raw or instance.state != AssignmentState.ISSUED:
        return
    if update_fields is not None and "state" not in update_fields:
        return
    schedule(instance.unit_id, instance.year)
