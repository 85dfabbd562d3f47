"""Custom Rasa NLU components. Each module is thin: the logic lives in plain modules of bot.nlp."""
