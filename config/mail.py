"""Development e-mail backend: prints each message and keeps a copy on disk."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFileEmailBackend(FileBackend):
    """Writes messages to EMAIL_FILE_PATH (var/mail/) and to the console."""

    def send_messages(self, email_messages):
        ConsoleBackend().send_messages(email_messages)
        return super().send_messages(email_messages)
