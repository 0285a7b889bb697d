"""Sending e-mail over SMTP while knowing how far each message got.

Django's SMTP backend reports any failure as one exception, whether the server refused the
connection (nothing left: safe to send again) or the connection dropped after the message's
final "." while the server was deciding (it may have been delivered). `SmtpSession` walks
the phases itself (connect, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, end of data, reply) and
raises `NotHandedOver` or `Uncertain` accordingly; a 4xx/5xx reply after the data is a clear
refusal (`Refused`).
"""

import contextlib
import functools
import io
import secrets
import select
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.generator import BytesGenerator
from email.policy import Compat32
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME

CRLF = b"\r\n"


class DeliveryError(Exception):
    """Base of the outcomes that are not "sent"; `phase` names the last step tried."""

    def __init__(self, phase: str, detail: str) -> None:
        super().__init__(f"{phase}: {detail}")
        self.phase = phase


class NotHandedOver(DeliveryError):
    """The server never got the complete message: sending it again cannot make a copy."""


class Refused(DeliveryError):
    """The server answered the message with an error; `permanent` for a 5xx code."""

    def __init__(self, phase: str, detail: str, *, permanent: bool) -> None:
        super().__init__(phase, detail)
        self.permanent = permanent


class Uncertain(DeliveryError):
    """The whole message went out but no final reply came: it may have been delivered."""


def _quote_periods(data: bytes) -> bytes:
    return smtplib._quote_periods(data)


class _ShortHeadersAsIs(Compat32):
    """Python's compat32 policy, minus the folding machinery for headers that need none.

    A short ASCII value folds to itself; building a Header object to find that out was the
    largest cost of writing an e-mail. Anything longer, or encoded, takes the usual path.
    """

    def _fold(self, name: str, value: object, sanitize: bool) -> str:
        if (
            isinstance(value, str)
            and value.isascii()
            and "\r" not in value
            and "\n" not in value
            and len(name) + 2 + len(value) < (self.max_line_length or 78)
        ):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


_SHORT_HEADERS_AS_IS = _ShortHeadersAsIs(linesep="\r\n")


def message_bytes(message: EmailMessage) -> bytes:
    """The message as sent, CRLF line ends: the bytes `message.message().as_bytes()` gives.

    The multipart boundary is random and set up front: the standard generator instead makes
    one up and compiles a regular expression to check the text does not contain it, once
    per message. A 128-bit random token cannot occur in text written before it existed.
    """
    mime = message.message()
    if mime.is_multipart():
        mime.set_boundary(f"=={secrets.token_hex(16)}==")
    output = io.BytesIO()
    BytesGenerator(output, mangle_from_=False, policy=_SHORT_HEADERS_AS_IS).flatten(mime)
    return output.getvalue()


@functools.lru_cache(maxsize=16)
def _envelope_sender(from_email: str, encoding: str) -> str:
    # Every message of a batch has the same sender; parsing it once saves that per e-mail.
    sender = sanitize_address(from_email, encoding)
    return parseaddr(sender)[1] or sender


def _closed_or_talking(connection: smtplib.SMTP) -> bool:
    """True when the server hung up (or answered early) while the data was still going out:
    it cannot have accepted a message whose final "." it never saw."""
    sock = connection.sock
    if sock is None:
        return True
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        sock.recv(1, socket.MSG_PEEK)
    except OSError:
        return True
    return True


