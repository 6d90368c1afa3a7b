"""Wrong PINs in a row at the lock, and how long to wait before the next try.

A plain counter on a time passed in (seconds from any steady clock), so the
lock's window and the tests share it without sleeping. The waits themselves
are `lock.delay_after`'s: the first few tries are free, then they double.
After PASSPHRASE_AFTER wrong PINs the PIN no longer unlocks: the practice's passphrase does.
"""

from __future__ import annotations

from dermadesk.core.lock import delay_after

# Wrong PINs in a row after which an encrypted practice's passphrase alone unlocks (a PIN is
# short to guess).
PASSPHRASE_AFTER = 5


class PinAttempts:
    """Counts wrong PINs since the last unlock and says when the next try may be made."""

    def __init__(self, passphrase_after: int | None = None) -> None:
        # After this many wrong PINs only the passphrase unlocks; None: a plain practice, which
        # has no passphrase, keeps the waits.
        self.passphrase_after = passphrase_after
        self.failures = 0  # wrong PINs in a row
        self._retry_at = 0.0

    def seconds_to_wait(self, now: float) -> float:
        """How long after `now` until the next PIN may be tried (0 when it may be now)."""
        return max(0.0, self._retry_at - now)

    def may_try(self, now: float) -> bool:
        """True when a PIN may be tried at `now`."""
        return self.seconds_to_wait(now) <= 0

    @property
    def passphrase_required(self) -> bool:
        """True once PASSPHRASE_AFTER wrong PINs were typed: the PIN is refused until unlocked."""
        return self.passphrase_after is not None and self.failures >= self.passphrase_after

    def wrong(self, now: float) -> None:
        """Count a wrong PIN typed at `now`; the wait before the next one starts from `now`."""
        self.failures += 1
        self._retry_at = now + delay_after(self.failures)

    def reset(self) -> None:
        """Start afresh (the right PIN was typed)."""
        self.failures = 0
        self._retry_at = 0.0

    def wrong_words(self) -> str:
        """ "That PIN is not right (2 wrong tries)." or empty when none was wrong."""
        if not self.failures:
            return ""
        tries = "1 wrong try" if self.failures == 1 else f"{self.failures} wrong tries"
        return f"That PIN is not right ({tries})."

    def message(self, now: float) -> str:
        """What to say under the PIN field at `now`: the wrong tries and the wait, if any."""
        if self.passphrase_required:
            return (
                f"{self.failures} wrong PINs: the PIN no longer unlocks.\n"
                "Type the practice passphrase to go on."
            )
        wait = self.seconds_to_wait(now)
        if wait > 0:
            seconds = int(wait + 0.999)
            unit = "second" if seconds == 1 else "seconds"
            return f"{self.wrong_words()}\nYou can try again in {seconds} {unit}."
        return f"{self.wrong_words()}\nTry again." if self.failures else ""
