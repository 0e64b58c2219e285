"""Every table of the store. Import from here: `from tracker.store.models import Team`."""

from tracker.store.base import Base
from tracker.store.models.audit import AuditEntry
from tracker.store.models.chats import Chat
from tracker.store.models.geography import LEVELS, Unit, UnitVersion
from tracker.store.models.indicators import PILLARS, Indicator, Quota
from tracker.store.models.journal import (
    ChannelCursor,
    ChannelToken,
    InboundMessage,
    MessageSource,
    MessageStatus,
)
from tracker.store.models.lease import SyncLease
from tracker.store.models.officers import OFFICER_ROLES, Officer
from tracker.store.models.outbox import OutboxMessage
from tracker.store.models.reports import MonthlyDecision, MonthlyReport, ReportEntry, ReviewItem
from tracker.store.models.tasks import Task, TaskAssignment
from tracker.store.models.teams import ROLES, Member, MemberAccount, Team, TeamUnit

__all__ = [
    "LEVELS",
    "OFFICER_ROLES",
    "PILLARS",
    "ROLES",
    "AuditEntry",
    "Base",
    "ChannelCursor",
    "ChannelToken",
    "Chat",
    "InboundMessage",
    "Indicator",
    "Member",
    "MemberAccount",
    "MessageSource",
    "MessageStatus",
    "MonthlyDecision",
    "MonthlyReport",
    "Officer",
    "OutboxMessage",
    "Quota",
    "ReportEntry",
    "ReviewItem",
    "SyncLease",
    "Task",
    "TaskAssignment",
    "Team",
    "TeamUnit",
    "Unit",
    "UnitVersion",
]
