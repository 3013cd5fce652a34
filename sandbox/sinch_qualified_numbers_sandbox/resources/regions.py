"""The region rule, one for every resource: a number is of the region (US or CA) its request
names. A text-enable order, an import order and an imported number are each refused by it."""

from __future__ import annotations


def wrong_region(phone: str, number_region: str, region: str) -> str | None:
    """None when `phone`, which is in `number_region`, is of `region`; else why not, naming
    both regions (the description of the service's field violation)."""
    if number_region == region:
        return None
    return f"{phone} is in {number_region}, not {region}."
