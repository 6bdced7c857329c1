from django.urls import path

from attendance.views import checkin, feedback, monitor, public, reports, review, weekly

app_name = "attendance"
urlpatterns = [
    # Employees, on their phones.
    path("presensi/", checkin.check_in_page, name="check_in_page"),
    path("presensi/masuk/", checkin.check_in, name="check_in"),
    path("presensi/kirim/", checkin.check_in_queued, name="check_in_queued"),
    path("presensi/sw.js", checkin.service_worker, name="check_in_service_worker"),
    path("presensi/pulang/", checkin.check_out, name="check_out"),
    path("laporan/", reports.my_reports, name="my_reports"),
    path("laporan/hari/<int:day_id>/", reports.report_form, name="report_form"),
    path("laporan/<int:pk>/", reports.report_detail, name="report"),
    path("laporan/mingguan/", weekly.my_week, name="my_week"),
    # Heads and BKPSDM: review.
    path("laporan/pemeriksaan/", review.review_list, name="review_list"),
    path("laporan/pemeriksaan/unduh.xlsx", review.review_export, name="review_export"),
    path("laporan/pemeriksaan/terima/", review.reports_accept, name="reports_accept"),
    path("laporan/mingguan/opd/", weekly.week_review, name="week_review"),
    path("laporan/<int:pk>/terima/", review.report_accept, name="report_accept"),
    path("laporan/<int:pk>/kembalikan/", review.report_return, name="report_return"),
    # Monitoring (read only).
    path("pantauan/", monitor.monitor, name="monitor"),
    path("pantauan/isi/", monitor.monitor_partial, name="monitor_partial"),
    path("pantauan/opd/<slug:code>/", monitor.monitor_opd, name="monitor_opd"),
    path("pantauan/opd/<slug:code>/isi/", monitor.monitor_opd_partial, name="monitor_opd_partial"),
    path("pantauan/periode/<slug:slug>/", monitor.weekly, name="weekly"),
    path("pantauan/masukan/", feedback.feedback_list, name="feedback_list"),
    path("pantauan/masukan/unduh.xlsx", feedback.feedback_export, name="feedback_export"),
    # The public, without an account.
    path("masukan/", feedback.services_list, name="feedback_services"),
    path("masukan/<slug:code>/", feedback.feedback_form, name="feedback_form"),
    path("masukan/<slug:code>/terima-kasih/", feedback.feedback_thanks, name="feedback_thanks"),
    path("masukan/<slug:code>/qr.svg", public.service_qr, name="service_qr"),
    path("layanan/", public.service_info_page, name="service_info"),
    # BKPSDM and heads: the QR cards to print and post at each service point.
    path("layanan/kartu-qr/", public.qr_cards, name="qr_cards"),
]
