"""Reading an e-mail (.eml, RFC 5322/MIME) into the parts postguard checks (R7).

Subject, plain-text body, the text of the HTML body, attachment names, and recipients.
A file that is not an e-mail at all is refused with a clear error.
"""
from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser

from ..context import Attachment
from ..errors import InputError
from ..inputs import MAX_BYTES


@dataclass(frozen=True)
class EmailDraft:
    subject: str
    body: str
    html_text: str
    sender: str
    recipients: tuple[str, ...]
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

    def parts(self) -> dict[str, str]:
        """Named texts to check; attachment names are checked as text too (``Sokol_budget.xlsx``)."""
        parts = {"subject": self.subject, "body": self.body}
        # The HTML alternative usually repeats the plain text; check it only when it says something else.
        if self.html_text and self.html_text.split() != self.body.split():
            parts["body_html"] = self.html_text
        for number, attachment in enumerate(self.attachments, 1):
            parts[f"attachment:{number}"] = attachment.name
        return {name: text for name, text in parts.items() if text}


class _HtmlText(HTMLParser):
    _BREAKS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BREAKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):  # noqa: ANN001
        if not self._skip:
            self.chunks.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.chunks).splitlines()]
    return "\n".join(line for line in lines if line)


def parse_eml(data: bytes, source: str = "<eml>") -> EmailDraft:
    if not data.strip():
        raise InputError(f"{source}: the file is empty: not an e-mail")
    if len(data) > MAX_BYTES * 8:
        raise InputError(f"{source}: {len(data):,} bytes is too large for an e-mail to check")
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not any(message.get(h) for h in ("From", "To", "Subject", "Date")):
        raise InputError(f"{source}: not an e-mail (no From, To, Subject or Date header); save the message as .eml")
    try:
        subject = str(message.get("Subject", "") or "")
        sender = ", ".join(addr for _, addr in getaddresses([str(message.get("From", ""))]) if addr)
        recipients = tuple(addr.lower() for _, addr in getaddresses(
            [str(v) for h in ("To", "Cc", "Bcc") for v in message.get_all(h, [])]) if addr)
    except (ValueError, IndexError, TypeError) as exc:  # header parsing in the stdlib raises these on malformed headers
        raise InputError(f"{source}: malformed header: {exc}") from None
    body, html_text, attachments = "", "", []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        content_type = part.get_content_type()
        if filename or part.get_content_disposition() == "attachment":
            attachments.append(Attachment(name=filename or "(unnamed)", content_type=content_type))
            continue
        if content_type not in ("text/plain", "text/html"):
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError, UnicodeDecodeError):
            payload = part.get_payload(decode=True) or b""
            content = payload.decode("utf-8", errors="replace")
        if content_type == "text/plain" and not body:
            body = content
        elif content_type == "text/html" and not html_text:
            html_text = html_to_text(content)
    return EmailDraft(subject, body, html_text, sender, recipients, tuple(attachments))
