from __future__ import annotations

import codecs

from v6audit.probes.charset import declared_charset, decode_page

TEXT = "<p>政务服务网：欢迎访问</p>"


def test_header_charset_wins_over_default() -> None:
    body = TEXT.encode("gbk")
    assert declared_charset(body, "text/html; charset=GBK") == "gb18030"
    assert decode_page(body, "text/html; charset=gbk") == (TEXT, "gb18030")


def test_meta_charset_is_read_when_the_header_has_none() -> None:
    body = ('<html><head><meta charset="gb2312">' + TEXT).encode("gb2312")
    text, charset = decode_page(body, "text/html")
    assert charset == "gb18030"
    assert TEXT in text
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=GB18030">'
    assert declared_charset(http_equiv, None) == "gb18030"


def test_bom_beats_declarations_and_unknown_labels_fall_back_to_utf8() -> None:
    assert declared_charset(codecs.BOM_UTF8 + b"x", "text/html; charset=gbk") == "utf-8"
    assert declared_charset(b"<p>x</p>", "text/html; charset=no-such-charset") == "utf-8"
    assert declared_charset(b"<p>x</p>", None) == "utf-8"


def test_undecodable_bytes_never_raise() -> None:
    text, charset = decode_page(b"\xfa\xfb<p>", "text/html; charset=utf-8")
    assert charset == "utf-8"
    assert text.endswith("<p>")
