"""Load (issue #7): 50 conversations of 30 messages at the same time, half over REST and half over socket.io.

Each conversation is paced like a person: it reads the answer and types for THINK_SECONDS before the next
message, which also keeps it under the pace limit (MESSAGES_PER_MINUTE, 20 per conversation). Afterwards
every conversation's tracker, as the store holds it, must contain exactly the messages that were sent, once
each, in order, each followed by a bot reply. Figures are printed, never asserted (shared machine).
"""
import asyncio
import time
import uuid

import aiohttp

from benchmarks.conversations import load_conversations
from benchmarks.stats import latency_summary
from socket_client import SocketChat

CONVERSATIONS = 50
MESSAGES_PER_CONVERSATION = 30
THINK_SECONDS = 3.5
REPLY_TIMEOUT_SECONDS = 90


def script(index: int) -> list[str]:
    """30 messages from the scripted conversations, a different starting script for each conversation."""
    scripts = load_conversations()
    messages = []
    offset = index
    while len(messages) < MESSAGES_PER_CONVERSATION:
        messages += scripts[offset % len(scripts)]
        offset += 1
    return messages[:MESSAGES_PER_CONVERSATION]


class Outcome:
    def __init__(self, conversation_id: str, channel: str):
        self.conversation_id = conversation_id
        self.channel = channel
        self.sent: list[str] = []
        self.failures: list[str] = []
        self.latencies_ms: list[float] = []


async def rest_conversation(session, url, outcome: Outcome, messages: list[str]) -> None:
    for message in messages:
        outcome.sent.append(message)
        start = time.perf_counter()
        try:
            async with session.post(f"{url}/webhooks/rest/webhook",
                                    json={"sender": outcome.conversation_id, "message": message},
                                    timeout=aiohttp.ClientTimeout(total=REPLY_TIMEOUT_SECONDS)) as response:
                body = await response.json(content_type=None)
                if response.status != 200:
                    outcome.failures.append(f"HTTP {response.status}")
                elif not body:
                    outcome.failures.append("no reply")
                else:
                    outcome.latencies_ms.append((time.perf_counter() - start) * 1000)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            outcome.failures.append(type(error).__name__)
        await asyncio.sleep(THINK_SECONDS)


async def socket_conversation(url, outcome: Outcome, messages: list[str]) -> None:
    try:
        async with SocketChat(url, outcome.conversation_id) as chat:
            for message in messages:
                outcome.sent.append(message)
                start = time.perf_counter()
                try:
                    # SocketChat.send waits for the first reply, then a moment for further ones.
                    await chat.send(message, timeout=REPLY_TIMEOUT_SECONDS)
                    outcome.latencies_ms.append((time.perf_counter() - start) * 1000)
                except asyncio.TimeoutError:
                    outcome.failures.append("no reply")
                await asyncio.sleep(THINK_SECONDS)
    except Exception as error:  # noqa: BLE001 - any connection failure is a test failure, reported below
        outcome.failures.append(f"socket.io: {type(error).__name__}: {error}")


async def run_load(url: str) -> list[Outcome]:
    run = uuid.uuid4().hex[:8]
    outcomes = [Outcome(f"load-{run}-{i:02d}", "rest" if i % 2 == 0 else "socketio") for i in range(CONVERSATIONS)]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONVERSATIONS)) as session:
        async def start(index: int, outcome: Outcome) -> None:
            # People do not all press enter at the same moment: spread the starts over one think time.
            await asyncio.sleep(THINK_SECONDS * index / CONVERSATIONS)
            if outcome.channel == "rest":
                await rest_conversation(session, url, outcome, script(index))
            else:
                await socket_conversation(url, outcome, script(index))

        await asyncio.gather(*(start(i, outcome) for i, outcome in enumerate(outcomes)))
    return outcomes


def stored_turns(tracker: dict) -> list[tuple[str, int]]:
    """Each user message in the stored tracker with the number of bot messages that follow it."""
    turns: list[tuple[str, int]] = []
    for event in tracker["events"]:
        if event.get("event") == "user":
            turns.append((event.get("text"), 0))
        elif event.get("event") == "bot" and turns:
            text, replies = turns[-1]
            turns[-1] = (text, replies + 1)
    return turns


def test_fifty_concurrent_conversations_lose_nothing(assistant):
    started = time.perf_counter()
    outcomes = asyncio.run(run_load(assistant.url))
    seconds = time.perf_counter() - started

    sent = sum(len(outcome.sent) for outcome in outcomes)
    print(f"\nload: {CONVERSATIONS} conversations x {MESSAGES_PER_CONVERSATION} messages = {sent} messages in "
          f"{seconds:.0f} s ({sent / seconds:.1f} msg/s)")
    for channel, note in (("rest", ""), ("socketio", " (until the first reply plus a 0.6 s wait for more)")):
        figures = latency_summary([ms for o in outcomes if o.channel == channel for ms in o.latencies_ms])
        if figures["n"]:
            print(f"  {channel}: round trip p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms{note}")

    failures = {o.conversation_id: o.failures for o in outcomes if o.failures}
    assert not failures, f"failed requests: {failures}"
    assert all(len(o.sent) == MESSAGES_PER_CONVERSATION for o in outcomes)

    for outcome in outcomes:
        tracker = assistant.tracker(outcome.conversation_id)
        assert tracker["sender_id"] == outcome.conversation_id
        turns = stored_turns(tracker)
        assert [text for text, _ in turns] == outcome.sent, (
            f"{outcome.channel} conversation {outcome.conversation_id}: the stored user messages differ from the "
            f"sent ones (lost, duplicated, reordered or from another conversation)")
        unanswered = [i for i, (_, replies) in enumerate(turns) if replies == 0]
        assert not unanswered, f"{outcome.conversation_id}: no bot reply stored after message(s) {unanswered}"
