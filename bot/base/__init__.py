"""The base layer: settings, clock and logging; it imports nothing else of the bot."""
