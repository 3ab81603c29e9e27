"""The next steps that `build` and `sign` print: whole commands, quoted for a POSIX shell.

Each command can be pasted as it is. What only the person knows (which certificate the chair
signs with) is said in words before the command, never left as a placeholder inside it.
"""

import shlex
from collections.abc import Sequence
from pathlib import Path

from videoacta.core.identity import Role


def verify_command(package: Path, trust: Sequence[Path]) -> str:
    """`videoacta verify PACKAGE --trust ROOT…` with every root given to sign."""
    roots = [part for root in trust for part in ("--trust", str(root))]
    return shlex.join(["videoacta", "verify", str(package), *roots])


def sign_command(package: Path, role: Role) -> str:
    return shlex.join(["videoacta", "sign", str(package), "--as", role.value])


def next_steps(
    package: Path, *, signed: Role | None, trust: Sequence[Path], root: str | None
) -> list[str]:
    """What to do next after `signed` signed (None: nobody yet), ending with how to verify."""
    lines = []
    following = {None: Role.SECRETARY, Role.SECRETARY: Role.CHAIR}.get(signed)
    if following is not None:
        lines.append(
            f"Next the {following} signs, adding their own signer (--pkcs12 or the token "
            f"options) to: {sign_command(package, following)}"
        )
    lines.append(f"Verify it with: {verify_command(package, trust)}")
    if not trust and root is not None:
        lines.append(
            f"  (the signer's certificate chains to {root}; without --trust, verify uses the "
            "system's trust store: add --trust with that root's certificate file to check it)"
        )
    return lines
