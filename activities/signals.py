from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from activities.models import Attachment


@receiver(post_delete, sender=Attachment)
def remove_attachment_files(sender, instance: Attachment, **kwargs) -> None:
    # After commit: a rolled-back delete must not lose the files.
    names = [f.name for f in (instance.file, instance.thumbnail) if f]
    storage = instance.file.storage

    def remove():
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)
