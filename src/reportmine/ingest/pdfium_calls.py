"""PDFium functions called with plain handles.

pypdfium2's raw bindings type every handle as a pointer to an opaque struct, so each call
checks what it is given and builds a ctypes pointer object for what it returns. Reading a
page's few hundred objects one call at a time, that is a third of the time. These are the
same C functions declared with ``c_void_p`` handles, so ctypes passes and returns plain ints.
A handle is valid only while the pypdfium2 object it came from is open.
"""

from __future__ import annotations

from ctypes import (
    CFUNCTYPE,
    POINTER,
    byref,
    c_double,
    c_float,
    c_int,
    c_ulong,
    c_ushort,
    c_void_p,
    cast,
    string_at,
)
from typing import Any

import pypdfium2.raw as pdfium_c


def _plain(function: Any, restype: Any, *argtypes: Any) -> Any:
    address = cast(function, c_void_p).value
    if not address:
        raise ImportError(f"PDFium function {function.__name__} has no address")
    return CFUNCTYPE(restype, *argtypes)(address)


def handle(wrapper: Any) -> int:
    """The plain handle of a pypdfium2 page or text page."""
    return cast(wrapper.raw, c_void_p).value or 0


_FLOAT, _INT = POINTER(c_float), POINTER(c_int)
count_objects = _plain(pdfium_c.FPDFPage_CountObjects, c_int, c_void_p)
get_object = _plain(pdfium_c.FPDFPage_GetObject, c_void_p, c_void_p, c_int)
form_count_objects = _plain(pdfium_c.FPDFFormObj_CountObjects, c_int, c_void_p)
form_get_object = _plain(pdfium_c.FPDFFormObj_GetObject, c_void_p, c_void_p, c_ulong)
object_type = _plain(pdfium_c.FPDFPageObj_GetType, c_int, c_void_p)
object_bounds = _plain(pdfium_c.FPDFPageObj_GetBounds, c_int, c_void_p, *[_FLOAT] * 4)
path_draw_mode = _plain(pdfium_c.FPDFPath_GetDrawMode, c_int, c_void_p, _INT, _INT)
font_size = _plain(pdfium_c.FPDFText_GetFontSize, c_double, c_void_p, c_int)
font_weight = _plain(pdfium_c.FPDFText_GetFontWeight, c_int, c_void_p, c_int)
count_chars = _plain(pdfium_c.FPDFText_CountChars, c_int, c_void_p)
_char_origin = _plain(
    pdfium_c.FPDFText_GetCharOrigin, c_int, c_void_p, c_int, POINTER(c_double), POINTER(c_double)
)


class Origins:
    """Where characters of one text page sit (PDF units: x across, y up the page to the
    baseline), read into this reader's own two doubles (no ctypes objects built per call)."""

    def __init__(self, raw_textpage: int) -> None:
        self.raw = raw_textpage
        self._x, self._y = c_double(), c_double()
        self._x_ref, self._y_ref = byref(self._x), byref(self._y)

    def __call__(self, index: int) -> tuple[float, float] | None:
        """None when PDFium does not know the character's origin."""
        if not _char_origin(self.raw, index, self._x_ref, self._y_ref):
            return None
        return self._x.value, self._y.value


_bounded_text = _plain(
    pdfium_c.FPDFText_GetBoundedText,
    c_int,
    c_void_p,
    *[c_double] * 4,
    POINTER(c_ushort),
    c_int,
)


class BoundedText:
    """The text of rectangles of one text page, each read in one PDFium call: the buffer
    holds the whole page, so no call is needed first to size it (PDFium scans every
    character of the page per call)."""

    def __init__(self, textpage: Any) -> None:
        self.raw = handle(textpage)
        self.size = max(count_chars(self.raw), 0) + 1  # room for the closing NUL
        self.buffer = (c_ushort * self.size)()

    def __call__(self, left: float, bottom: float, right: float, top: float) -> str:
        written = _bounded_text(self.raw, left, top, right, bottom, self.buffer, self.size)
        if written > 0 and self.buffer[written - 1] == 0:
            written -= 1
        if written <= 0:
            return ""
        return string_at(self.buffer, 2 * written).decode("utf-16-le", errors="ignore")
