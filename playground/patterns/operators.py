"""Parse and validate one match expression, e.g. ``{"numeric": [">", 0, "<=", 5]}``.

EventBridge and SNS share the syntax but not every operator form, so the parser is
driven by a :class:`Dialect`. Rules and limits cite where they come from; the
wording of errors is ours (one sentence a learner can act on), not AWS's.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from playground.patterns.conditions import (
    AnythingBut,
    Cidr,
    Condition,
    EqualsIgnoreCase,
    Exact,
    Exists,
    Numeric,
    Prefix,
    Suffix,
    ValueCondition,
    Wildcard,
    compile_wildcard,
)
from playground.patterns.errors import PatternError
from playground.patterns.values import (
    decimal_places,
    format_number,
    is_number,
    render,
    to_decimal,
    to_scalar,
)


@dataclass(frozen=True)
class Dialect:
    """What one service accepts. See EVENTBRIDGE and SNS below for sources."""

    name: str
    numeric_limit: Decimal
    numeric_decimals: int
    ignore_case_affixes: bool
    anything_but_forms: frozenset[str]
    anything_but_form_lists: bool
    max_wildcards_per_pattern: int | None


# EventBridge: numeric operands between -5.0e9 and +5.0e9 with six digits after the
# decimal point ("Content filtering in Amazon EventBridge event patterns", numeric
# matching; event-ruler ComparableNumber). Prefix/suffix take an equals-ignore-case
# form and anything-but takes prefix, suffix, equals-ignore-case and wildcard
# ("Comparison operators for use in event patterns", operator table), each as a
# string or a list of strings (event-ruler JsonRuleCompiler).
EVENTBRIDGE = Dialect(
    name="EventBridge",
    numeric_limit=Decimal("5e9"),
    numeric_decimals=6,
    ignore_case_affixes=True,
    anything_but_forms=frozenset({"prefix", "suffix", "equals-ignore-case", "wildcard"}),
    anything_but_form_lists=True,
    max_wildcards_per_pattern=None,
)

# SNS: "For numeric matching, the value can range from -10^9 to 10^9 ... with five
# digits of accuracy after the decimal point" and, in a version of the same page's
# "Wildcard pattern usage guidelines", "Maximum 3 wildcards per pattern"
# (https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html).
# The operator list of "Amazon SNS subscription filter policies" (sns-subscription-filter-
# policies.html) names no wildcard operator, so `wildcard` is accepted only within those
# guidelines and the sns-filter-policies lab says the pages disagree. That list names
# anything-but with a prefix; the suffix and wildcard forms of anything-but accepted here
# (single strings, no equals-ignore-case form of prefix/suffix) are not on it.
SNS = Dialect(
    name="SNS",
    numeric_limit=Decimal("1e9"),
    numeric_decimals=5,
    ignore_case_affixes=False,
    anything_but_forms=frozenset({"prefix", "suffix", "wildcard"}),
    anything_but_form_lists=False,
    max_wildcards_per_pattern=3,
)

NUMERIC_OPS = ("=", "<", "<=", ">", ">=")


def parse_value_array(raw: object, path: str, dialect: Dialect) -> tuple[Condition, ...]:
    """A field's array: bare values and match expressions, at least one."""
    if not isinstance(raw, list):
        raise PatternError(path, 'a field\'s value must be an array, such as ["value"]')
    if not raw:
        raise PatternError(path, "empty arrays are not allowed; list at least one value")
    return tuple(_parse_entry(entry, path, dialect) for entry in raw)


def _parse_entry(entry: object, path: str, dialect: Dialect) -> Condition:
    if entry is None or isinstance(entry, bool | str) or is_number(entry):
        return Exact(to_scalar(entry))
    if isinstance(entry, list):
        raise PatternError(
            path,
            "arrays cannot be nested; match values are strings, "
            "numbers, true, false, null or an operator object",
        )
    if not isinstance(entry, dict):
        raise PatternError(
            path, f"unsupported value {entry!r}; use a JSON string, number, true, false or null"
        )
    if not entry:
        raise PatternError(path, "empty match expression {}; name an operator such as prefix")
    if len(entry) != 1:
        names = ", ".join(sorted(str(k) for k in entry))
        raise PatternError(path, f"a match expression holds exactly one operator, got {names}")
    ((op, arg),) = entry.items()
    parser = _OPERATORS.get(op)
    if parser is None:
        known = ", ".join(sorted(_OPERATORS))
        raise PatternError(path, f'unknown operator "{op}"; {dialect.name} knows {known}')
    return parser(arg, path, dialect)


def _string_arg(op: str, arg: object, path: str) -> str:
    if not isinstance(arg, str):
        raise PatternError(path, f"{op} needs a string, got {render(arg)}")
    return arg