class SmtpSession:
    """One SMTP connection for many messages. Use as a context manager.

    `before_end_of_data(message)` is called right before the final "." goes out; the caller
    records "handed over" there, so a crash after that point is never taken as "not sent".
    """

    def __init__(
        self,
        *,
        host: str | None = None,
        port: int | None = None,
        timeout: float | None = None,
        use_tls: bool | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.host = host or settings.EMAIL_HOST
        self.port = port or settings.EMAIL_PORT
        self.timeout = timeout if timeout is not None else settings.EMAIL_TIMEOUT
        self.use_tls = settings.EMAIL_USE_TLS if use_tls is None else use_tls
        self.username = settings.EMAIL_HOST_USER if username is None else username
        self.password = settings.EMAIL_HOST_PASSWORD if password is None else password
        self.connection: smtplib.SMTP | None = None
        # The step in progress, named in the error if the connection fails during it.
        self.phase = "connect"

    def __enter__(self) -> "SmtpSession":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> None:
        if self.connection is not None:
            return
        phase = "connect"
        try:
            # DNS_NAME is Django's cached FQDN: smtplib would otherwise look it up per connection.
            connection = smtplib.SMTP(
                self.host, self.port, local_hostname=str(DNS_NAME), timeout=self.timeout
            )
            self.connection = connection
            # The end of data follows the body as a second small write; with Nagle's
            # algorithm it would wait for the server's delayed ACK (~40 ms per message).
            if connection.sock is not None:
                connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            phase = "ehlo"
            connection.ehlo()
            if self.use_tls:
                phase = "starttls"
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
            if self.username:
                phase = "login"
                connection.login(self.username, self.password)
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise NotHandedOver(phase, repr(error)) from error

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()

    def send(self, message: EmailMessage, before_end_of_data: Callable[[], None]) -> None:
        self.open()
        connection = self.connection
        assert connection is not None
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = _envelope_sender(message.from_email, encoding)
        recipients = [sanitize_address(a, encoding) for a in message.recipients()]
        data = message_bytes(message)
        try:
            if connection.has_extn("pipelining"):
                self._pipelined_envelope(connection, sender, recipients)
            else:
                self._envelope(connection, sender, recipients)
            body = _quote_periods(data)
            if not body.endswith(CRLF):
                body += CRLF
            connection.send(body)
            if _closed_or_talking(connection):
                raise NotHandedOver("data", "the server spoke or closed before the end of data")
        except Refused:
            self._reset()
            raise
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise NotHandedOver(self.phase, repr(error)) from error
        try:
            before_end_of_data()
        except BaseException:
            # The caller may no longer send (its claim was taken over): without the final
            # "." the server discards what it got.
            self.close()
            raise
        phase = "end of data"
        try:
            connection.send(b"." + CRLF)
            phase = "reply"
            code, reply = connection.getreply()
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise Uncertain(phase, repr(error)) from error
        if code != 250:
            self._reset()
            raise Refused(phase, f"{code} {reply!r}", permanent=code >= 500)

    def _envelope(self, connection: smtplib.SMTP, sender: str, recipients: list[str]) -> None:
        self.phase = "mail"
        code, reply = connection.mail(sender)
        if code != 250:
            raise Refused(self.phase, f"{code} {reply!r}", permanent=code >= 500)
        self.phase = "rcpt"
        accepted = 0
        for recipient in recipients:
            code, reply = connection.rcpt(recipient)
            accepted += code in (250, 251)
        if not accepted:
            raise Refused(self.phase, f"{code} {reply!r}", permanent=code >= 500)
        self.phase = "data"
        code, reply = connection.docmd("data")
        if code != 354:
            raise Refused(self.phase, f"{code} {reply!r}", permanent=code >= 500)

    def _pipelined_envelope(
        self, connection: smtplib.SMTP, sender: str, recipients: list[str]
    ) -> None:
        """MAIL, RCPT and DATA in one write, their replies read afterwards (RFC 2920): one
        round trip per message instead of three."""
        commands = [
            f"MAIL FROM:{smtplib.quoteaddr(sender)}",
            *(f"RCPT TO:{smtplib.quoteaddr(address)}" for address in recipients),
            "DATA",
        ]
        self.phase = "mail"
        connection.send("".join(f"{command}\r\n" for command in commands))
        code, reply = connection.getreply()
        refusal = None if code == 250 else (self.phase, code, reply)
        self.phase = "rcpt"
        accepted = 0
        for _ in recipients:
            code, reply = connection.getreply()
            accepted += code in (250, 251)
        if not accepted and refusal is None:
            refusal = (self.phase, code, reply)
        self.phase = "data"
        code, reply = connection.getreply()
        if code == 354 and refusal is not None:
            # A server that opens the data after refusing the envelope gets an empty message
            # to close it; with no sender or recipient accepted it delivers nothing.
            connection.send(b"." + CRLF)
            connection.getreply()
        if code != 354 and refusal is None:
            refusal = (self.phase, code, reply)
        if refusal is not None:
            phase, code, reply = refusal
            raise Refused(phase, f"{code} {reply!r}", permanent=code >= 500)

    def _reset(self) -> None:
        try:
            self.connection.rset()  # type: ignore[union-attr]
        except (smtplib.SMTPException, OSError):
            self.close()


class BackendSession:
    """The same interface over any Django mail backend (console, file, in-memory in tests).

    Those backends do not say how far a failed message got, so an error is taken as
    "not handed over" only when it is one of smtplib's errors from before the data.
    """

    BEFORE_DATA = (
        smtplib.SMTPConnectError,
        smtplib.SMTPAuthenticationError,
        smtplib.SMTPSenderRefused,
        smtplib.SMTPRecipientsRefused,
        smtplib.SMTPHeloError,
        ConnectionRefusedError,
    )

    def __init__(self) -> None:
        self.connection = get_connection()

    def __enter__(self) -> "BackendSession":
        return self

    def __exit__(self, *exc_info: object) -> None:
        # Closing must not hide the batch's outcome.
        with contextlib.suppress(Exception):
            self.connection.close()

    def send(self, message: EmailMessage, before_end_of_data: Callable[[], None]) -> None:
        before_end_of_data()
        try:
            self.connection.send_messages([message])
        except self.BEFORE_DATA as error:
            raise NotHandedOver("backend", repr(error)) from error
        except (smtplib.SMTPException, OSError) as error:
            raise Uncertain("backend", repr(error)) from error


def open_session() -> SmtpSession | BackendSession:
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return SmtpSession()
    return BackendSession()
