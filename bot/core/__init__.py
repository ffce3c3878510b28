"""What every feature shares (the config file, outgoing messages, the core objects) and the
core feature: the chats the bot talks to."""
