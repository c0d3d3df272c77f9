"""Keys handled one at a time, in the order they were typed.

Textual routes a key (to the focused widget) as soon as it arrives, but runs the key's
bindings only once the key has travelled up from that widget to the app, message by
message. Keys typed faster than that (or while the app is busy) are routed before the
key ahead of them has done its work: "j" then Enter opens the article the cursor was on
before "j"; Escape then "/" in the filter routes "/" to the filter it is leaving.

`SerialKeysApp` holds each key until the one before it has been handled: a `KeyHandled`
message follows the key up the same path, so when it reaches the app, the key's
bindings have run, and the messages they posted from that widget have been handled.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.message import Message

if TYPE_CHECKING:
    from textual.timer import Timer

#: Longest wait (seconds) for a key to be reported handled before the next one is routed
#: anyway (a key whose widget went away on the way is never reported).
KEY_WAIT = 0.5


class SerialKeysApp(App[None]):
    """An app whose keys are routed only once the key before them has been handled."""

    class KeyHandled(Message):
        """Follows a key up from the widget it was routed to: on reaching the app, the
        key has been through every handler and binding."""

        def __init__(self, key: events.Key) -> None:
            super().__init__()
            self.key: events.Key = key
            """The key it follows."""

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Key] = deque()
        self._in_flight: events.Key | None = None
        self._key_timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        """Route a key typed while another is on its way only once that one is done."""
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
        elif self._in_flight is not None:
            self._held.append(event)
        else:
            await self._route(event)

    async def _route(self, key: events.Key) -> None:
        await super().on_event(key)
        # A key taken by a priority binding has run its action already, but what the
        # action posted (the reader's "back to the list") is still on its way up: the
        # next key waits for that too ("q q" from the reader: back, then quit).
        self._in_flight = key
        (self.focused or self.screen).post_message(self.KeyHandled(key))
        self._key_timer = self.set_timer(KEY_WAIT, lambda: self._done(key))

    async def on_serial_keys_app_key_handled(self, message: KeyHandled) -> None:
        await self._done(message.key)

    async def _done(self, key: events.Key) -> None:
        """`key` has been handled: route the keys held behind it."""
        if key is not self._in_flight:
            return
        self._in_flight = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        while self._held and self._in_flight is None:
            await self._route(self._held.popleft())
