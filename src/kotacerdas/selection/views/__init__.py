"""HTML pages of selection campaigns, one module per part: campaigns (with criteria and
values), applications (with documents, verification and assessors) and the ranking."""
