"""Evidence from the command line: capture, export a package, verify a package."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.domain.errors import NotFound

evidence_app = typer.Typer(no_args_is_help=True, help="Evidence (证据): capture, export, verify.")
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("capture")
def capture(clue: int, actor: Annotated[str, typer.Option(help="who captures it")] = "cli") -> None:
    """Capture the clue's post again, as a new item with its own digest."""
    from netpatrol.services.clues import evidence

    with container() as built:
        require_schema(built)
        try:
            item = evidence.capture(built.uow(), clue, actor, built.clock)
        except NotFound as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"evidence {item.id}: sha256 {item.sha256}")


@evidence_app.command("export")
def export(
    clue: int,
    out: Annotated[Path, typer.Option(help="folder to write the package into")],
    actor: Annotated[str, typer.Option(help="who exports it")] = "cli",
) -> None:
    """Write the clue's evidence: items/, manifest.json and SHA256SUMS."""
    from netpatrol.services.clues import evidence

    if out.exists() and any(out.iterdir()):
        raise fail(f"{out} is not empty; give a new folder", 2)
    with container() as built:
        require_schema(built)
        try:
            manifest = evidence.export_package(
                built.uow(), clue, out, actor, built.clock, built.audit_keys.signer
            )
        except NotFound as exc:
            raise fail(str(exc), 2) from None
    typer.echo(
        f"{len(manifest['items'])} items written to {out}, the manifest signed by key "
        f"{manifest['signing_key_id']}; check with `netpatrol evidence verify {out}`"
    )


@evidence_app.command("verify")
def verify(
    package: Path,
    public_key: Annotated[
        Path | None, typer.Option(help="PEM public key to check with; default: this installation's")
    ] = None,
) -> None:
    """Check the manifest's signature and every item against its digest; exit 1 naming
    what fails."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from netpatrol.services.clues import evidence

    if public_key is not None:
        loaded = serialization.load_pem_public_key(public_key.read_bytes())
        if not isinstance(loaded, Ed25519PublicKey):
            raise fail(f"{public_key} is not an Ed25519 public key", 2)
        public = loaded
    else:
        with container() as built:
            public = built.audit_keys.signer.public
    problems = evidence.verify_package(package, public)
    if problems:
        raise fail("; ".join(problems))
    typer.echo(f"{package}: the manifest's signature holds and every item matches its digest")
