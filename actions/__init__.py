"""Rasa SDK actions: thin glue that reads slots, calls assistant.* and sends the replies."""
