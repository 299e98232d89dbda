"""Custom Rasa NLU components: thin adapters over assistant.language, assistant.numbers and the catalogue."""
