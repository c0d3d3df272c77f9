"""Colours readable on a background: WCAG 2 contrast, and a colour's lightness moved
until the contrast holds (its hue and saturation kept, so kinds stay apart)."""

from __future__ import annotations

from textual.color import Color

#: WCAG 2 AA contrast for normal text.
MIN_CONTRAST = 4.5


def luminance(colour: Color) -> float:
    """WCAG relative luminance of `colour` (0 black .. 1 white)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours (1 .. 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour: Color, background: Color, minimum: float = MIN_CONTRAST) -> Color:
    """`colour` itself when it contrasts enough with `background`, else the colour of the
    same hue and saturation, lightened (on a dark background) or darkened (on a light
    one) just enough to reach `minimum`."""
    if contrast(colour, background) >= minimum:
        return colour
    hue, saturation, lightness = colour.hsl
    lighten = contrast(Color(255, 255, 255), background) >= contrast(Color(0, 0, 0), background)
    near, far = lightness, (1.0 if lighten else 0.0)  # `far` is the most contrast there is
    for _ in range(24):  # bisect to the least change that reads
        middle = (near + far) / 2
        if contrast(Color.from_hsl(hue, saturation, middle), background) >= minimum:
            far = middle
        else:
            near = middle
    return Color.from_hsl(hue, saturation, far)
