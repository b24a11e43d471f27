"""`make bench`: load-test the main pages as in production (`python -m bench --help`)."""
