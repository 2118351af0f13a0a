"""The KI staff group's part for residents' contributions, and the whole
group composed of it and the part in registrations.staff.

Applied by `manage.py ensure_staff_group`, which lives here because this is
the highest app the group's permissions name.
"""

from registrations.staff import STAFF_PERMISSIONS, StaffGroupReport, staff_group_ensure

# Moderating the queue (publish, reject, take up, merge, answer, apply a text
# suggestion) → change_contribution and moderate_contribution; who wrote
# what → view_contributor_data; the ready-made reasons and the blocked terms
# are the staff's own to keep. Deliberately absent: adding or deleting a
# contribution (residents write them; rejecting keeps the record), changing
# a support or a text change (both are records).
CONTRIBUTION_STAFF_PERMISSIONS = [
    "contributions.view_contribution",
    "contributions.change_contribution",
    "contributions.moderate_contribution",
    "contributions.view_contributor_data",
    "contributions.view_support",
    "contributions.view_textchange",
    "contributions.view_reasontemplate",
    "contributions.add_reasontemplate",
    "contributions.change_reasontemplate",
    "contributions.delete_reasontemplate",
    "contributions.view_blockedterm",
    "contributions.add_blockedterm",
    "contributions.change_blockedterm",
    "contributions.delete_blockedterm",
]

# Everything the KI staff group holds.
KI_STAFF_PERMISSIONS = [*STAFF_PERMISSIONS, *CONTRIBUTION_STAFF_PERMISSIONS]


def ki_staff_group_ensure() -> StaffGroupReport:
    """Create the KI staff group or bring it to exactly KI_STAFF_PERMISSIONS.
    Safe to run any number of times."""
    return staff_group_ensure(permissions=KI_STAFF_PERMISSIONS)
