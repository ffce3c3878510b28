"""The studio: listeners' messages to the hosts and the live studio page's state."""
