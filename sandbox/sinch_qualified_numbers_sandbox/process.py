"""The process a number goes through, as one transition table.

The table drives the sandbox: every state change asks `next_state` for its target, and every
operation's precondition is the set of states the table lets it start from. The sandbox page's
process table is checked against it (`contract_tests/sandbox/test_process_table.py`).
State names come from the spec's `GlobalProcessState`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sinch_qualified_numbers import GlobalProcessState

from .magic import Magic, magic_for
from .spec import enum_values

#: Every state the service knows, from the spec.
STATES = enum_values("GlobalProcessState")


def _state(short: str) -> str:
    name = GlobalProcessState.full_name(short)
    if name not in STATES:
        raise RuntimeError(f"the spec has no state {name}")
    return name


PENDING = _state("ELIGIBLE_CHECK_PENDING")
ELIGIBLE = _state("ELIGIBLE")
NOT_ELIGIBLE = _state("NOT_ELIGIBLE")
VERIFICATION_PENDING = _state("VERIFICATION_PENDING")
VERIFICATION_FAILED = _state("VERIFICATION_FAILED")
VERIFICATION_BLOCKED = _state("VERIFICATION_BLOCKED")
VERIFIED = _state("VERIFIED")
HOSTING_IN_PROGRESS = _state("HOSTING_IN_PROGRESS")
HOSTING_DONE = _state("HOSTING_DONE")
HOSTING_FAILED = _state("HOSTING_FAILED")

#: Wrong voice codes after which verification is blocked for good.
MAX_WRONG_CODES = 3

# Triggers that are not operations: the sandbox's clock reaching a scheduled time.
ELIGIBILITY_DELAY = "eligibility delay"
HOSTING_DELAY = "hosting delay"
TEXT_ENABLE = ("textEnableNumbers", "textEnableTollFreeNumbers")


@dataclass(frozen=True)
class TransitionRule:
    sources: tuple[str, ...]  # () for a number that does not exist yet
    trigger: str  # an operationId, or a delay
    target: str
    condition: str = ""  # which branch, when one trigger has several targets


TABLE: tuple[TransitionRule, ...] = (
    TransitionRule((), "addQualifiedNumbers", PENDING),
    TransitionRule((PENDING,), ELIGIBILITY_DELAY, ELIGIBLE),
    TransitionRule((PENDING,), ELIGIBILITY_DELAY, NOT_ELIGIBLE, "magic 9901"),
    TransitionRule(
        (ELIGIBLE, VERIFICATION_PENDING, VERIFICATION_FAILED),
        "sendVoiceChallenge",
        VERIFICATION_PENDING,
    ),
    TransitionRule(
        (VERIFICATION_PENDING, VERIFICATION_FAILED), "verifyVoiceChallenge", VERIFIED, "right code"
    ),
    TransitionRule(
        (VERIFICATION_PENDING, VERIFICATION_FAILED),
        "verifyVoiceChallenge",
        VERIFICATION_FAILED,
        "wrong code",
    ),
    TransitionRule(
        (VERIFICATION_PENDING, VERIFICATION_FAILED),
        "verifyVoiceChallenge",
        VERIFICATION_BLOCKED,
        "last wrong code",
    ),
    *(TransitionRule((VERIFIED,), operation, HOSTING_IN_PROGRESS) for operation in TEXT_ENABLE),
    TransitionRule((HOSTING_IN_PROGRESS,), HOSTING_DELAY, HOSTING_DONE),
    TransitionRule((HOSTING_IN_PROGRESS,), HOSTING_DELAY, HOSTING_FAILED, "magic 9903"),
)

#: Why a number is in a failed state (its detail object's `error`).
ERRORS = {
    NOT_ELIGIBLE: "The number is not eligible for SMS hosting.",
    HOSTING_FAILED: "Provisioning the number to the SMS platform failed.",
    VERIFICATION_FAILED: "The code is not the one of the voice call.",
    VERIFICATION_BLOCKED: "Too many wrong codes: verification is blocked.",
}


def sources(trigger: str) -> frozenset[str]:
    """The states `trigger` may start from (the operation's precondition)."""
    return frozenset(s for t in TABLE if t.trigger == trigger for s in t.sources)


def next_state(trigger: str, state: str | None, condition: str = "") -> str:
    """The target of the table's transition; a bug (not a client error) if there is none."""
    for transition in TABLE:
        if (
            transition.trigger == trigger
            and transition.condition == condition
            and (state in transition.sources if state is not None else not transition.sources)
        ):
            return transition.target
    raise LookupError(f"no transition for {trigger!r} from {state} ({condition or 'default'})")


def after_eligibility_check(phone: str) -> str:
    condition = "magic 9901" if magic_for(phone) is Magic.NOT_ELIGIBLE else ""
    return next_state(ELIGIBILITY_DELAY, PENDING, condition)


def after_hosting(phone: str) -> str:
    condition = "magic 9903" if magic_for(phone) is Magic.HOSTING_FAILS else ""
    return next_state(HOSTING_DELAY, HOSTING_IN_PROGRESS, condition)


def code_is_right(phone: str, given: str, expected: str | None) -> bool:
    return (
        magic_for(phone) is not Magic.CODE_NEVER_RIGHT
        and expected is not None
        and secrets.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode())
    )


