"""Custom Rasa NLU components: thin adapters over assistant.language, assistant.numbers and the catalogue.

Every Rasa process that runs our model imports this package when it loads the model, so this is where the
action-reply check is swapped for its compiled form (see assistant.action_replies).
"""

from assistant import action_replies

action_replies.install()