def _prefix(arg: object, path: str, dialect: Dialect) -> Condition:
    return _affix("prefix", arg, path, dialect)


def _suffix(arg: object, path: str, dialect: Dialect) -> Condition:
    return _affix("suffix", arg, path, dialect)


def _affix(op: str, arg: object, path: str, dialect: Dialect) -> Condition:
    make = Prefix if op == "prefix" else Suffix
    if isinstance(arg, dict):
        if not dialect.ignore_case_affixes:
            raise PatternError(
                path, f"{dialect.name} does not support {op} with equals-ignore-case; use a plain string"
            )
        if list(arg) != ["equals-ignore-case"]:
            raise PatternError(path, f'{op} accepts only {{"equals-ignore-case": "..."}} as an object')
        text = _string_arg("equals-ignore-case", arg["equals-ignore-case"], path)
        return make(text, ignore_case=True)
    return make(_string_arg(op, arg, path))


def _equals_ignore_case(arg: object, path: str, dialect: Dialect) -> Condition:
    return EqualsIgnoreCase(_string_arg("equals-ignore-case", arg, path))


def _wildcard(arg: object, path: str, dialect: Dialect) -> Wildcard:
    source = _string_arg("wildcard", arg, path)
    try:
        parts, stars = compile_wildcard(source)
    except ValueError as exc:
        raise PatternError(path, f"wildcard {render(source)} {exc}") from None
    limit = dialect.max_wildcards_per_pattern
    if limit is not None and stars > limit:
        raise PatternError(
            path,
            f"wildcard {render(source)} uses {stars} wildcard characters; "
            f"{dialect.name} allows at most {limit} per pattern",
        )
    return Wildcard(source, parts)


def _exists(arg: object, path: str, dialect: Dialect) -> Condition:
    if not isinstance(arg, bool):
        raise PatternError(path, f"exists must be true or false, got {render(arg)}")
    return Exists(arg)


def _cidr(arg: object, path: str, dialect: Dialect) -> Condition:
    """CIDR rules from event-ruler CIDR.java: one '/', integer mask, IPv4 mask below
    32 and IPv6 mask below 128 (use an exact string to match a single address); the
    block starts at the network address (event-ruler PR #89)."""
    source = _string_arg("cidr", arg, path)
    address, slash, bits = source.partition("/")
    if not slash or "/" in bits:
        raise PatternError(path, f"cidr {render(source)} needs exactly one '/', as in \"10.0.0.0/24\"")
    if not bits.lstrip("-").isdigit():
        raise PatternError(path, f"cidr {render(source)} mask bits must be an integer")
    mask = int(bits)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise PatternError(path, f"cidr {render(source)} has an invalid IP address") from None
    top = 31 if ip.version == 4 else 127
    if not 0 <= mask <= top:
        raise PatternError(
            path,
            f"cidr {render(source)} mask must be 0 to {top} for "
            f"IPv{ip.version}; match one address with an exact string",
        )
    network = ipaddress.ip_network(f"{address}/{mask}", strict=False)
    return Cidr(source, network)


def _numeric(arg: object, path: str, dialect: Dialect) -> Condition:
    """Numeric grammar from event-ruler JsonRuleCompiler: ``=``, ``<`` and ``<=``
    stand alone; ``>``/``>=`` may be followed by ``<``/``<=`` to form a range whose
    lower bound is below its upper bound."""
    example = 'such as [">", 0, "<=", 5]'
    if not isinstance(arg, list) or not arg:
        raise PatternError(path, f"numeric needs a non-empty array, {example}")
    first = arg[0]
    if not isinstance(first, str):
        raise PatternError(path, f"numeric must start with an operator, {example}")
    if first not in NUMERIC_OPS:
        raise PatternError(path, f'unknown numeric operator "{first}"; use =, <, <=, > or >=')
    low = _numeric_operand(first, arg[1] if len(arg) > 1 else None, path, dialect)
    if len(arg) == 2:
        return Numeric(((first, low),), dialect.numeric_limit)
    if first not in (">", ">="):
        raise PatternError(
            path, f'numeric "{first}" takes exactly one number; a range starts with ">" or ">="'
        )
    second = arg[2]
    if second not in ("<", "<="):
        raise PatternError(path, f'numeric range must close with "<" or "<=", got {render(second)}')
    high = _numeric_operand(str(second), arg[3] if len(arg) > 3 else None, path, dialect)
    if len(arg) > 4:
        raise PatternError(
            path, "numeric range has too many terms; at most [lower-op, lower, upper-op, upper]"
        )
    if low > high:
        raise PatternError(
            path, f"numeric range lower bound {format_number(low)} is above upper bound {format_number(high)}"
        )
    if low == high:
        raise PatternError(
            path,
            f"numeric range lower bound {format_number(low)} must be "
            f'below upper bound {format_number(high)}; use ["=", '
            f"{format_number(low)}] for one value",
        )
    return Numeric(((first, low), (str(second), high)), dialect.numeric_limit)


