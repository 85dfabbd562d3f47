"""Handing conversations to helpline staff: queue, staff accounts and sessions, opening hours, audit log.

Plain SQLAlchemy, no Rasa: used by the action server (availability, joining the queue), the Rasa server
(staff console routes) and the command line (`python -m bot staff ...`). See docs/handoff.md.
"""
