"""Everything Rasa loads or that starts Rasa. Importing `bot` itself imports nothing heavy."""
