"""The service's error body, raised from anywhere in the sandbox and rendered in one place."""

from __future__ import annotations

from typing import Any, TypeVar

from starlette.responses import JSONResponse

T = TypeVar("T")

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}


class ApiError(Exception):
    """An error answered in the service's shape: `{"code": "404", "message", "status"}`."""

    def __init__(
        self,
        http_status: int,
        message: str,
        *,
        status: str | None = None,
        field_violations: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.message = message
        self.status = status or STATUS_NAMES.get(http_status, "UNKNOWN")
        self.field_violations = field_violations or []
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "code": str(self.http_status),
            "message": self.message,
            "status": self.status,
        }
        if self.field_violations:
            body["details"] = [
                {
                    "type": "BadRequest",
                    "fieldViolations": [
                        {"field": field, "description": description}
                        for field, description in self.field_violations
                    ],
                }
            ]
        return body

    def wrapped_body(self) -> dict[str, Any]:
        """The other form some Sinch endpoints answer: `{"error": {"code": 404, ...}}`."""
        inner = self.body()
        inner["code"] = self.http_status
        return {"error": inner}

    def response(self, *, wrapped: bool = False) -> JSONResponse:
        body = self.wrapped_body() if wrapped else self.body()
        return JSONResponse(body, status_code=self.http_status, headers=self.headers)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Answer as a plain ASGI app (for middleware that refuses before routing)."""
        await self.response()(scope, receive, send)


def bad_request(field: str, description: str, message: str | None = None) -> ApiError:
    return ApiError(
        400, message or f"Invalid argument: {field}", field_violations=[(field, description)]
    )


def unimplemented(operation_id: str) -> ApiError:
    """The answer to an operation the spec has and the sandbox does not handle yet (gRPC's
    `UNIMPLEMENTED`): the app's for one without a handler, a scaffolded stub's until written."""
    return ApiError(
        501, f"The sandbox does not implement {operation_id} yet.", status="UNIMPLEMENTED"
    )


def not_found(message: str = "The imported number could not be found.") -> ApiError:
    return ApiError(404, message)


def existing(found: T | None, message: str = "The imported number could not be found.") -> T:
    """`found`, or the 404 that says it is not there."""
    if found is None:
        raise not_found(message)
    return found
