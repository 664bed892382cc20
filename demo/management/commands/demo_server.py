"""``python manage.py demo_server``: ``runserver`` for ``make demo``, whose last words are how to sign in (issue 20).

Django's development server prints its banner after the demo is seeded; this prints the demo's sign-in hint after
the banner, so the last line a person reads before using the demo is the one that tells them how.
"""

from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand

from .seed_demo import SIGN_IN_HINT


class Command(RunserverCommand):
    help = "Run the development server for the demo and print how to sign in."

    def on_bind(self, server_port):
        super().on_bind(server_port)
        self.stdout.write(self.style.SUCCESS(SIGN_IN_HINT))
