"""The application: one `Onboarding` per process, built from the environment."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sinch_qualified_numbers import (
    Address,
    AsyncQualifiedNumbersClient,
    AuthorisedPerson,
    DirectLoa,
    Loa,
    NotFoundError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers.callbacks import CallbackEvent, CallbackVerifier

#: The company's letter of authorisation, sent with every hosting order.
COMPANY_LOA = DirectLoa(
    authorised_person=AuthorisedPerson(
        first_name="Jane", last_name="Doe", email="jane.doe@example.com"
    ),
    address=Address(
        building_number="1",
        street="Main Street",
        city="Springfield",
        state="IL",
        postal_code="62701",
        country="US",
    ),
    current_voice_carrier="Verizon",
)


class OnboardingError(Exception):
    """A step the customer cannot take (yet): the message says why, naming the number."""


@dataclass(frozen=True)
class OrderStatus:
    """Where a hosting order is: its state and how many numbers are on the SMS platform."""

    hosting_order_id: str
    state: str
    total: int
    sms_provisioned: int

    @property
    def done(self) -> bool:
        return self.state in ("COMPLETED", "REJECTED")


@dataclass
class Onboarding:
    """The onboarding steps, each one call the web application makes for a customer."""

    client: QualifiedNumbersClient
    service_plan_id: str
    callback_url: str | None = None
    loa: Loa = COMPANY_LOA

    @classmethod
    def from_env(cls) -> Onboarding:
        return cls(
            client=QualifiedNumbersClient(),  # SINCH_PROJECT_ID, SINCH_KEY_ID, ...
            service_plan_id=os.environ.get("ONBOARDING_SERVICE_PLAN_ID", "onboarding-plan"),
            callback_url=os.environ.get("ONBOARDING_CALLBACK_URL"),
        )

    def close(self) -> None:
        self.client.close()

    def state(self, number: str) -> str:
        """The number's state (`NOT_ADDED` when the project does not have it)."""
        try:
            return self.client.qualified_numbers.get(number).state or "UNKNOWN"
        except NotFoundError:
            return "NOT_ADDED"

    def start(self, number: str) -> str:
        """Add the number; its eligibility is checked by Sinch. Returns its E.164 form."""
        (added,) = self.client.qualified_numbers.add([number])
        return added.phone_number

    def call_me(self, number: str) -> None:
        """Place the voice call that speaks the code (the number must be eligible)."""
        state = self.state(number)
        if state != "ELIGIBLE":
            raise OnboardingError(f"{number} cannot be called: it is {state}")
        self.client.qualified_numbers.send_voice_challenge(number)

    def confirm(self, number: str, code: str) -> bool:
        """The code the customer heard: True when the number is now verified."""
        return self.client.qualified_numbers.verify_voice_challenge(number, code).state == (
            "VERIFIED"
        )

    def text_enable(self, numbers: Iterable[str]) -> dict[str, str]:
        """Text-enable verified numbers: number -> hosting order ID."""
        result = self.client.qualified_numbers.text_enable(
            list(numbers),
            service_plan_id=self.service_plan_id,
            loa=self.loa,
            callback_url=self.callback_url,
        )
        # A number that is not VERIFIED is not sent (result.not_ready, with its state: not
        # verified, or an earlier order failed for it): for this app, as much a stop as a
        # refusal; so is one whose outcome is unknown.
        if result.failed or result.not_ready or result.unknown:
            failed = ", ".join(sorted([*result.failed, *result.not_ready, *result.unknown]))
            raise OnboardingError(f"could not text-enable {failed}")
        return {number: str(order) for number, order in result.enabled.items()}

    def order_status(self, hosting_order_id: str) -> OrderStatus:
        order = self.client.hosting_orders.get(hosting_order_id)
        report = self.client.hosting_orders.report(hosting_order_id)
        return OrderStatus(hosting_order_id, str(order.state), report.total, report.sms_provisioned)

    def is_live(self, number: str) -> bool:
        """Is the number an imported number of the project (on the SMS platform)?"""
        try:
            self.client.imported_numbers.get(number)
        except NotFoundError:
            return False
        return True

    def inbox(self) -> CallbackInbox:
        """The receiver of Sinch's callbacks, with the project's secret."""
        return CallbackInbox(CallbackVerifier.from_client(self.client))


@dataclass
class CallbackInbox:
    """What the web application's callback endpoint does with each POST."""

    verifier: CallbackVerifier
    events: list[CallbackEvent] = field(default_factory=list)

    def receive(self, body: bytes, headers: Mapping[str, str]) -> CallbackEvent:
        """Verify the signature (InvalidSignatureError if wrong), then keep the event."""
        event = self.verifier.verify_and_parse(body, headers)
        self.events.append(event)
        return event

    def hosted(self) -> set[str]:
        """The numbers whose hosting process succeeded, from the events received."""
        return {
            str(e.resource_id)
            for e in self.events
            if str(e.event_type) == "HOSTING_PROCESS" and e.succeeded
        }


@dataclass
class AsyncOnboarding:
    """The qualifying steps for a batch, from an asyncio web application."""

    client: AsyncQualifiedNumbersClient

    @classmethod
    def from_env(cls) -> AsyncOnboarding:
        return cls(AsyncQualifiedNumbersClient())

    async def start_many(self, numbers: Iterable[str]) -> dict[str, str]:
        """Add the numbers: E.164 -> state."""
        added = await self.client.qualified_numbers.add(list(numbers))
        return {n.phone_number: n.state or "UNKNOWN" for n in added}

    async def state(self, number: str) -> str:
        try:
            return (await self.client.qualified_numbers.get(number)).state or "UNKNOWN"
        except NotFoundError:
            return "NOT_ADDED"

    async def call_me(self, number: str) -> None:
        await self.client.qualified_numbers.send_voice_challenge(number)

    async def confirm(self, number: str, code: str) -> bool:
        answer = await self.client.qualified_numbers.verify_voice_challenge(number, code)
        return answer.state == "VERIFIED"

    async def close(self) -> None:
        await self.client.close()
