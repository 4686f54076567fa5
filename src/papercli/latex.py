"""LaTeX's accent and letter commands, one table each, read both ways: `papers import`
decodes `{\\"u}` and `{\\ss}` by them (bibimport), and a .bib written to a stream that is
not UTF-8 encodes ü and ß by them (exporters.bibtex). Two tables, one the other's
inverse, would drift apart."""

from __future__ import annotations

import unicodedata

# An accent command and the combining mark it puts on its letter (`\"u` is u + U+0308).
ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
           "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
           "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331"}
# The letters LaTeX has commands for (\ss, Gro\ss e; {\o}).
LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
           "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}

# The other way: a combining mark's accent command, and a letter's command where no
# accent writes it (å is \r{a}: written so, as its accent, not \aa).
ACCENT_OF = {mark: command for command, mark in ACCENTS.items()}
LETTER_OF = {letter: command for command, letter in LETTERS.items()
             if len(unicodedata.normalize("NFD", letter)) == 1}
