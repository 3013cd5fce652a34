"""A small application that brings a customer's own numbers onto Sinch SMS.

It qualifies a number, has the customer confirm the code of a voice call, text-enables the
verified numbers in a hosting order and follows the order to the end (by polling, or from the
signed callbacks it receives). Its settings come from the environment, as in production: the
`SINCH_*` variables of the client, and `ONBOARDING_SERVICE_PLAN_ID` / `ONBOARDING_CALLBACK_URL`.

Its tests (`tests/`) use nothing but the `sinch_sandbox` fixture of the client's pytest plugin.
"""

from .app import AsyncOnboarding, CallbackInbox, Onboarding, OnboardingError, OrderStatus

__all__ = ["AsyncOnboarding", "CallbackInbox", "Onboarding", "OnboardingError", "OrderStatus"]
