"""Understanding what listeners write: language, intent and slots, read from data files."""
