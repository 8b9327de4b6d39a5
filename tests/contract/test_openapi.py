"""Every operation of the API against its own OpenAPI description (schemathesis, every
check on): no server error, answers as documented, statuses and content types documented,
schema-valid requests not refused by the schema's own rules. Signed-in routes get a
bearer token and the ingest webhook a signed push, so the checks reach past the door.

Rules the schema cannot say (a unit code that does not exist, a text that names no phone
number, a move the state machine forbids) are refused with a documented 422 or 409: those
two are among the statuses a schema-valid request may get."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from netpatrol.bootstrap import Container
from netpatrol.services.signing.calls import signed_headers
from netpatrol.web.app import create_app
from tests.conftest import ready_container
from tests.factories import bearer

SECRET = "contract-weibo-secret-0001"
# per operation: bounded, so the run fits in `make test`; bench/contract_bench.py runs more
EXAMPLES = int(os.environ.get("NETPATROL_CONTRACT_EXAMPLES", "8"))
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2XX", "3XX", "401", "403", "404", "409", "422", "429"]
            }
        }
    }
)


def _json_lines(ctx: Any, value: Any) -> bytes:
    return value.encode("utf-8", "replace") if isinstance(value, str) else _encoded(value)


schemathesis.serializer("application/x-ndjson")(_json_lines)  # registering returns None


def _encoded(value: Any) -> bytes:
    """The bytes the test client sends for a JSON body, to sign them as sent."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _served() -> tuple[Any, Container]:
    """The app on a fresh SQLite database, its container set as the lifespan would."""
    folder = Path(tempfile.mkdtemp(prefix="netpatrol-contract-"))
    opened = ready_container(f"sqlite:///{folder / 'contract.db'}")
    container = opened.__enter__()
    container.settings = container.settings.model_copy(update={"ingest_keys": f"weibo:{SECRET}"})
    app = create_app(container.settings, container)
    app.state.container = container
    return app, container


app, container = _served()
SIGNED_IN = bearer(container, "contract.officer")
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_contract(case: Any) -> None:
    headers = dict(SIGNED_IN)
    if case.path in ("/api/v1/ingest", "/api/v1/ingest/inbox"):
        if case.media_type == "application/x-ndjson":
            body = _json_lines(None, case.body)
        else:
            body = _encoded(case.body) if isinstance(case.body, dict | list) else b""
        headers = signed_headers("weibo", SECRET, body, time.time())
    elif case.path.startswith("/api/v1/platform/"):  # a platform's signed answer to a notice
        body = _encoded(case.body) if isinstance(case.body, dict | list) else b""
        headers = signed_headers("weibo", SECRET, body, time.time())
    app.state.throttle._hits.clear()  # many calls come from one test client
    case.call_and_validate(headers=headers)
