"""What each key does, in a sentence: the help screen (`?`, F1) and the palette show it.

Keyed by the binding's description key without its prefix (`bind.accept` -> `accept`).
"""

from __future__ import annotations

from tracker.i18n import Catalogue

TIPS = Catalogue(
    vi={
        "accept": "Tính tin đang chọn: chọn tổ, chỉ tiêu và số từ danh sách",
        "add_member": "Thêm một thành viên vào tổ đang chọn",
        "add_team": "Thêm một tổ phụ trách đơn vị đang chọn",
        "add_unit": "Thêm một đơn vị trực thuộc đơn vị đang chọn",
        "age": "Chỉ hiện tin cũ hơn 7 ngày, rồi 30 ngày, rồi tất cả",
        "allocate": "Chia một tổng chỉ tiêu cho các tổ theo số hộ",
        "approve": "Duyệt báo cáo tháng của tổ đang chọn",
        "bind_chat": "Gắn một nhóm chat với đơn vị hoặc tổ đang chọn",
        "chart_scope": "Vẽ biểu đồ cho cả phạm vi thay vì một tổ",
        "copy": "Chép chỉ tiêu của kỳ trước sang kỳ này (giữ chỉ tiêu đã có)",
        "done": "Đánh dấu nhiệm vụ hoàn thành cho tổ đang chọn, kèm ghi chú",
        "edit": "Sửa ô hoặc mục đang chọn",
        "edit_member": "Sửa thành viên đang chọn",
        "edit_team": "Sửa tổ đang chọn",
        "edit_unit": "Sửa đơn vị đang chọn",
        "export": "Ghi bảng xếp hạng ra tệp CSV, XLSX hoặc JSON",
        "import": "Nhập tệp chỉ tiêu (.csv hoặc .xlsx)",
        "indicator": "Biểu đồ của chỉ tiêu tiếp theo",
        "link": "Gắn người gửi với một thành viên trong danh sách",
        "new_task": "Giao một nhiệm vụ mới cho các tổ",
        "next": "Sang tháng (kỳ) sau",
        "post": "Xếp bản tin hôm nay vào hàng gửi ngay",
        "prev": "Về tháng (kỳ) trước",
        "quit": "Thoát chương trình",
        "refresh": "Đọc lại dữ liệu từ kho",
        "reject": "Không tính tin đang chọn, kèm lý do",
        "reject_shown": "Không tính mọi tin đang hiển thị (sau một câu hỏi)",
        "remove_member": "Xoá thành viên đang chọn khỏi tổ",
        "remove_team": "Xoá tổ đang chọn",
        "remove_unit": "Xoá đơn vị đang chọn",
        "return": "Trả lại báo cáo tháng cho tổ, kèm lý do",
        "reverse": "Đảo thứ tự sắp xếp",
        "scope": "Chọn đơn vị (tỉnh, xã...) mà các màn hình hiển thị",
        "search": "Tìm, không cần gõ dấu; Esc để ra khỏi ô tìm",
        "sort": "Đổi cách sắp xếp",
        "unbind_chat": "Gỡ nhóm chat khỏi đơn vị hoặc tổ",
        "undo": "Hoàn tác thay đổi cuối của lưới (một ô, một lần phân bổ, một lần chép), "
        "ghi vào nhật ký",
        "undo_edit": "Hoàn tác thay đổi cuối của màn hình: đơn vị, tổ, thành viên hoặc nhóm "
        "chat (thêm, sửa, xoá), ghi vào nhật ký",
        "undo_task": "Mở lại việc vừa đánh dấu hoàn thành (hoàn tác thay đổi cuối), ghi vào "
        "nhật ký",
        "undo_review": "Hoàn tác lần duyệt hay từ chối cuối (cả danh sách), ghi nhật ký",
        "undo_monthly": "Hoàn tác lần duyệt hay trả lại báo cáo cuối, ghi nhật ký",
        "undo_post": "Rút lại bản tin vừa gửi khi chưa gửi đi, ghi nhật ký",
        "help": "Các phím của màn hình này",
        "palette": "Mở bảng lệnh: tìm mọi lệnh theo tên",
        "focus_next": "Chuyển sang ô (bảng, trường) tiếp theo",
        "focus_previous": "Về ô (bảng, trường) trước",
        "copy_text": "Chép chữ đang bôi đen",
        "welcome_import": "Nhập một tệp đơn vị, tổ, thành viên, nhóm chat... (.csv, .xlsx)",
        "welcome_demo": "Nạp dữ liệu mẫu của một tỉnh để xem thử",
        "welcome_unit": "Tự thêm đơn vị đầu tiên (tỉnh), rồi các tổ",
        "welcome_go": "Mở các màn hình trên các đơn vị vừa nhập",
    },
    en={
        "accept": "Count the chosen item: pick team, indicator and value from lists",
        "add_member": "Add a member to the chosen team",
        "add_team": "Add a team for the chosen unit",
        "add_unit": "Add a unit under the chosen unit",
        "age": "Show only items older than 7 days, then 30 days, then all",
        "allocate": "Split a total target among the teams by households",
        "approve": "Approve the chosen team's monthly report",
        "bind_chat": "Bind a chat to the chosen unit or team",
        "chart_scope": "Chart the whole scope instead of one team",
        "copy": "Copy the previous period's quotas (set ones are kept)",
        "done": "Mark the task done for the chosen team, with a note",
        "edit": "Edit the chosen cell or entry",
        "edit_member": "Edit the chosen member",
        "edit_team": "Edit the chosen team",
        "edit_unit": "Edit the chosen unit",
        "export": "Write the leaderboard to a CSV, XLSX or JSON file",
        "import": "Import a quota file (.csv or .xlsx)",
        "indicator": "Chart the next indicator",
        "link": "Link the sender to a member of the roster",
        "new_task": "Assign a new task to teams",
        "next": "Go to the next month (period)",
        "post": "Queue today's digest now",
        "prev": "Go to the previous month (period)",
        "quit": "Leave the program",
        "refresh": "Read the data again from the store",
        "reject": "Do not count the chosen item, with a reason",
        "reject_shown": "Do not count any item shown (after one question)",
        "remove_member": "Remove the chosen member from the team",
        "remove_team": "Remove the chosen team",
        "remove_unit": "Remove the chosen unit",
        "return": "Return the monthly report to the team, with a reason",
        "reverse": "Reverse the order",
        "scope": "Choose the unit (province, commune...) the screens show",
        "search": "Search, accents optional; Esc leaves the search box",
        "sort": "Change the order",
        "unbind_chat": "Unbind a chat from the unit or team",
        "undo": "Undo the grid's last change (a cell, an allocation, a copy), audited",
        "undo_edit": "Undo this screen's last change to a unit, team, member or chat "
        "(added, edited, removed), audited",
        "undo_task": "Open again the assignment just marked done (undo the last change), audited",
        "undo_review": "Undo the last accept or reject (of one or all shown), audited",
        "undo_monthly": "Undo the last approve or return of a report, audited",
        "undo_post": "Take back the digest just posted while it is unsent, audited",
        "help": "The keys of this screen",
        "palette": "Open the command palette: find any command by name",
        "focus_next": "Move to the next table or field",
        "focus_previous": "Move to the previous table or field",
        "copy_text": "Copy the selected text",
        "welcome_import": "Import a file of units, teams, members, chats... (.csv, .xlsx)",
        "welcome_demo": "Load a demo province to try things out",
        "welcome_unit": "Add the first unit (a province) by hand, then its teams",
        "welcome_go": "Open the screens on the units just imported",
    },
)


def tip(language: str, description_key: str) -> str:
    """The sentence for a binding's description key ("bind.accept", "mode.review")."""
    prefix, _, name = description_key.partition(".")
    if prefix == "mode":
        from tui.strings import TEXT

        return TEXT(language, "go.help", name=TEXT(language, description_key))
    try:
        return TIPS(language, name)
    except KeyError:
        return ""
