"""The poll models the handlers see (stored in storage/, re-exported for the layer above)."""

from storage.poll_models import Poll, PollMessage, PollStatus, PollTally

__all__ = ["Poll", "PollMessage", "PollStatus", "PollTally"]