def _numeric_operand(op: str, value: object, path: str, dialect: Dialect) -> Decimal:
    if not is_number(value):
        shown = "nothing" if value is None else render(value)
        raise PatternError(path, f'numeric operator "{op}" needs a number, got {shown}')
    return check_number(to_decimal(value), path, dialect)


def check_number(number: Decimal, path: str, dialect: Dialect) -> Decimal:
    """Enforce the dialect's numeric range and decimal precision."""
    limit = dialect.numeric_limit
    if not number.is_finite() or number.copy_abs() > limit:
        bound = format_number(limit)
        raise PatternError(
            path,
            f"number {format_number(number)} is outside {dialect.name}'s numeric range -{bound} to {bound}",
        )
    if decimal_places(number) > dialect.numeric_decimals:
        raise PatternError(
            path,
            f"number {format_number(number)} has more than "
            f"{dialect.numeric_decimals} digits after the decimal point",
        )
    return number


def _anything_but(arg: object, path: str, dialect: Dialect) -> Condition:
    """anything-but: a string, a number, a list of all-strings or all-numbers, or an
    object naming one nested form (event-ruler JsonRuleCompiler; docs above)."""
    if isinstance(arg, dict):
        return _anything_but_form(arg, path, dialect)
    values = arg if isinstance(arg, list) else [arg]
    if not values:
        raise PatternError(path, "anything-but list must not be empty")
    inner: list[ValueCondition] = []
    kinds: set[str] = set()
    for value in values:
        if isinstance(value, str):
            kinds.add("string")
            inner.append(Exact(value))
        elif is_number(value):
            kinds.add("number")
            inner.append(Exact(check_number(to_decimal(value), path, dialect)))
        else:
            raise PatternError(
                path,
                "anything-but takes strings or numbers (or an object such "
                f'as {{"prefix": "x"}}), not {render(value)}',
            )
    if len(kinds) > 1:
        raise PatternError(path, "anything-but list must be all strings or all numbers, not a mix")
    label = ", ".join(c.describe for c in inner)
    return AnythingBut(tuple(inner), label)


def _anything_but_form(arg: dict[object, object], path: str, dialect: Dialect) -> Condition:
    forms = ", ".join(sorted(dialect.anything_but_forms))
    if len(arg) != 1:
        raise PatternError(path, f"anything-but object must hold exactly one of {forms}")
    ((form, value),) = arg.items()
    if form not in dialect.anything_but_forms:
        raise PatternError(path, f'{dialect.name} does not support anything-but "{form}"; use one of {forms}')
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not dialect.anything_but_form_lists:
        raise PatternError(path, f"{dialect.name} anything-but {form} takes a single string")
    if not items:
        raise PatternError(path, f"anything-but {form} list must not be empty")
    inner: list[ValueCondition] = []
    for item in items:
        text = _string_arg(f"anything-but {form}", item, path)
        if form in ("prefix", "suffix") and not text:
            raise PatternError(path, f"anything-but {form} must not be an empty string")
        inner.append(_nested_form(str(form), text, path, dialect))
    shown = ", ".join(render(i) for i in items)
    label = {
        "prefix": f"prefix {shown}",
        "suffix": f"suffix {shown}",
        "wildcard": f"wildcard {shown}",
        "equals-ignore-case": f"{shown} (ignoring case)",
    }[str(form)]
    return AnythingBut(tuple(inner), label)


def _nested_form(form: str, text: str, path: str, dialect: Dialect) -> ValueCondition:
    if form == "prefix":
        return Prefix(text)
    if form == "suffix":
        return Suffix(text)
    if form == "wildcard":
        return _wildcard(text, path, dialect)
    return EqualsIgnoreCase(text)


_OPERATORS: dict[str, Callable[[object, str, Dialect], Condition]] = {
    "anything-but": _anything_but,
    "cidr": _cidr,
    "equals-ignore-case": _equals_ignore_case,
    "exists": _exists,
    "numeric": _numeric,
    "prefix": _prefix,
    "suffix": _suffix,
    "wildcard": _wildcard,
}

# Field names Event Ruler reserves inside "$or" objects (event-ruler Constants.java,
# RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP); SNS documents the same rule ("None of the
# objects in the "$or" array have field names that are reserved keywords").
RESERVED_IN_OR = frozenset(
    {
        *(_OPERATORS),
        "exactly",
        "html",
        "=",
        "<",
        "<=",
        ">",
        ">=",
        "regex",
        "not-wildcard",
        "not-equals-ignore-case",
        "date-after",
        "date-on-or-after",
        "date-before",
        "date-on-or-before",
        "in-date-range",
        "ip-address-in-range",
        "ip-address-not-in-range",
    }
)
