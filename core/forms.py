"""Form helpers every app's views and admin share."""

from django import forms
from django.core.exceptions import ValidationError


def form_errors_from(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the form's fields; errors of
    fields the form does not have go above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