def after_code(state: str, right: bool, wrong_so_far: int) -> tuple[str, int]:
    """The state after a code is given, and the count of wrong codes."""
    if right:
        return next_state("verifyVoiceChallenge", state, "right code"), wrong_so_far
    wrong = wrong_so_far + 1
    condition = "last wrong code" if wrong >= MAX_WRONG_CODES else "wrong code"
    return next_state("verifyVoiceChallenge", state, condition), wrong


# -- hosting orders: their state and their numbers' steps, from the numbers' states ----------

#: Values of the published per-step `State` (`ProcessStatus` in the spec), of an order's
#: state and of its type.
STEP_STATES = enum_values("ProcessStatus")
ORDER_STATES = enum_values("HostingOrderState")
ORDER_TYPES = enum_values("HostingOrderType")
FINAL = frozenset({HOSTING_DONE, HOSTING_FAILED})


def order_steps(
    state: str, phone: str, has_campaign: bool, loa_pending: bool = False
) -> dict[str, str]:
    """The state of each step of one number of an order (`osrUpdate`, `platformProvisioning`,
    `campaignProvisioning`; a step not started is left out), consistent with the number's own
    process state and with the callbacks sent for it. Nothing starts before the LOA is signed."""
    if state == HOSTING_IN_PROGRESS and not loa_pending:
        steps = {"osrUpdate": "IN_PROGRESS", "platformProvisioning": "IN_PROGRESS"}
        return {**steps, "campaignProvisioning": "WAITING"} if has_campaign else steps
    if state == HOSTING_DONE:
        steps = {"osrUpdate": "DONE", "platformProvisioning": "DONE"}
        if has_campaign:
            fails = magic_for(phone) is Magic.CAMPAIGN_LINK_FAILS
            steps["campaignProvisioning"] = "FAILED" if fails else "DONE"
        return steps
    if state == HOSTING_FAILED:
        return {"osrUpdate": "DONE", "platformProvisioning": "FAILED"}
    return {"osrUpdate": "WAITING", "platformProvisioning": "WAITING"}


def order_state(number_states: list[str], loa_pending: bool) -> str:
    """WAITING_FOR_LOA_SIGNATURE until the LOA is signed, then IN_PROGRESS until every number
    is final: COMPLETED when one was hosted, REJECTED when none was. (An order answers
    SUBMITTED only in the answer that creates it.)"""
    if loa_pending:
        return "WAITING_FOR_LOA_SIGNATURE"
    if number_states and all(state in FINAL for state in number_states):
        return "COMPLETED" if HOSTING_DONE in number_states else "REJECTED"
    return "IN_PROGRESS"
