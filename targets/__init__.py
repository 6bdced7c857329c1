"""Work targets (SKP): each employee's RHK items and their action plans (rencana aksi) per year.

Left of attendance, so that a daily report's output can name the action plan it serves; right of
schedules and staff_import, whose NIP reading it reuses. The weekly progress that measures the
outputs against these targets reads check-ins and reports too, so it lives in attendance.
"""
