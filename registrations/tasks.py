"""Background tasks of the registrations app (Django's tasks framework)."""

from django.tasks import task


@task
def send_mail(mail_id: int) -> str:
    """Send one queued e-mail; failures are recorded and retried."""
    from .emails import mail_send

    mail = mail_send(mail_id=mail_id)
    return mail.status if mail is not None else "skipped"


@task
def send_event_message(message_id: int) -> int:
    """Queue a staff message to everyone confirmed for its event."""
    from .services import event_message_send

    return event_message_send(message_id=message_id)
