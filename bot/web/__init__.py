"""What the project adds to Rasa's web server: security headers, message guards, privacy routes."""
