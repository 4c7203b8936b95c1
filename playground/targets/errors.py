"""Errors a user can act on: each carries one clear line, never a traceback."""

from __future__ import annotations


class TargetError(Exception):
    """The target cannot be used; `str(err)` is the one line shown to the user."""


class WriteNotConfirmed(TargetError):
    """A write to a real AWS account was attempted before the user confirmed writes."""

    def __init__(self, operation: str, account: str | None) -> None:
        self.operation = operation
        self.account = account
        where = f"account {account}" if account else "a real AWS account"
        super().__init__(f"{operation} writes to {where}: confirm writes first")


class ReadOnlyViolation(TargetError):
    """Read-only mode is on and the call would change something."""

    def __init__(self, operation: str) -> None:
        self.operation = operation
        super().__init__(f"read-only mode: {operation} would change the target, so it was not sent")


class AccountNotAllowed(ReadOnlyViolation):
    """The real account is outside the config's `target.allowed_accounts`: writes are refused
    there, as in read-only mode, whatever the user confirms."""

    def __init__(self, operation: str, account: str | None, allowed: tuple[str, ...]) -> None:
        self.account = account
        self.allowed = allowed
        TargetError.__init__(
            self, f"{operation} was not sent: account {account or '(unknown)'} is not in "
                  f"target.allowed_accounts ({', '.join(allowed)}) in the config file")
        self.operation = operation
