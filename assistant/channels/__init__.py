"""Custom Rasa input channels: the website widget channel and its static files."""
