"""Uses of the history store: replaying and re-judging stored runs, comparing runs, trends."""
