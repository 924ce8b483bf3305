"""Printable records and verifiable passes.

The document layer the casework lifecycles call:

- :mod:`.records` — one plain-data class and one ``render_*`` function per record
  (《施工许可证》, 《物品放行条》, 《押金退还备忘表》, 入伙缴费通知, 《车位使用协议》);
- :mod:`.rendering` — ``render_pdf(template_name, context) -> bytes``: A4, Chinese text in an
  embedded CJK font, never a missing glyph;
- :mod:`.services` — ``issue_document`` / ``issue_record`` store a rendered record as an
  :class:`~.models.IssuedDocument` in private storage; ``verify_token`` and ``mark_used`` serve
  the gate, where security scans the QR code of a pass.
"""
