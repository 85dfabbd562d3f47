"""What the assistant does when a part of it fails: the action server, the conversation database, anything else
(docs/faults.md)."""
