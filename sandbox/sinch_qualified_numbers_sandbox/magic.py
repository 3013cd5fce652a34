"""Magic numbers, like test card numbers: the last four digits choose a failure branch.

| last four digits | what happens                                                     |
|------------------|------------------------------------------------------------------|
| `9901`           | the eligibility check ends in `GLOBAL_PROCESS_STATE_NOT_ELIGIBLE`   |
| `9902`           | no voice code is ever right (`VERIFICATION_FAILED`, then `BLOCKED`) |
| `9903`           | hosting ends in `GLOBAL_PROCESS_STATE_HOSTING_FAILED`               |
| `9904`           | hosted, but linking to the order's 10DLC campaign fails: the         |
|                  | `LINK_TO_10DLC_CAMPAIGN` callback is `FAILED` with `failureCode`     |
|                  | `CAMPAIGN_NOT_AVAILABLE` (only for an order with a `campaignId`)     |
| anything else    | every step succeeds                                              |
"""

from __future__ import annotations

import enum


class Magic(enum.Enum):
    NONE = "none"
    NOT_ELIGIBLE = "9901"
    CODE_NEVER_RIGHT = "9902"
    HOSTING_FAILS = "9903"
    CAMPAIGN_LINK_FAILS = "9904"


_BY_SUFFIX = {m.value: m for m in Magic if m is not Magic.NONE}


def magic_for(phone: str) -> Magic:
    return _BY_SUFFIX.get(phone[-4:], Magic.NONE)
