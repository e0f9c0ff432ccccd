"""Trying a failed write again: the organisation plan must not wait for the next change in
a unit because its last write failed (the output open in Excel, a full disk)."""

from __future__ import annotations

__all__ = ["Backoff"]

from dataclasses import dataclass


@dataclass
class Backoff:
    """When to try a failed write again: after ``first`` seconds, then twice as long each time,
    never more than ``longest`` apart; ``reset`` once it has gone through."""

    first: float = 2.0
    longest: float = 300.0
    delay: float = 0.0
    due: float | None = None

    def failed(self, now: float) -> float:
        self.delay = min(self.longest, self.delay * 2 if self.delay else self.first)
        self.due = now + self.delay
        return self.delay

    def ready(self, now: float) -> bool:
        return self.due is not None and now >= self.due

    def reset(self) -> None:
        self.delay, self.due = 0.0, None
