"""What the daily reminders keep: each thing a person was reminded of on a
day (so a second run that day sends nothing twice), and their choice to
receive the e-mail digest or not."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    # what it was about: "due7:12:34" (deadline 12, unit 34, due in 7 days), "waiting:3" …
    key = models.CharField(_("reminder"), max_length=100)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["user", "day", "key"], name="one_reminder_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day} {self.key}"


class ReminderChoice(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="reminder_choice"
    )
    by_email = models.BooleanField(_("daily reminder e-mail"), default=True)

    class Meta:
        verbose_name = _("reminder choice")
        verbose_name_plural = _("reminder choices")

    def __str__(self) -> str:
        return f"{self.user_id} {self.by_email}"
