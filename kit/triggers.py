"""What the trigger-kept tables share (activities/rollup.py,
activities/stamps.py, coordination/directory.py): a random stamp in each
database's SQL, and running a list of statements on a connection."""

# A random 64-bit value (PostgreSQL: about 62 bits of it random).
RANDOM_BIGINT = {"postgresql": "(random() * 9.2e18)::bigint", "sqlite": "random()"}


def execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
