"""Writes into a conversation from outside the dialogue: staff messages, hand back, crisis replies during a
handoff. Runs in the Rasa server process; every change holds Rasa's lock for that conversation, goes into
the tracker (so the store has the whole conversation, redacted like everything else) and is pushed to the
person's socket.io room when they use the chat page.
"""
from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed, Event

from bot.handoff.crisis_reply import crisis_texts
from bot.handoff.db import engine_for
from bot.handoff.queue import open_handoff
from bot.settings import Settings

STAFF, BOT = "medewerker", "chatbot"


class HandoffBridge:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.app = None
        self.sio = None  # set when the socket.io channel is registered

    @property
    def engine(self):
        return engine_for(self.settings.handoff_db_url)

    async def append(self, conversation_id: str, events: list[Event]) -> None:
        agent = self.app.ctx.agent
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.processor.fetch_tracker_with_initial_session(conversation_id)
            for event in events:
                tracker.update(event)
            await agent.processor.save_tracker(tracker)

    async def push(self, conversation_id: str, text: str, sender: str) -> None:
        if self.sio is not None:
            await self.sio.emit("bot_uttered", {"text": text, "van": sender}, room=conversation_id)

    async def say(self, conversation_id: str, text: str, sender: str = STAFF) -> None:
        await self.append(conversation_id, [BotUttered(text, metadata={"van": sender})])
        await self.push(conversation_id, text, sender)

    async def hand_back(self, conversation_id: str, text: str) -> None:
        """Resume the bot: `ConversationResumed`, the message that the chatbot is back, and `action_listen` so
        the next message is answered as a new turn."""
        await self.append(conversation_id, [ConversationResumed(), BotUttered(text, metadata={"van": BOT}),
                                            ActionExecuted("action_listen")])
        await self.push(conversation_id, text, BOT)

    def crisis_replies(self, conversation_id: str, message: str) -> list[str]:
        """The 112/113 sentences for a crisis message in a conversation that is waiting for or talking with a
        person (the bot itself is paused then); [] otherwise."""
        texts = crisis_texts(message)
        if not texts:
            return []
        with self.engine.connect() as connection:
            return texts if open_handoff(connection, conversation_id) else []
