"""The applicant assistant's domain: programme catalogue, eligibility rules, grant arithmetic, deadlines.

Plain Python with no Rasa import, so the chat, the CLI and the tests share one source of truth.
"""
