"""Rasa SDK actions: thin glue that reads slots, calls assistant.* and sends the replies.

Importing the package loads the catalogue, so the action server refuses to start on a broken programme file
(naming file and field) instead of failing on the first question.
"""

from assistant.catalogue import load

load()
