"""Report messages: the language team members type in their chats (CONTRACTS §4)."""
