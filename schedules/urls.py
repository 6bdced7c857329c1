from django.urls import path

from schedules import (
    grid_views,
    hours_views,
    my_views,
    plan_views,
    planner_views,
    policy_views,
    views,
)

app_name = "schedules"
urlpatterns = [
    path("periode/", views.window_list, name="windows"),
    path("periode/<slug:slug>/", views.window_detail, name="window"),
    path("periode/<slug:slug>/hari/tambah/", views.window_day_add, name="window_day_add"),
    path("periode/<slug:slug>/rencana/", plan_views.plan_overview, name="plans"),
    path("periode/<slug:slug>/rencana/<slug:code>/", grid_views.plan_grid, name="grid"),
    path("periode/<slug:slug>/rencana/<slug:code>/sel/", grid_views.plan_cell, name="cell"),
    path("periode/<slug:slug>/rencana/<slug:code>/massal/", grid_views.plan_bulk, name="bulk"),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/jam-kerja/", hours_views.hours_list, name="hours"
    ),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/jam-kerja/atur/",
        hours_views.hours_set,
        name="hours_set",
    ),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/jam-kerja/hapus/",
        hours_views.hours_clear,
        name="hours_clear",
    ),
    path("periode/<slug:slug>/rencana/<slug:code>/ajukan/", plan_views.plan_submit, name="submit"),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/setujui/", plan_views.plan_approve, name="approve"
    ),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/kembalikan/",
        plan_views.plan_return,
        name="return",
    ),
    path("periode/<slug:slug>/rencana/<slug:code>/buka/", plan_views.plan_reopen, name="reopen"),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/riwayat/",
        plan_views.plan_history,
        name="plan_history",
    ),
    path("pegawai/<str:nip>/riwayat/", plan_views.employee_history, name="employee_history"),
    # Jadwal saya: the employee's own days, as cards and as a month; their calendar feed.
    path("jadwal-saya/", my_views.my_schedule, name="my_schedule"),
    path("jadwal-saya/kalender/", my_views.my_calendar, name="my_calendar"),
    path("jadwal-saya/langganan/", my_views.calendar_feed_renew, name="calendar_feed_renew"),
    path(
        "jadwal-saya/langganan/hapus/", my_views.calendar_feed_revoke, name="calendar_feed_revoke"
    ),
    path("kalender/<str:token>.ics", my_views.calendar_feed, name="calendar_feed"),
    # Flexible-work policies (BKPSDM) and exceptions to the weekly cap (heads and BKPSDM).
    path("kebijakan/", policy_views.policy_list, name="policies"),
    path("kebijakan/tambah/", policy_views.policy_edit, name="policy_add"),
    path("kebijakan/<int:pk>/ubah/", policy_views.policy_edit, name="policy_edit"),
    path("periode/<slug:slug>/kebijakan/", policy_views.window_policy, name="window_policy"),
    path("pengecualian-batas/", policy_views.cap_exceptions, name="cap_exceptions"),
    path(
        "pengecualian-batas/<int:pk>/cabut/",
        policy_views.cap_exception_revoke,
        name="cap_exception_revoke",
    ),
    path("aturan/", views.rule_list, name="rules"),
    path("aturan/tambah/", views.rule_edit, name="rule_add"),
    path("aturan/<int:pk>/ubah/", views.rule_edit, name="rule_edit"),
    # The auto-planner: proposals (BKPSDM) and the preferences they start from.
    path("periode/<slug:slug>/usulan/", planner_views.proposal_list, name="proposals"),
    path("periode/<slug:slug>/usulan/buat/", planner_views.proposal_create, name="proposal_create"),
    path("periode/<slug:slug>/usulan/<int:pk>/", planner_views.proposal_detail, name="proposal"),
    path(
        "periode/<slug:slug>/usulan/<int:pk>/terapkan/",
        planner_views.proposal_apply,
        name="proposal_apply",
    ),
    path(
        "periode/<slug:slug>/usulan/<int:pk>/batalkan/",
        planner_views.proposal_undo,
        name="proposal_undo",
    ),
    path(
        "periode/<slug:slug>/rencana/<slug:code>/preferensi/",
        planner_views.preference_list,
        name="preferences",
    ),
    path("jadwal-saya/preferensi/", planner_views.preference_set, name="preference_set"),
    path("jadwal-saya/preferensi/hapus/", planner_views.preference_clear, name="preference_clear"),
]
