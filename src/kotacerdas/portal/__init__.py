"""The public side: published masterplans and results, open data, consultation, library."""
