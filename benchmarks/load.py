"""Closed-loop load: N conversations at a time, each sending its next message as soon as the turn is done."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import aiohttp

from benchmarks.clients import ConversationResult, rest_conversation, socket_conversation
from benchmarks.stats import latency_summary

CHANNELS = ("rest", "socketio")


@dataclass(frozen=True)
class Plan:
    """`conversations` scripts run with at most `concurrency` at the same time."""
    channel: str
    concurrency: int
    conversations: int
    max_turns: int | None = None


async def run_plan(url: str, plan: Plan, scripts: list[list[str]], id_prefix: str) -> list[ConversationResult]:
    jobs: asyncio.Queue = asyncio.Queue()
    for index in range(plan.conversations):
        script = scripts[index % len(scripts)][:plan.max_turns]
        jobs.put_nowait((f"{id_prefix}-{index:04d}", script))
    results: list[ConversationResult] = []
    connector = aiohttp.TCPConnector(limit=plan.concurrency + 5)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def worker() -> None:
            while not jobs.empty():
                conversation_id, script = jobs.get_nowait()
                if plan.channel == "rest":
                    results.append(await rest_conversation(session, url, conversation_id, script))
                else:
                    results.append(await socket_conversation(url, conversation_id, script))

        await asyncio.gather(*(worker() for _ in range(plan.concurrency)))
    return results


def measure(url: str, plan: Plan, scripts: list[list[str]], id_prefix: str) -> dict:
    start = time.perf_counter()
    results = asyncio.run(run_plan(url, plan, scripts, id_prefix))
    seconds = time.perf_counter() - start
    turns = [turn for result in results for turn in result.turns]
    done = [turn for turn in turns if turn.ok]
    figures = {
        "channel": plan.channel,
        "concurrency": plan.concurrency,
        "conversations": plan.conversations,
        "messages": len(turns),
        "errors": len(turns) - len(done),
        "without_reply": sum(1 for turn in done if turn.replies == 0),
        "seconds": round(seconds, 2),
        "throughput_msg_s": round(len(done) / seconds, 2) if seconds else None,
        "first": latency_summary([turn.first_ms for turn in done if turn.first_ms is not None]),
    }
    if plan.channel == "socketio":
        figures["last"] = latency_summary([turn.last_ms for turn in done if turn.last_ms is not None])
    return figures
