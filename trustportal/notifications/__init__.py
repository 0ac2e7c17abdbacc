"""Reminders that cannot be lost, in-app notifications and the e-mail outbox (DESIGN §6).

Part of the project floor: it knows no app. Apps plan their reminders through
``scheduling`` (schedule / cancel / revive), register their reminder kinds (``kinds``) and,
for their target types, a relevance check the sweep runs before sending (``relevance``).
"""
