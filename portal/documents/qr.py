"""QR codes as SVG data URIs, drawn as vectors in the PDF (sharp at any print size)."""

import segno


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` (error correction M: survives a crease or a smudge)."""
    return segno.make_qr(text, error="m").svg_data_uri(scale=1, border=2, dark="#000", light="#fff")
