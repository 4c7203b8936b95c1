"""Presenter mode: a projector theme, and the chrome an audience does not need put away."""

from __future__ import annotations

from textual.theme import Theme

PRESENT_CLASS = "-present"
"""Set on the app while presenting; every presenter style is nested under it."""

PROJECTOR = Theme(
    name="projector",
    primary="#FFD400", secondary="#00E5FF", accent="#FF9E1B",
    foreground="#FFFFFF", background="#000000", surface="#0A0A0A", panel="#1C1C1C",
    success="#3DFF6E", warning="#FFD400", error="#FF5050",
    dark=True, text_alpha=1.0,
    variables={"text-muted": "#D8D8D8", "footer-key-foreground": "#FFD400"},
)
"""Black and white with saturated accents: reads on a washed-out projector."""

PROJECTOR_LIGHT = Theme(
    name="projector-light",
    primary="#0030C0", secondary="#7000B0", accent="#B04000",
    foreground="#000000", background="#FFFFFF", surface="#F4F4F4", panel="#E2E2E2",
    success="#006B1F", warning="#7A4A00", error="#C00000",
    dark=False, text_alpha=1.0,
    variables={"text-muted": "#303030", "footer-key-foreground": "#0030C0"},
)
"""The same for a bright room: black on white."""

THEMES = (PROJECTOR, PROJECTOR_LIGHT)


def projector_theme(dark: bool) -> str:
    """The projector theme that keeps the room's choice of dark or light."""
    return PROJECTOR.name if dark else PROJECTOR_LIGHT.name
