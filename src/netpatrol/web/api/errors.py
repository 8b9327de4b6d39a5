"""The one error body every 4xx of the API has, and the answers each route may give:
`detail` is a sentence for a refusal, or a list of field errors for a malformed request."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str
    input: Any = None


class ErrorBody(BaseModel):
    """Some refusals add to it: `error` (the rule's name), `items` (an ingest batch)."""

    model_config = ConfigDict(extra="allow")
    detail: str | list[FieldError]


_WHY = {
    400: "a malformed request",
    401: "no valid session, token or signature",
    403: "the role or unit does not allow it, or the CSRF token is missing",
    404: "not there, or not the caller's to see",
    409: "an illegal change of state, or a replayed push",
    413: "the body is larger than the route takes",
    422: "a field or a rule refuses the request",
    429: "too many requests from this client (see Retry-After)",
}
# an answer that is JSON, or CSV when asked: both documented, so clients know either
JSON_OR_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}}}
}
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": why} for status, why in _WHY.items()
}


def body_kinds(schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`openapi_extra` for a route that reads its own body: each content type it takes,
    with its schema."""
    content = {kind: {"schema": schema} for kind, schema in schemas.items()}
    return {"requestBody": {"required": True, "content": content}}


# what web/inputs.py refuses in any text, said in the schema so clients know it up front
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*$"


def with_text_rule(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI description with the text rule on every string and property name that
    a request may carry."""
    stack: list[Any] = [spec.get("components", {}).get("schemas", {})]
    stack += [
        op.get("parameters", [])
        for path in spec.get("paths", {}).values()
        for op in path.values()
        if isinstance(op, dict)
    ]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if node.get("type") == "string" and not {"pattern", "format", "enum", "const"} & set(node):
            node["pattern"] = TEXT_PATTERN
        if node.get("type") == "object" and node.get("additionalProperties") is not False:
            node.setdefault("propertyNames", {"pattern": TEXT_PATTERN})
        stack.extend(node.values())
    return spec
