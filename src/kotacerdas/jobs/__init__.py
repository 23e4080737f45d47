"""Background jobs: what a worker is doing for a user, its progress and its result file."""
