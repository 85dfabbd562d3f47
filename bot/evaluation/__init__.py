"""`make eval`: measures the trained model on the held-out test data (tests/nlu/, tests/data/crisis/)."""
