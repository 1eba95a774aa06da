# SPDX-License-Identifier: MIT
"""Several output streams on one terminal, line by line, each line prefixed by its stream.

A complete line is written whole, on a line of its own: another stream's
line never lands inside it. An unfinished line (a prompt, the echo of what
is being typed) is shown after it has waited FLUSH_AFTER, at once for the
focus (the stream typing goes to); if another stream's line comes while it
is on the screen, that line goes below it and the focus's unfinished line
is drawn again under that. Carriage returns are dropped: the terminal turns
each newline into a new line (consoles.Terminal keeps ONLCR on). An echoed
erasure ("\b \b", as the partition service and shells echo a backspace)
takes a character off the unfinished line, on the screen only if the line
is there.
"""

import os
import time

FLUSH_AFTER = 0.1  # seconds an unfinished line waits for the rest of it
SHOWN_MAX = 1024  # bytes of an unfinished line kept for drawing it again
ERASE_ECHO = b'\b \b'  # the echo of an erased character


class Stream:
    """One source of output, e.g. a UART; feed() it what it sends."""

    def __init__(self, display, prefix):
        self.display, self.prefix = display, prefix.encode()
        self.pending = b''  # received and not yet written
        self.shown = b''  # the unfinished line written so far, without the prefix
        self.since = None  # when the oldest pending byte came

    def feed(self, data):
        self.pending += data.replace(b'\r', b'')
        self._erase()
        ended = b'\n' in self.pending
        while b'\n' in self.pending:
            line, self.pending = self.pending.split(b'\n', 1)
            self.display.line(self, line)
        if not self.pending:
            self.since = None
        elif ended or self.since is None:
            self.since = time.monotonic()
        self.display.tick()

    def forget_line(self):
        """The unfinished line on the screen stays there but is no longer this stream's:
        it is not drawn again, and erasures that would take it off are dropped."""
        self.shown = b''

    def _erase(self):
        """Apply the echoed erasures in pending to the line."""
        while True:
            i = self.pending.find(ERASE_ECHO)
            if i < 0:
                return
            tail = self.pending[i + len(ERASE_ECHO):]
            if i > 0 and self.pending[i - 1:i] != b'\n':
                self.pending = self.pending[:i - 1] + tail
            elif i == 0 and self.shown:
                self.shown = self.shown[:-1]
                self.pending = tail
                self.display.erase_shown(self)
            else:  # nothing of this line left to take off
                self.pending = self.pending[:i] + tail

    def showable(self, now):
        """How much of pending may be shown @now: all once it has waited FLUSH_AFTER;
        before, all if it is the focus's, but for the start of an erasure at its end."""
        if now - self.since >= FLUSH_AFTER:
            return len(self.pending)
        if self is not self.display.focus:
            return 0
        for k in (2, 1):
            if self.pending.endswith(ERASE_ECHO[:k]):
                return len(self.pending) - k
        return len(self.pending)


class Display:
    """The terminal (file descriptor @fd) shared by streams."""

    def __init__(self, fd):
        self.fd = fd
        self.streams = []
        self.owner = None  # the stream whose unfinished line ends the screen, if any
        self.focus = None

    def stream(self, prefix):
        s = Stream(self, prefix)
        self.streams.append(s)
        return s

    def _write(self, data):
        while data:
            data = data[os.write(self.fd, data):]

    def _break(self):
        """End the unfinished line on the screen, whoever's it is."""
        if self.owner:
            self._write(b'\n')
            self.owner = None

    def _redraw_focus(self):
        f = self.focus
        if f and f.shown and self.owner is not f:
            self._break()
            self._write(f.prefix + f.shown)
            self.owner = f

    def line(self, s, text):
        """@s's complete line @text (without its newline)."""
        if self.owner is s:
            self._write(text + b'\n')
        else:
            self._break()
            self._write(s.prefix + s.shown + text + b'\n')
        self.owner = None
        s.shown = b''
        self._redraw_focus()

    def message(self, text):
        """A line of our own (str), unprefixed."""
        self._break()
        self._write(text.encode() + b'\n')
        self._redraw_focus()

    def erase_shown(self, s):
        """@s's unfinished line has lost its last character."""
        if self.owner is s:
            self._write(ERASE_ECHO)
            if not s.shown and not s.prefix:
                self.owner = None  # the cursor is back at the start of an empty line

    def set_focus(self, s):
        self.focus = s
        self._redraw_focus()

    def _show_unfinished(self, s, n):
        text, s.pending = s.pending[:n], s.pending[n:]
        s.since = time.monotonic() if s.pending else None
        if self.owner is not s:
            self._break()
            self._write(s.prefix + s.shown)
            self.owner = s
        self._write(text)
        s.shown = (s.shown + text)[-SHOWN_MAX:]

    def tick(self):
        """Show the unfinished lines that are due."""
        now = time.monotonic()
        for s in self.streams:
            n = s.showable(now) if s.pending else 0
            if n:
                self._show_unfinished(s, n)

    def next_due(self):
        """When tick() next has something to show (a monotonic time), or None."""
        due = [s.since + FLUSH_AFTER for s in self.streams if s.pending]
        return min(due) if due else None

    def end(self):
        """Show everything still pending, end the last line."""
        for s in self.streams:
            if s.pending:
                self._show_unfinished(s, len(s.pending))
        self._break()
