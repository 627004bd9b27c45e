from django.core.management.base import BaseCommand

from activities.models import Activity
from devtools.demo import DEMO_PASSWORD, USERS, seed_demo


class Command(BaseCommand):
    help = "Builds the fictional demo province (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        committee = seed_demo()
        count = Activity.objects.filter(programme__committee=committee).count()
        self.stdout.write(self.style.SUCCESS(f"Demo committee '{committee.slug}' ready: {count} activities."))
        self.stdout.write(f"Logins (password {DEMO_PASSWORD}): admin, {', '.join(u[0] for u in USERS)}")
