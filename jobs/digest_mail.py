"""A digest as an e-mail (docs/digests.md): a plain-text part, an HTML part with the chart
images inline (cid:), the PDF and the CSV attached, and per recipient an RFC 8058 one-click
unsubscribe (List-Unsubscribe and List-Unsubscribe-Post)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape

from jobs.mail import POLICY, one_line
from queries.plumbing.settings import Settings
from queries.plumbing.translations import gettext_for
from queries.reports.digest import Digest
from queries.reports.document import Tiles
from queries.surveys.links import DigestLink, digest_unsubscribe_url, sign_digest


def digest_message(
    digest: Digest,
    address: str,
    subscription_id: int,
    files: tuple[bytes, list[bytes]],
    settings: Settings,
    now: datetime,
) -> EmailMessage:
    """The message of `digest` for `address`; `files` is (the PDF, the chart PNGs in order)."""
    pdf, images = files
    _ = gettext_for(digest.document.language).gettext
    token = sign_digest(settings.link_keys(), DigestLink(subscription_id, address), now)
    leave = digest_unsubscribe_url(settings.public_url, token)
    document = digest.document
    tiles = [t for part in document.parts if isinstance(part, Tiles) for t in part.tiles]

    message = EmailMessage(policy=POLICY)
    message["Subject"] = one_line(digest.subject)
    message["From"] = one_line(settings.mail_from)
    message["To"] = one_line(address)
    message["Date"] = formatdate(now.timestamp(), usegmt=True)
    message["Message-ID"] = make_msgid("digest")
    message["List-Unsubscribe"] = f"<{leave}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    text = [document.title, *document.facts, ""]
    text += [f"{t.label}: {t.value}" for t in tiles]
    text += ["", digest.markdown, "", f"{_('Unsubscribe')}: {leave}"]
    message.set_content("\n".join(text), charset="utf-8")

    cids = [make_msgid("chart")[1:-1] for _image in images]
    rows = "".join(
        f"<tr><td style='padding:2px 12px 2px 0;color:#555'>{escape(t.label)}</td>"
        f"<td style='font-weight:bold'>{escape(t.value)}</td></tr>"
        for t in tiles
    )
    charts = "".join(
        f'<p><img src="cid:{cid}" alt="{escape(chart.title, quote=True)}" width="600"></p>'
        for cid, chart in zip(cids, document.charts, strict=False)
    )
    facts = "<br>".join(escape(f) for f in document.facts)
    html = f"""<!DOCTYPE html>
<html lang="{escape(document.language, quote=True)}"><head><meta charset="utf-8"></head>
<body style="font-family:sans-serif;color:#1d2b36;max-width:640px">
<h2>{escape(document.title)}</h2><p style="color:#555">{facts}</p>
<table>{rows}</table>{charts}
<p style="color:#555">{escape(_("The PDF and the CSV of this digest are attached."))}</p>
<p style="font-size:small"><a href="{escape(leave, quote=True)}">{escape(_("Unsubscribe"))}</a></p>
</body></html>
"""
    message.add_alternative(html, subtype="html")
    html_part = message.get_body(preferencelist=("html",))
    assert isinstance(html_part, EmailMessage)
    for cid, image in zip(cids, images, strict=True):
        html_part.add_related(image, "image", "png", cid=f"<{cid}>")
    stem = document.name
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{stem}.pdf")
    message.add_attachment(digest.csv, maintype="text", subtype="csv", filename=f"{stem}.csv")
    message["Content-Language"] = document.language
    return message
