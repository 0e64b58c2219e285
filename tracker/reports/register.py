"""A registration message in the pipeline: link the sender, or hold the claim for review.

`/dangky PHONE` links the sender's account on that channel to the one roster member
with that phone (`tracker.registration`). Nobody or several with that phone, an account
already linked to someone else, a member already linked to another account: the claim
waits in the review inbox as `registration`, and in the last case the member's team
leader is told. No answer, reason or log line shows a whole phone number.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.clock import utcnow
from tracker.i18n import Catalogue
from tracker.messages import Outbound
from tracker.phones import mask_phone
from tracker.private import is_private
from tracker.registration import (
    ATTEMPT,
    ATTEMPTS_PER_DAY,
    SELF,
    accounts_of,
    attempts_on,
    link_account,
    members_with_phone,
)
from tracker.reports.language import Registration
from tracker.reports.outcome import Message, Outcome, Review, add_reviews
from tracker.reports.replies import outbox_row
from tracker.reports.teams import Directory
from tracker.store.models import Chat, Member, MemberAccount, MessageStatus

log = logging.getLogger(__name__)

REASON = "registration"  # the review reason of a claim an officer must decide

TEXT = Catalogue(
    vi={
        # Every channel shows this text; one that can (Telegram) adds a share-my-number
        # button under it.
        "ask": "Chào bạn! Để tham gia, gõ: /dangky <số điện thoại> (số có trong danh sách "
        "tổ), hoặc bấm nút chia sẻ số điện thoại nếu có.",
        "linked": "Đã đăng ký: {member}, {team} (số {phone}).",
        "requeued": "{count} báo cáo gửi trước đây đang được tính lại.",
        "already": "Bạn đã đăng ký rồi: {member}, {team}.",
        "not_a_phone": "Chưa đăng ký được: không đọc được số điện thoại. "
        "Gõ ví dụ: /dangky 0912345678",
        "review": "Đã nhận yêu cầu đăng ký với số {phone}. Cán bộ sẽ kiểm tra và xác nhận.",
        "other_contact": "Chưa đăng ký: đây là số điện thoại của người khác. "
        "Hãy gửi số của chính bạn: /dangky <số điện thoại>.",
        "leader": "Lưu ý: một tài khoản {channel} khác xin đăng ký là {member} ({team}, "
        "số {phone}), nhưng thành viên này đã có tài khoản. Cán bộ sẽ kiểm tra.",
        "why_none": "không có thành viên nào có số này",
        "why_several": "{count} thành viên có số này",
        "why_taken": "{member} ({team}) đã có tài khoản khác",
        "why_other": "tài khoản này đã đăng ký là {member} ({team})",
    },
    en={
        "ask": "Hello! To join, type: /dangky <phone number> (the one on the team's list), "
        "or press the share-my-phone-number button if there is one.",
        "linked": "Registered: {member}, {team} (phone {phone}).",
        "requeued": "{count} earlier report(s) are being counted now.",
        "already": "You are already registered: {member}, {team}.",
        "not_a_phone": "Not registered: that is not a phone number. Type e.g.: /dangky 0912345678",
        "review": "Registration request with phone {phone} received. An officer will check it.",
        "other_contact": "Not registered: this is someone else's phone number. "
        "Send your own: /dangky <phone number>.",
        "leader": "Note: another {channel} account asks to register as {member} ({team}, "
        "phone {phone}), who already has an account. An officer will check it.",
        "why_none": "no member has this phone",
        "why_several": "{count} members have this phone",
        "why_taken": "{member} ({team}) already has another account",
        "why_other": "this account is already registered as {member} ({team})",
    },
)


class Registrar:
    """Registrations of one batch; attempts of the batch are counted here until written."""

    def __init__(self, session: Session, directory: Directory, language: str) -> None:
        self.session = session
        self.directory = directory
        self.language = language  # for reasons and the leader's notice
        self.attempts: dict[tuple[str, str], int] = {}
        self.notices: list[dict[str, Any]] = []

    def handle(self, row: Message, result: Registration, language: str | None) -> Outcome:
        """`language` None: no reply is wanted (history from a file)."""
        if row.sender_id is None:
            return Outcome(MessageStatus.IGNORED, f"{ATTEMPT} no sender")
        if result.start:
            return self._start(row, language)
        if not self._allowed(row, row.sender_id):
            return Outcome(MessageStatus.IGNORED, f"{ATTEMPT} over the daily limit")
        if row.forwarded:
            reply = _say(language, "other_contact")
            return Outcome(MessageStatus.IGNORED, f"{ATTEMPT} someone else's contact", reply)
        if result.phone is None:
            reply = _say(language, "not_a_phone")
            return Outcome(MessageStatus.IGNORED, f"{ATTEMPT} not a phone number", reply)
        return self._claim(row, row.sender_id, result.phone, language)

    def _start(self, row: Message, language: str | None) -> Outcome:
        known = accounts_of(self.session, row.channel, row.sender_id or "")
        if known:
            member = known[0].member
            reply = _say(language, "already", member=member.name, team=member.team.name)
            return Outcome(MessageStatus.IGNORED, "registration prompt: already linked", reply)
        private = is_private(row.chat_id, row.sender_id)
        reply = _say(language, "ask")
        return Outcome(MessageStatus.IGNORED, "registration prompt", reply, ask_phone=private)

    def _allowed(self, row: Message, sender: str) -> bool:
        key = (row.channel, sender)
        if key not in self.attempts:
            self.attempts[key] = attempts_on(self.session, row.channel, sender, row.day)
        self.attempts[key] += 1
        if self.attempts[key] <= ATTEMPTS_PER_DAY:
            return True
        log.warning(
            "registration attempt %d today from %s:%s ignored (at most %d a day)",
            self.attempts[key],
            row.channel,
            sender,
            ATTEMPTS_PER_DAY,
        )
        return False

    def _claim(self, row: Message, sender: str, phone: str, language: str | None) -> Outcome:
        masked = mask_phone(phone)
        members = members_with_phone(self.session, phone)
        mine = accounts_of(self.session, row.channel, sender)
        why: tuple[str, dict[str, Any]]
        if len(members) != 1:
            why = ("why_none", {}) if not members else ("why_several", {"count": len(members)})
            return self._review(row, masked, None, why, language)
        member = members[0]
        team = member.team
        if any(account.member_id == member.id for account in mine):
            private = row.chat_id if is_private(row.chat_id, sender) else None
            reply = _say(language, "already", member=member.name, team=team.name)
            if private is not None:
                self._private(mine, private)
            return Outcome(MessageStatus.IGNORED, f"{ATTEMPT} already linked", reply)
        if mine:
            other = mine[0].member
            why = ("why_other", {"member": other.name, "team": other.team.name})
            return self._review(row, masked, other.team_id, why, language)
        taken = member.account(row.channel)
        if taken is not None:
            why = ("why_taken", {"member": member.name, "team": team.name})
            if language is not None:
                self._tell_leader(row, member, masked)
            return self._review(row, masked, team.id, why, language)
        private = row.chat_id if is_private(row.chat_id, sender) else None
        linked = link_account(
            self.session, member, row.channel, sender, by=SELF, private_chat_id=private
        )
        self.directory.learn(row.channel, sender, team.id)
        reply = _say(language, "linked", member=member.name, team=team.name, phone=masked)
        if reply is not None and linked.requeued:
            reply += "\n" + _say_text(language or self.language, "requeued", linked.requeued)
        return Outcome(MessageStatus.COUNTED, f"{ATTEMPT} linked", reply)

    def _review(
        self,
        row: Message,
        masked: str,
        team_id: int | None,
        why: tuple[str, dict[str, Any]],
        language: str | None,
    ) -> Outcome:
        detail = TEXT(self.language, why[0], **why[1])
        add_reviews(self.session, row.id, [Review(REASON, f"{masked}: {detail}", team_id)])
        reply = _say(language, "review", phone=masked)
        return Outcome(MessageStatus.REVIEW, f"{ATTEMPT} {REASON}", reply, 0, 1)

    def _tell_leader(self, row: Message, member: Member, masked: str) -> None:
        """The claim on an account-holding member goes to the leader's chat: the team's
        own group on that channel, else the leader's private chat with the bot."""
        chat = self.session.scalar(
            select(Chat.chat_id)
            .where(Chat.channel == row.channel, Chat.team_id == member.team_id)
            .order_by(Chat.id)
        )
        if chat is None:
            chat = self.session.scalar(
                select(MemberAccount.private_chat_id)
                .join(Member, MemberAccount.member_id == Member.id)
                .where(
                    Member.team_id == member.team_id,
                    Member.role == "leader",
                    MemberAccount.channel == row.channel,
                    MemberAccount.private_chat_id.is_not(None),
                )
            )
        if chat is None:
            return
        text = TEXT(
            self.language,
            "leader",
            channel=row.channel,
            member=member.name,
            team=member.team.name,
            phone=masked,
        )
        key = f"notice:registration:{row.channel}:{row.chat_id}:{row.message_id}"
        out = Outbound(row.channel, chat, text, key, "notice")
        self.notices.append(outbox_row(out, utcnow()))

    def _private(self, accounts: list[MemberAccount], chat_id: str) -> None:
        for account in accounts:
            account.private_chat_id = chat_id


def _say(language: str | None, key: str, **values: Any) -> str | None:
    return None if language is None else TEXT(language, key, **values)


def _say_text(language: str, key: str, count: int) -> str:
    return TEXT(language, key, count=count)
