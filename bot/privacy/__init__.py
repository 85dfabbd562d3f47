"""Privacy: finding and redacting personal data (names, phone numbers, addresses, handles ...) in Dutch chat
text before anything is stored. See redact.py for the API and names.py for the word lists."""
