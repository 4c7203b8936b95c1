"""`?`: every key that works here, as the active keymap binds it, with the id to remap it by."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

BUILT_IN = "Textual's own keys (no id: they cannot be remapped)"


@dataclass(frozen=True)
class KeyHelp:
    """One binding as the user meets it: the keys that trigger it now, and its id."""

    keys: tuple[str, ...]
    description: str
    binding_id: str | None
    action: str
    enabled: bool = True


Section = tuple[str, list[KeyHelp]]


def key_label(key: str) -> str:
    """A key as it can be written in the keymap: `ctrl+l`, `?`, `escape` (not `^l`, `esc`)."""
    *modifiers, name = key.split("+")
    shown = format_key(name)
    if len(shown) != 1 or shown == "," or _long_form(shown) != name:
        shown = name  # `↑` or `⏎` in a keymap would not mean up or enter
    return "+".join([*modifiers, shown])


def _long_form(keys: str) -> str:
    """Textual's name for keys a user wrote (`?` -> `question_mark`), as `set_keymap` reads them."""
    names = [key.strip() for key in keys.split(",")]
    return ",".join(b.key for name in names if name for b in Binding.make_bindings([(name, "")]))


def normalized_keymap(keymap: Mapping[str, str]) -> dict[str, str]:
    """The keymap with keys in Textual's long form (`?` -> `question_mark`), as it applies it."""
    return {binding_id: _long_form(keys) for binding_id, keys in keymap.items()}


def _grouped(bindings: Iterable[tuple[Binding, bool]]) -> list[KeyHelp]:
    """One line per binding (several keys may trigger it), in the order given."""
    lines: dict[tuple[str | None, str, str], KeyHelp] = {}
    for binding, enabled in bindings:
        if not binding.description:
            continue
        group = (binding.id, binding.action, binding.description)
        known = lines.get(group)
        keys = (known.keys if known else ()) + (key_label(binding.key),)
        lines[group] = KeyHelp(keys, binding.description, binding.id, binding.action, enabled)
    return list(lines.values())


def _title(app: App[Any], node: object) -> str:
    if node is app:
        return "Everywhere"
    if isinstance(node, Screen):
        return f"This screen: {type(node).__name__}"
    name = getattr(node, "HELP_TITLE", type(node).__name__)
    return f"Focused: {name}" if node is app.focused else name


def keys_here(app: App[Any], keymap: Mapping[str, str],
              elsewhere: Sequence[tuple[str, type, Sequence[BindingType]]] = ()) -> list[Section]:
    """The keys that work now, from Textual's active bindings (keymap applied, shadowed keys
    gone), grouped by the widget, screen or app that binds them; `elsewhere` adds widgets
    (title, class, BINDINGS) whose keys work once they are focused."""
    by_node: dict[int, tuple[object, list[tuple[Binding, bool]]]] = {}
    built_in: list[tuple[Binding, bool]] = []
    for active in app.active_bindings.values():
        if active.binding.id is None:
            built_in.append((active.binding, active.enabled))
        else:
            by_node.setdefault(id(active.node), (active.node, []))[1].append(
                (active.binding, active.enabled))
    sections = [(_title(app, node), _grouped(bindings)) for node, bindings in by_node.values()]
    in_chain = [node for node, _ in by_node.values()]
    mapped = normalized_keymap(keymap)
    for title, widget_class, bindings in elsewhere:
        if any(isinstance(node, widget_class) for node in in_chain):
            continue
        remapped = BindingsMap(bindings)
        remapped.apply_keymap(mapped)
        declared = [b.id for b in Binding.make_bindings(bindings)]
        ordered = sorted((b for _, b in remapped), key=lambda b: declared.index(b.id))
        sections.insert(-1, (title, _grouped((b, True) for b in ordered)))
    sections.append((BUILT_IN, _grouped(built_in)))
    return [(title, lines) for title, lines in sections if lines]


def render_help(sections: Sequence[Section]) -> Text:
    """Plain Text (never markup): descriptions and ids are shown exactly as written."""
    out = Text()
    out.append("Keys", style="bold")
    out.append("  remap any key by its id in the config file (keymap:)\n\n", style="dim")
    palette: list[str] = []
    # One column for every description, as wide as the longest (a fixed 24 let "History,
    # state by state pane" push its id out of line).
    width = max((len(line.description) for _, lines in sections for line in lines), default=0)
    width = min(max(width, 24), 36)
    for title, lines in sections:
        out.append(title + "\n", style="bold")
        for line in lines:
            keys = ", ".join(line.keys)
            if line.action == "command_palette":
                palette.extend(line.keys)
            out.append(f"  {keys:<16} ", style="bold" if line.enabled else "dim")
            out.append(f"{line.description:<{width}}", style="" if line.enabled else "dim")
            if line.binding_id:
                out.append(f" {line.binding_id}", style="dim")
            out.append("\n")
        out.append("\n")
    out.append("Command palette", style="bold")
    if palette:
        out.append("  " + " or ".join(palette))
    out.append("\n  target: …  profile: …  region: …  view: …  emulator: …  open: …  (lab: … in a lab)")
    return out


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(render_help(self.sections), id="help-keys")
