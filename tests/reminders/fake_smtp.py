"""A small SMTP server in a thread that can misbehave on purpose.

Modes (for the next `count` messages, then back to "ok"; count None = for good):
- "ok": accept every message.
- "greeting_refused": answer the connection with 421 and close (nothing sent).
- "reject_rcpt": refuse the recipient with 550 (a permanent refusal before the data).
- "lax_data": refuse the recipient with 550 and still open the data when asked, as some
  servers do; a message to nobody is delivered to nobody.
- "drop_at_data": close the connection instead of answering DATA (nothing delivered).
- "drop_after_data": take the whole message, then close without replying. The message
  counts as delivered: that is what makes the outcome uncertain for the sender.
- "stall_after_data": take the whole message and send no reply until the client gives up.
- "temp_fail": answer the end of data with 451 (try again later).
"""

import socket
import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes


@dataclass
class Received:
    recipients: list[str]
    message_id: str
    subject: str


@dataclass
class FakeSmtpServer:
    host: str = "127.0.0.1"
    port: int = 0
    mode: str = "ok"
    count: int | None = None
    # Set to block the server's handlers (e.g. to let a test kill a worker mid-batch).
    stall_seconds: float = 5.0
    delay_per_message: float = 0.0
    # Seconds before greeting each new connection: a slow server, or the moment after a send
    # task has claimed its batch and before it sends anything (to kill a worker there).
    greeting_delay: float = 0.0
    # Offer PIPELINING (RFC 2920), as real mail servers do: the client then sends MAIL, RCPT
    # and DATA in one write. Off, it has to wait for each reply in turn.
    pipelining: bool = True
    received: list[Received] = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def misbehave(self, mode: str, count: int | None = None) -> None:
        with self.lock:
            self.mode, self.count = mode, count

    def _take_mode(self) -> str:
        with self.lock:
            mode = self.mode
            if self.count is not None:
                self.count -= 1
                if self.count <= 0:
                    self.mode, self.count = "ok", None
            return mode

    def _peek_mode(self) -> str:
        with self.lock:
            return self.mode

    def start(self) -> "FakeSmtpServer":
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            # Replies to pipelined commands are small writes in a row: with Nagle's algorithm
            # each would wait for the client's delayed ACK (~40 ms), which real servers avoid.
            disable_nagle_algorithm = True

            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self) -> None:
                with fake.lock:
                    fake.connections += 1
                if fake.greeting_delay:
                    threading.Event().wait(fake.greeting_delay)
                if fake._peek_mode() == "greeting_refused":
                    fake._take_mode()
                    self.reply("421 not now")
                    return
                self.reply("220 fake ESMTP")
                recipients: list[str] = []
                lax_data = False
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
                    if verb == "EHLO" and fake.pipelining:
                        self.reply("250-fake")
                        self.reply("250 PIPELINING")
                    elif verb in ("EHLO", "HELO"):
                        self.reply("250 fake")
                    elif verb == "MAIL":
                        recipients, lax_data = [], False
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        if fake._peek_mode() in ("reject_rcpt", "lax_data"):
                            lax_data = fake._peek_mode() == "lax_data"
                            fake._take_mode()
                            self.reply("550 no such user")
                        else:
                            recipients.append(line.decode().split(":", 1)[1].strip(" <>\r\n"))
                            self.reply("250 OK")
                    elif verb == "DATA":
                        if fake._peek_mode() == "drop_at_data":
                            fake._take_mode()
                            return
                        if not recipients and not lax_data:
                            self.reply("554 no valid recipients")
                            continue
                        self.reply("354 go ahead")
                        if not self.data(recipients):
                            return
                    elif verb == "RSET":
                        recipients = []
                        self.reply("250 OK")
                    elif verb == "NOOP":
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

            def data(self, recipients: list[str]) -> bool:
                mode = fake._take_mode()
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return False
                    if line == b".\r\n":
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                if mode == "temp_fail":
                    self.reply("451 try again later")
                    return True
                parsed = message_from_bytes(b"".join(lines))
                if not recipients:
                    self.reply("250 delivered to nobody")
                    return True
                with fake.lock:
                    fake.received.append(
                        Received(recipients, parsed["Message-ID"] or "", parsed["Subject"] or "")
                    )
                if fake.delay_per_message:
                    threading.Event().wait(fake.delay_per_message)
                if mode == "drop_after_data":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return False
                if mode == "stall_after_data":
                    threading.Event().wait(fake.stall_seconds)
                    return False
                self.reply("250 queued")
                return True

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                # A client killed mid-conversation is what some tests do on purpose.
                pass

        self.server = Server((self.host, self.port), Handler)
        self.port = self.server.server_address[1]
        # serve_forever checks for shutdown() every poll_interval (half a second by default),
        # which every test using this server would wait out when it stops.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def recipients(self) -> list[str]:
        with self.lock:
            return [address for message in self.received for address in message.recipients]


def closed_port() -> int:
    """A local port nobody listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
