"""What the officer rules say, in Vietnamese and English."""

from __future__ import annotations

from tracker.i18n import Catalogue

MESSAGES = Catalogue(
    vi={
        "role.viewer": "người xem",
        "role.editor": "người nhập liệu",
        "role.admin": "quản trị",
        "refused": "từ chối {what}: {why}",
        "why.no_account": "người dùng {login} chưa có tài khoản cán bộ nên chỉ được xem",
        "why.viewer": "{login} là người xem, không được sửa gì",
        "why.admin_only": "chỉ quản trị mới được {task}; {login} là {role}",
        "why.outside": "{place} nằm ngoài phạm vi {scope} của {login}",
        "why.whole_store": "việc này áp dụng cho cả kho dữ liệu, ngoài phạm vi {scope} của {login}",
        "why.other_name": "chỉ quản trị mới được ghi dưới tên khác ({name}); {login} là {role}",
        "why.no_login": "hệ thống không cho biết tên đăng nhập của người chạy lệnh",
        "task.reorganize": "sắp xếp lại bản đồ đơn vị",
        "task.accounts": "quản lý tài khoản cán bộ",
        "officer.unknown": "không có tài khoản cán bộ '{login}'",
        "officer.taken": "đã có tài khoản cán bộ '{login}'",
        "officer.bad_login": "'{login}' không phải tên đăng nhập: chỉ chữ không dấu, số, "
        "dấu chấm, gạch dưới, gạch ngang; tối đa 64 ký tự",
        "officer.needs_name": "tài khoản cần có họ tên (--name)",
        "officer.bad_role": "'{role}' không phải vai trò: viewer, editor hoặc admin",
        "officer.first_admin": "tài khoản đầu tiên phải là quản trị (--role admin), để còn "
        "người quản lý các tài khoản khác",
        "officer.last_admin": "'{login}' là quản trị cuối cùng ở cấp cao nhất: thêm quản trị "
        "khác trước",
        "password.short": "mật khẩu cần ít nhất {n} ký tự",
        "password.mismatch": "hai lần nhập mật khẩu không khớp",
        "password.set": "đã đặt mật khẩu cho {login}",
        "officer.added": "đã thêm {login} ({role}, {scope})",
        "officer.changed": "đã sửa {login}: {changes}",
        "officer.unchanged": "{login} không có gì thay đổi",
        "officer.removed": "đã xoá tài khoản {login}",
    },
    en={
        "role.viewer": "viewer",
        "role.editor": "editor",
        "role.admin": "admin",
        "refused": "refused {what}: {why}",
        "why.no_account": "user {login} has no officer account, so may only read",
        "why.viewer": "{login} is a viewer and changes nothing",
        "why.admin_only": "only an admin may {task}; {login} is {role}",
        "why.outside": "{place} is outside {login}'s scope {scope}",
        "why.whole_store": "it applies to the whole store, beyond {login}'s scope {scope}",
        "why.other_name": "only an admin may write under another name ({name}); {login} is {role}",
        "why.no_login": "the system does not tell who runs the command",
        "task.reorganize": "reorganise the map",
        "task.accounts": "manage officer accounts",
        "officer.unknown": "there is no officer account '{login}'",
        "officer.taken": "officer account '{login}' already exists",
        "officer.bad_login": "'{login}' is not a login: use letters, digits, dots, "
        "underscores and hyphens, at most 64",
        "officer.needs_name": "an account needs a name (--name)",
        "officer.bad_role": "'{role}' is not a role: viewer, editor or admin",
        "officer.first_admin": "the first account must be an admin (--role admin), so that "
        "someone can manage the others",
        "officer.last_admin": "'{login}' is the last admin at the top: add another admin first",
        "password.short": "a password needs at least {n} characters",
        "password.mismatch": "the two passwords differ",
        "password.set": "password set for {login}",
        "officer.added": "added {login} ({role}, {scope})",
        "officer.changed": "changed {login}: {changes}",
        "officer.unchanged": "{login}: nothing changed",
        "officer.removed": "removed account {login}",
    },
)
