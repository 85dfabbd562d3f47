"""Pure-logic safety core: signal catalogue, risico rules, text normaliser and the rule-based crisis detector.

Imports nothing heavy (no rasa, no machine learning), so actions and unit tests can use it directly.
"""
