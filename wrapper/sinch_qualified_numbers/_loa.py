"""Letters of Authorization: what text enablement needs to bill and sign for the numbers."""

from __future__ import annotations

import attrs

from sinch_qualified_numbers_api.models import Address as _Address
from sinch_qualified_numbers_api.models import AuthorizedPerson as _AuthorizedPerson
from sinch_qualified_numbers_api.models import BlanketLoaInfo as _BlanketLoaInfo
from sinch_qualified_numbers_api.models import DirectLoaInfo as _DirectLoaInfo
from sinch_qualified_numbers_api.models import ResellerLoaInfo as _ResellerLoaInfo

from ._exceptions import InvalidArgumentError

__all__ = ["Address", "AuthorisedPerson", "BlanketLoa", "DirectLoa", "Loa", "ResellerLoa"]


def _required(kind: str, **fields: object) -> None:
    missing = [
        name for name, value in fields.items() if not isinstance(value, str) or not value.strip()
    ]
    if missing:
        raise InvalidArgumentError(f"{kind}: missing required field(s) {', '.join(missing)}")


def _parts(kind: str, person: object, address: object) -> None:
    if not isinstance(person, AuthorisedPerson):
        raise InvalidArgumentError(
            f"{kind}: authorised_person must be an AuthorisedPerson, not {person!r}"
        )
    if not isinstance(address, Address):
        raise InvalidArgumentError(f"{kind}: address must be an Address, not {address!r}")


@attrs.frozen
class AuthorisedPerson:
    """The person authorised and responsible for the hosting order; the LOA is sent to `email`."""

    first_name: str
    last_name: str
    email: str

    def __attrs_post_init__(self) -> None:
        _required(
            "AuthorisedPerson",
            first_name=self.first_name,
            last_name=self.last_name,
            email=self.email,
        )
        if "@" not in self.email:
            raise InvalidArgumentError(
                f"AuthorisedPerson: email {self.email!r} is not an email address"
            )

    def _to_api(self) -> _AuthorizedPerson:
        return _AuthorizedPerson(
            first_name=self.first_name, last_name=self.last_name, email=self.email
        )


@attrs.frozen
class Address:
    """The address of the business."""

    building_number: str
    street: str
    city: str
    state: str
    postal_code: str
    country: str

    def __attrs_post_init__(self) -> None:
        _required("Address", **attrs.asdict(self))

    def _to_api(self) -> _Address:
        return _Address(**attrs.asdict(self))


@attrs.frozen
class DirectLoa:
    """LOA for direct Sinch customers."""

    authorised_person: AuthorisedPerson
    address: Address
    current_voice_carrier: str

    def __attrs_post_init__(self) -> None:
        _required("DirectLoa", current_voice_carrier=self.current_voice_carrier)
        _parts("DirectLoa", self.authorised_person, self.address)

    def _to_api(self) -> _DirectLoaInfo:
        return _DirectLoaInfo(
            authorised_person=self.authorised_person._to_api(),
            address=self.address._to_api(),
            current_voice_carrier=self.current_voice_carrier,
        )


@attrs.frozen
class ResellerLoa:
    """LOA for Sinch partners and resellers."""

    business_name: str
    authorised_person: AuthorisedPerson
    address: Address
    current_voice_carrier: str

    def __attrs_post_init__(self) -> None:
        _required(
            "ResellerLoa",
            business_name=self.business_name,
            current_voice_carrier=self.current_voice_carrier,
        )
        _parts("ResellerLoa", self.authorised_person, self.address)

    def _to_api(self) -> _ResellerLoaInfo:
        return _ResellerLoaInfo(
            business_name=self.business_name,
            authorised_person=self.authorised_person._to_api(),
            address=self.address._to_api(),
            current_voice_carrier=self.current_voice_carrier,
        )


@attrs.frozen
class BlanketLoa:
    """A blanket LOA already on file with your account manager (sent as an empty object).

    Not accepted for toll-free numbers, which need a direct or reseller LOA.
    """

    def _to_api(self) -> _BlanketLoaInfo:
        return _BlanketLoaInfo()


Loa = DirectLoa | ResellerLoa | BlanketLoa
