"""Development e-mail backend: prints each message and keeps a copy on disk."""

import sys

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFileEmailBackend(FileBackend):
    """Writes messages to its file_path (var/mail/) and to the console."""

    def send_messages(self, email_messages):
        ConsoleBackend(alias=self.alias, stream=sys.stdout).send_messages(
            email_messages
        )
        return super().send_messages(email_messages)
