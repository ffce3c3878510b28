"""The studio page served by the bot's process: tornado handlers and Jinja2 templates."""
