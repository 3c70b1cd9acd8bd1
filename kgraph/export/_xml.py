"""XML text helpers shared by the GraphML and GEXF writers.

XML 1.0 cannot carry every Unicode string: C0 control characters other than tab,
newline and carriage return, lone surrogates and U+FFFE/U+FFFF are not characters
of the document at all, and no escape (not even ``&#1;``) makes them legal. kgraph
replaces each of them with U+FFFD REPLACEMENT CHARACTER, so the file always parses
and the loss is visible instead of silent. Everything else is escaped, including
carriage returns and, in attribute values, tabs and newlines, which a parser would
otherwise normalise away.
"""

from __future__ import annotations

import re

__all__ = ["REPLACEMENT", "clean_xml_chars", "xml_attr", "xml_text"]

#: What an XML-illegal character is replaced with.
REPLACEMENT = "\ufffd"

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#9;",
    }
)


def clean_xml_chars(text: str) -> str:
    """Return ``text`` with every character XML 1.0 forbids replaced by U+FFFD.

    >>> clean_xml_chars("a\\x01b\\ud800c")
    'a\\ufffdb\\ufffdc'
    """
    return _ILLEGAL.sub(REPLACEMENT, text)


def xml_text(text: str) -> str:
    """Return ``text`` cleaned and escaped for element content.

    >>> xml_text('AT&T <"odd">')
    'AT&amp;T &lt;"odd"&gt;'
    """
    return clean_xml_chars(text).translate(_TEXT_ESCAPES)


def xml_attr(text: str) -> str:
    """Return ``text`` cleaned and escaped for a double-quoted attribute value.

    >>> xml_attr('say "hi"\\tnow')
    'say &quot;hi&quot;&#9;now'
    """
    return clean_xml_chars(text).translate(_ATTR_ESCAPES)
