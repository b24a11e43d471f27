"""`make bench`: load-test the main pages as in production (`python -m bench --help`)."""


def say(message: str) -> None:
    print(message, flush=True)
