"""Views of the attendance app, one module per audience: check-in, reports, monitor, feedback."""
