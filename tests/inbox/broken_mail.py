"""An email backend whose server never answers, for the failing-mail test."""

from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("server email tidak menjawab")
