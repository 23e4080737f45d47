"""Every error the API can answer, documented on every operation in the one error shape.

Operations declare their success responses; the errors come from shared handlers
(``errors.install``, the text rule in ``config.middleware``, authentication, the rate limits
of ``accounts.limits``),
so they are added here once for all, and a client (or schemathesis) finds every status
code it may receive in the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from .schemas import ErrorOut

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}

ALWAYS = {
    "400": "The request could not be read (for example, a body that is not JSON).",
    "401": "Not signed in, or the API token is wrong, revoked or expired.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or not visible to you.",
    "422": "Some values are not valid; `details` names each field.",
}
RATE_LIMITED = {
    "429": "Too many failed token authentications from your address or for your account "
    "(any operation that accepts a token), or too many tokens created; wait the seconds "
    "`Retry-After` gives.",
}
WRITES = {
    "409": "Someone else changed the object after you read it (`conflict`), its state does not "
    "allow this (`invalid_state`), or a submission is still incomplete and was not confirmed "
    "(`incomplete`, one detail per gap).",
    "413": "The request body is too large.",
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def _rate_limited(operation: dict[str, Any]) -> bool:
    """Accepts a token (failed authentications are throttled) or says it is throttled."""
    tokens = any("TokenAuth" in scheme for scheme in operation.get("security", []))
    return tokens or bool(operation.pop("x-rate-limited", False))


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error responses (and the ``ErrorOut`` component) to ``schema``."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error_schema.pop("$defs", {}))
    components["ErrorOut"] = error_schema
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = {**ALWAYS, **(WRITES if method in {"post", "put", "patch", "delete"} else {})}
            if _rate_limited(operation):
                codes.update(RATE_LIMITED)
            for code, description in codes.items():
                responses.setdefault(code, _error(description))
    return schema
