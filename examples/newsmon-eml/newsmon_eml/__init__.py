"""Folders of .eml messages (newsletters, press releases by mail) as a newsmon source."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from newsmon import ContentError, FetchFailure, RawDocument, SourceError, SourceState


class EmlFolder(BaseModel):
    """Options of an `eml` source: the folder holding the messages."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    path: Path

    def fetch(self, state: SourceState) -> Iterator[RawDocument | FetchFailure]:
        """One document per message not seen before (by Message-ID)."""
        if not self.path.is_dir():
            raise SourceError(f"source '{self.name}': no folder {self.path}; fix `path`")
        seen = set(state.cursor.get("message_ids", []))
        for file in sorted(self.path.glob("*.eml")):
            try:
                document = parse_message(self.name, file.name, file.read_bytes())
            except ContentError as exc:
                yield FetchFailure(self.name, file.name, exc)
                continue
            if document.uri in seen:
                state.unchanged += 1
                continue
            seen.add(document.uri)
            yield document
        state.cursor["message_ids"] = sorted(seen)


def parse_message(source: str, name: str, raw: bytes) -> RawDocument:
    """Pure: an RFC 5322 message to a document; HTML part preferred, subject as title."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message["subject"]:
        raise ContentError(f"{name}: not an e-mail message (no Subject header)", uri=name)
    part = message.get_body(preferencelist=("html", "plain"))
    if part is None:
        raise ContentError(f"{name}: message has no text or HTML body", uri=name)
    hints = {
        "title": str(message["subject"]),
        "author": str(message["from"] or ""),
        "published": str(message["date"] or ""),
        "origin": "email",
    }
    return RawDocument(
        source=source,
        uri=str(message["message-id"] or name).strip("<>"),
        content=part.get_content().encode("utf-8"),
        media_type=part.get_content_type(),
        hints={k: v for k, v in hints.items() if v},
    )
