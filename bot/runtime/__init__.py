"""The runtime: python-telegram-bot wiring, the composition root, the update source, webhook,
console and command line. The only layer allowed to import every other."""
