"""PDFium functions called with plain handles.

pypdfium2's raw bindings type every handle as a pointer to an opaque struct, so each call
checks what it is given and builds a ctypes pointer object for what it returns. Reading a
page's few hundred objects one call at a time, that is a third of the time. These are the
same C functions declared with ``c_void_p`` handles, so ctypes passes and returns plain ints.
A handle is valid only while the pypdfium2 object it came from is open.
"""

from __future__ import annotations

from ctypes import CFUNCTYPE, POINTER, c_double, c_float, c_int, c_ulong, c_void_p, cast
from typing import Any

import pypdfium2.raw as pdfium_c


def _plain(function: Any, restype: Any, *argtypes: Any) -> Any:
    return CFUNCTYPE(restype, *argtypes)(cast(function, c_void_p).value)


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
