"""The `aws` a test's bash runs while the fork server is up (see aws_cli_server.py).

It hands its argv, environment, cwd and stdin/stdout/stderr to the server, which forks a warm
child to run the real awscli with them, and exits with that command's exit code. Started as
`python -IS`, so it imports only the few stdlib modules below (~20 ms a call).
"""

from __future__ import annotations

import marshal
import os
import socket
import sys

CLIENT_NOTE = "aws fork client"
"""How this client's own messages on stderr start, so a test can tell them from awscli's."""


def _open_fds() -> list[int]:
    """Which of 0, 1, 2 are open: a closed one stays closed in the child."""
    found = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            continue
        found.append(fd)
    return found


def _run_real_aws(real_aws: str, why: str) -> None:
    """Nothing ran yet: the real CLI does the command (slower, same result), and says so."""
    os.write(2, f"{CLIENT_NOTE}: {why}; running the real aws instead\n".encode())
    os.execv(real_aws, [real_aws, *sys.argv[1:]])


def main(socket_path: str, real_aws: str) -> None:
    fds = _open_fds()
    request = marshal.dumps({
        "argv": [os.fsencode(arg) for arg in sys.argv[1:]],
        "env": dict(os.environb),
        "cwd": os.getcwdb(),
        "fds": fds,
    })
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(socket_path)
        # The fds ride on the first bytes; the rest of the request follows as plain data.
        socket.send_fds(conn, [len(request).to_bytes(8, "big")], fds)
        conn.sendall(request)
    except OSError as error:
        _run_real_aws(real_aws, f"the server is unreachable ({error})")
    reply = b""
    try:
        while chunk := conn.recv(4096):
            reply += chunk
    except OSError as error:
        reply = f"lost {error}".encode()
    word, _, rest = reply.decode(errors="replace").partition(" ")
    if word == "exit":
        os._exit(int(rest))
    if word == "decline":
        _run_real_aws(real_aws, f"the server declined: {rest.strip()}")
    # The command may have run in part: running it again could do it twice.
    os.write(2, f"{CLIENT_NOTE}: the server's child ended without an exit code ({reply[:200]!r})\n"
             .encode())
    os._exit(255)
