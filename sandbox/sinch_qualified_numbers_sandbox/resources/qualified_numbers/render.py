"""The service's `QualifiedNumber` documents from the sandbox's rows (proto3: `http.render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import process as pr
from ...http.render import rfc3339

if TYPE_CHECKING:
    from .state import Row


def number(row: Row) -> dict[str, Any]:
    """The service's `QualifiedNumber`, detail objects following the state."""
    body: dict[str, Any] = {
        "phoneNumber": row.phone,
        "projectId": row.project,
        "regionCode": row.region,
        "globalProcessState": row.state,
        "createdTime": rfc3339(row.created),
        "updatedTime": rfc3339(row.updated),
    }
    osr, ownership, hosted = _details(row.state, row.error)
    if osr is not None:
        body["osrEligibility"] = osr
    if ownership is not None:
        body["ownershipVerification"] = ownership
    if hosted is not None:
        body["hostedNumber"] = hosted
    return body


Detail = dict[str, Any] | None


def _details(state: str, error: str | None) -> tuple[Detail, Detail, Detail]:
    def detail(status: str | int, err: str | None = None) -> dict[str, Any]:
        return {"status": status, **({"error": err} if err else {})}

    if state == pr.PENDING:
        return detail("IN_PROGRESS"), None, None
    if state == pr.NOT_ELIGIBLE:
        return detail("FAILED", error), None, None
    osr = detail("DONE")
    if state == pr.ELIGIBLE:
        return osr, detail("WAITING"), None
    if state == pr.VERIFICATION_PENDING:
        return osr, detail("IN_PROGRESS"), None
    if state in (pr.VERIFICATION_FAILED, pr.VERIFICATION_BLOCKED):
        return osr, detail("FAILED", error), None
    ownership = detail("DONE")
    if state == pr.VERIFIED:
        return osr, ownership, None
    if state == pr.HOSTING_IN_PROGRESS:
        return osr, ownership, detail(0)
    if state == pr.HOSTING_DONE:
        return osr, ownership, detail(1)
    if state == pr.HOSTING_FAILED:
        return osr, ownership, detail(2, error)
    return None, None, None
