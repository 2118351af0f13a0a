"""German account pages and e-mails in the portal's own voice.

django-allauth's German catalogue addresses people informally ("du",
"deine", "klicke", "gib ... ein") and calls logging in and out "Anmeldung",
"anmelden" and "abmelden". On this portal "Anmeldung" means registering for
a workshop or event, and the portal addresses everyone formally ("Sie").

This module lists, exactly as allauth spells them, the msgids of allauth's
account pages, messages and e-mails that the portal uses (log in by e-mail,
password, mandatory e-mail verification; no social accounts, MFA, phone,
passkeys, login codes or IdP) and whose German is informal or says
"anmelden" for logging in. Marking them with ``gettext_noop`` makes
``makemessages`` copy them into locale/de/LC_MESSAGES/django.po. That
catalogue comes first (settings.LOCALE_PATHS), so its translations ("Sie",
"einloggen", "ausloggen", "Konto anlegen") replace allauth's at run time.

Keep every msgid byte for byte as in allauth (spacing, line breaks,
placeholders such as ``%(link)s``; ``{{ name }}`` in allauth's templates is
``%(name)s`` here); a msgid that differs by one character overrides nothing.
None of these msgids has a context (msgctxt) or a plural form; one that had
would need ``pgettext_lazy`` or ``ngettext_lazy`` instead. After updating
allauth, compare with its catalogue and run ``make messages``.

Nothing imports this module; only ``makemessages`` reads it.
"""

from django.utils.translation import gettext_noop as _

# Each msgid stays whole on its line(s), so that it can be compared with
# allauth's catalogue.
# ruff: noqa: E501

ACCOUNT_MSGIDS = (
    # Log in, create an account, log out.
    _("Sign In"),
    _("Remember Me"),
    _(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    _("Too many failed login attempts. Try again later."),
    _("Successfully signed in as %(name)s."),
    _("Signup"),
    _("Sign Up"),
    _("Already have an account? Then please %(link)ssign in%(end_link)s."),
    _("You must type the same password each time."),
    _("Sign Out"),
    _("Are you sure you want to sign out?"),
    _("You have signed out."),
    _("Be patient, you are sending too many requests."),
    # Confirming the e-mail address.
    _("Verify Your Email Address"),
    _(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."
    ),
    _(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    ),
    _(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    _("You have confirmed %(email)s."),
    # Forgotten and changed passwords.
    _(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    _("Please contact us if you have any trouble resetting your password."),
    _("You are already logged in as %(user_display)s."),
    _(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    _(
        'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    _("Your password is now changed."),
    _("Please type your current password."),
    # The page listing the account's e-mail addresses.
    _("Do you really want to remove the selected email address?"),
    _("You cannot remove your primary email address."),
    _("You cannot remove your primary email address (%(email)s)."),
    _("Your primary email address must be verified."),
    _(
        "You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc."
    ),
    # E-mails (subject lines and texts).
    _("Thank you for using %(site_name)s!\n%(site_domain)s"),
    _("Please Confirm Your Email Address"),
    _(
        "You're receiving this email because you or someone else has requested a password reset for your user account.\n"
        "It can be safely ignored if you did not request a password reset. Click the link below to reset your password."
    ),
    _(
        "You are receiving this email because you or someone else tried to signup for an\n"
        "account using email address:\n"
        "\n"
        "%(email)s\n"
        "\n"
        "However, an account using that email address already exists.  In case you have\n"
        "forgotten about this, please use the password forgotten procedure to recover\n"
        "your account:\n"
        "\n"
        "%(password_reset_url)s"
    ),
)
