"""Every audit action the cases app writes (registered with the audit trail in apps.py)."""

from django.db import models


class CaseAction(models.TextChoices):
    PERSON_VIEW = "person.view", "Person record viewed"
    PERSON_EDIT_VIEW = "person.edit_view", "Person edit page viewed"
    PERSON_SEARCH = "person.search", "People searched at intake"
    PERSON_CREATE = "person.create", "Person recorded"
    PERSON_UPDATE = "person.update", "Person changed"
    PERSON_MATCH_SAME = "person.match_same", "Intake: officer chose a person already recorded"
    PERSON_MATCH_DIFFERENT = "person.match_different", "Intake: officer declared a different person"
    PERSON_MERGE = "person.merge", "Duplicate person merged into this one"
    PERSON_MERGED_AWAY = "person.merged_away", "Person merged into another (duplicate)"
    CASE_VIEW = "case.view", "Custody case viewed"
    CASE_TIMELINE_VIEW = "case.timeline_view", "Custody case timeline viewed"
    CASE_LIST_VIEW = "case.list_view", "Custody list viewed"
    CASE_BOOK = "case.book", "Person booked"
    CASE_UPDATE = "case.update", "Booking changed"
    CASE_RELEASE = "case.release", "Person released"
    CASE_TRANSFER = "case.transfer", "Person transferred"
    CASE_EXPORT = "case.export", "Custody list exported"
    CHARGE_ADD = "charge.add", "Charge added"
    CHARGE_UPDATE = "charge.update", "Charge changed"
    CONVICTION_ADD = "conviction.add", "Conviction added"
    CONVICTION_UPDATE = "conviction.update", "Conviction changed"
    CONVICTION_VERIFY = "conviction.verify", "Conviction verified"
    IMPORT_ROSTER = "import.roster", "Roster imported"
    IMPORT_HISTORY = "import.history", "Criminal history imported"
    IMPORT_QUEUED = "import.queued", "Import handed to a background worker"
    IMPORT_FAILED = "import.failed", "Background import refused: nothing imported"


class DetainerAction(models.TextChoices):
    VIEW = "detainer.view", "Detainer viewed"
    LOG = "detainer.log", "Detainer logged"
    UPDATE = "detainer.update", "Detainer changed"
    STATUS = "detainer.status", "Detainer status set"
    DOCUMENT_ADD = "detainer.document_add", "Detainer document added"
    DOCUMENT_UPDATE = "detainer.document_update", "Detainer document changed"
    SCAN_UPLOAD = "detainer.scan_upload", "Detainer scan uploaded"
    SCAN_VIEW = "detainer.scan_view", "Detainer scan viewed"
    ICE_CONTACT = "detainer.ice_contact", "ICE contact recorded"


class DecisionAuditAction(models.TextChoices):
    VIEW = "decision.view", "Decision viewed"
    SCREEN_VIEW = "decision.screen_view", "Decision screen viewed"
    RECORD = "decision.record", "Decision recorded"
    CORRECT = "decision.correct", "Decision corrected"
    REVIEW = "decision.review", "Decision review refused"
    APPROVED = "decision.approved", "Decision approved"
    RETURNED = "decision.returned", "Decision returned"
    DUTY_DONE = "decision.duty_done", "Decision duty marked done"
    SIGNOFF = "ruleset.signoff", "Rule set signed off"
    POLICY = "decision.policy", "Agency decision policy changed"
    FACT_CORRECT = "decision.fact_correct", "Fact corrected on the decision screen"


class CatalogueAction(models.TextChoices):
    OFFENSE_CREATE = "offense.create", "Catalogue offense added"
    OFFENSE_UPDATE = "offense.update", "Catalogue offense changed"
    PROPOSAL_CREATE = "catalogue.propose", "Catalogue correction proposed"
    PROPOSAL_ACCEPT = "catalogue.accept", "Catalogue proposal accepted"
    PROPOSAL_REJECT = "catalogue.reject", "Catalogue proposal rejected"


class IceAction(models.TextChoices):
    """ICE access and what must come before it (C.G.S. § 54-192h(a)(6), (c), (e)(1))."""

    ACCESS = "ice.access", "ICE access recorded"
    ACCESS_REFUSED = "ice.access_refused", "ICE access refused by the gate"
    OVERRIDE_REQUEST = "override.request", "Override requested"
    OVERRIDE_APPROVED = "override.approved", "Override approved"
    OVERRIDE_REJECTED = "override.rejected", "Override rejected"
    NOTIFICATION_FORWARD = "notification_request.forward", "Notification request forwarded to the agency head"
    NOTIFICATION_REVIEW = "notification_request.review", "Notification request reviewed by the agency head"
    NOTICE_CREATE = "notice.create", "Notice to the person prepared"
    NOTICE_PRINT = "notice.print", "Notice printed"
    NOTICE_SERVE = "notice.serve", "Notice served"
    ACCESS_PRINT = "ice.access_print", "ICE access record printed"
