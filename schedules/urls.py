from django.urls import path

from schedules.views import bulk, grid, hours, my_schedule, planner, plans, policies, windows

app_name = "schedules"
urlpatterns = [
    path("periode/", windows.window_list, name="windows"),
    path("periode/<slug:slug>/", windows.window_detail, name="window"),
    path("periode/<slug:slug>/hari/tambah/", windows.window_day_add, name="window_day_add"),
    path("periode/<slug:slug>/rencana/", plans.plan_overview, name="plans"),
    path("periode/<slug:slug>/rencana/<slug:code>/", grid.plan_grid, name="grid"),
    path("periode/<slug:slug>/rencana/<slug:code>/sel/", grid.plan_cell, name="cell"),
    path("periode/<slug:slug>/rencana/<slug:code>/massal/", bulk.plan_bulk, name="bulk"),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/massal/batalkan/",
        bulk.plan_bulk_undo,
        name="bulk_undo",
    ),
    path("periode/<slug:slug>/rencana/<slug:code>/jam-kerja/", hours.hours_list, name="hours"),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/jam-kerja/atur/",
        hours.hours_set,
        name="hours_set",
    ),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/jam-kerja/hapus/",
        hours.hours_clear,
        name="hours_clear",
    ),
    path("periode/<slug:slug>/rencana/<slug:code>/ajukan/", plans.plan_submit, name="submit"),
    path("periode/<slug:slug>/rencana/<slug:code>/setujui/", plans.plan_approve, name="approve"),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/kembalikan/",
        plans.plan_return,
        name="return",
    ),
    path("periode/<slug:slug>/rencana/<slug:code>/buka/", plans.plan_reopen, name="reopen"),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/riwayat/",
        plans.plan_history,
        name="plan_history",
    ),
    path("pegawai/<str:nip>/riwayat/", plans.employee_history, name="employee_history"),
    # Jadwal saya: the employee's own days, as cards and as a month; their calendar feed.
    path("jadwal-saya/", my_schedule.my_schedule, name="my_schedule"),
    path("jadwal-saya/kalender/", my_schedule.my_calendar, name="my_calendar"),
    path("jadwal-saya/sebelumnya/", my_schedule.my_past_schedule, name="my_past_schedule"),
    path("jadwal-saya/langganan/", my_schedule.calendar_feed_renew, name="calendar_feed_renew"),
    path(
        "jadwal-saya/langganan/hapus/",
        my_schedule.calendar_feed_revoke,
        name="calendar_feed_revoke",
    ),
    path("kalender/<str:token>.ics", my_schedule.calendar_feed, name="calendar_feed"),
    # Flexible-work policies (BKPSDM) and exceptions to the weekly cap (heads and BKPSDM).
    path("kebijakan/", policies.policy_list, name="policies"),
    path("kebijakan/tambah/", policies.policy_edit, name="policy_add"),
    path("kebijakan/<int:pk>/ubah/", policies.policy_edit, name="policy_edit"),
    path("periode/<slug:slug>/kebijakan/", policies.window_policy, name="window_policy"),
    path("pengecualian-batas/", policies.cap_exceptions, name="cap_exceptions"),
    path(
        "pengecualian-batas/<int:pk>/cabut/",
        policies.cap_exception_revoke,
        name="cap_exception_revoke",
    ),
    path("aturan/", windows.rule_list, name="rules"),
    path("aturan/tambah/", windows.rule_edit, name="rule_add"),
    path("aturan/<int:pk>/ubah/", windows.rule_edit, name="rule_edit"),
    # The auto-planner: proposals (BKPSDM) and the preferences they start from.
    path("periode/<slug:slug>/usulan/", planner.proposal_list, name="proposals"),
    path("periode/<slug:slug>/usulan/buat/", planner.proposal_create, name="proposal_create"),
    path("periode/<slug:slug>/usulan/<int:pk>/", planner.proposal_detail, name="proposal"),
    path(
        "periode/<slug:slug>/usulan/<int:pk>/terapkan/",
        planner.proposal_apply,
        name="proposal_apply",
    ),
    path(
        "periode/<slug:slug>/usulan/<int:pk>/batalkan/",
        planner.proposal_undo,
        name="proposal_undo",
    ),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/preferensi/",
        planner.preference_list,
        name="preferences",
    ),
    path("jadwal-saya/preferensi/", planner.preference_set, name="preference_set"),
    path("jadwal-saya/preferensi/hapus/", planner.preference_clear, name="preference_clear"),
]
