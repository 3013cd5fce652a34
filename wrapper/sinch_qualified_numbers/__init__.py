"""Python client for the Sinch Qualified Numbers API.

from sinch_qualified_numbers import QualifiedNumbersClient

with QualifiedNumbersClient() as client:          # settings from SINCH_* variables
    for number in client.qualified_numbers.list(states=["VERIFIED"]):
        print(number.phone_number)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # `X as X`: an explicit re-export (type checkers cannot read the `__all__` derived below).
    # isort: off
    from sinch_qualified_numbers_api.models import (
        AddressInfo as AddressInfo,
        AuthorizedPersonInfo as AuthorizedPersonInfo,
        GlobalProcessState as GlobalProcessState,
        HostedNumberDetails as HostedNumberDetails,
        HostingOrder as HostingOrder,
        HostingOrderNumber as HostingOrderNumber,
        HostingOrderState as HostingOrderState,
        HostingOrderType as HostingOrderType,
        HostingStatus as HostingStatus,
        ImportedNumber as ImportedNumber,
        LoaType as LoaType,
        NumberProvisioning as NumberProvisioning,
        OsrEligibilityDetails as OsrEligibilityDetails,
        OwnershipVerificationDetails as OwnershipVerificationDetails,
        ProcessStatus as ProcessStatus,
        QualifiedNumber as QualifiedNumber,
        TextEnableInfo as TextEnableInfo,
    )

    from ._adding import AddChunkOutcome as AddChunkOutcome
    from ._async._client import AsyncQualifiedNumbersClient as AsyncQualifiedNumbersClient
    from ._async._pagination import AsyncPager as AsyncPager
    from ._async.callback_configuration import (
        AsyncCallbackConfigurationResource as AsyncCallbackConfigurationResource,
    )
    from ._async.hosting_orders import AsyncHostingOrders as AsyncHostingOrders
    from ._async.imported_numbers import AsyncImportedNumbers as AsyncImportedNumbers
    from ._async.qualified_numbers import AsyncQualifiedNumbers as AsyncQualifiedNumbers
    from ._orders import (
        Chunk as Chunk,
        ChunkOutcome as ChunkOutcome,
        OrderBatchResult as OrderBatchResult,
        OrderResult as OrderResult,
        TextEnableResult as TextEnableResult,
    )
    from ._callback_configuration import CallbackConfiguration as CallbackConfiguration
    from ._challenges import (
        ChallengeOutcome as ChallengeOutcome,
        VoiceChallengesResult as VoiceChallengesResult,
    )
    from ._config import ClientConfig as ClientConfig
    from ._exceptions import (
        AddNumbersError as AddNumbersError,
        APIConnectionError as APIConnectionError,
        APIError as APIError,
        APIResponseValidationError as APIResponseValidationError,
        APIStatusError as APIStatusError,
        APITimeoutError as APITimeoutError,
        AuthenticationError as AuthenticationError,
        BadRequestError as BadRequestError,
        ClientUsageError as ClientUsageError,
        ConfigurationError as ConfigurationError,
        ConflictError as ConflictError,
        FieldViolation as FieldViolation,
        ImportNumbersFailedError as ImportNumbersFailedError,
        InternalServerError as InternalServerError,
        InvalidArgumentError as InvalidArgumentError,
        InvalidCallbackError as InvalidCallbackError,
        InvalidPhoneNumberError as InvalidPhoneNumberError,
        InvalidSignatureError as InvalidSignatureError,
        MoveFailedError as MoveFailedError,
        MoveIncompleteError as MoveIncompleteError,
        NotFoundError as NotFoundError,
        PagerReusedError as PagerReusedError,
        PaginationError as PaginationError,
        PermissionDeniedError as PermissionDeniedError,
        ProxyError as ProxyError,
        QualifiedNumbersError as QualifiedNumbersError,
        RateLimitError as RateLimitError,
        RedirectError as RedirectError,
        ResponseTooLargeError as ResponseTooLargeError,
        TextEnableFailedError as TextEnableFailedError,
        TokenEndpointError as TokenEndpointError,
        UnreachableStateError as UnreachableStateError,
        UntrustedSourceError as UntrustedSourceError,
        VoiceChallengesFailedError as VoiceChallengesFailedError,
        WaitTimeoutError as WaitTimeoutError,
    )
    from ._hosting_orders import HostingOrderReport as HostingOrderReport
    from ._imported_numbers import (
        UNCHANGED as UNCHANGED,
        ImportResult as ImportResult,
        MoveManyResult as MoveManyResult,
        MoveResult as MoveResult,
        Unchanged as Unchanged,
    )
    from ._loa import (
        Address as Address,
        AuthorisedPerson as AuthorisedPerson,
        BlanketLoa as BlanketLoa,
        DirectLoa as DirectLoa,
        Loa as Loa,
        ResellerLoa as ResellerLoa,
    )
    from ._pagination import Page as Page
    from ._phone import (
        ParsedNumbers as ParsedNumbers,
        is_toll_free as is_toll_free,
        normalize_phone_number as normalize_phone_number,
        parse_phone_numbers as parse_phone_numbers,
    )
    from ._raw_response import RawResponse as RawResponse
    from ._sync._client import QualifiedNumbersClient as QualifiedNumbersClient
    from ._sync._pagination import SyncPager as SyncPager
    from ._sync.callback_configuration import (
        CallbackConfigurationResource as CallbackConfigurationResource,
    )
    from ._sync.hosting_orders import HostingOrders as HostingOrders
    from ._sync.imported_numbers import ImportedNumbers as ImportedNumbers
    from ._sync.qualified_numbers import QualifiedNumbers as QualifiedNumbers
    from ._waiting import WaitProgress as WaitProgress
    # isort: on

    __version__: str

#: Where each public name lives, derived from the imports above by `make generate`
#: (`_public_names.py`). Nothing is imported until a name is first used, so that
#: `import sinch_qualified_numbers` (and `sinch-qn --help`) cost little more than Python itself:
#: the generated models, httpx and phonenumbers load with the first name that needs them.
from ._public_names import LAZY as _LAZY

#: The public names: the table's, and the version.
__all__ = sorted([*_LAZY, "__version__"])

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all attribute

    def __getattr__(name: str) -> Any:
        if name == "__version__":
            from importlib.metadata import version

            value: Any = version("sinch-qualified-numbers")
        elif name in _LAZY:
            from importlib import import_module

            module = _LAZY[name]
            value = getattr(
                import_module(module, __name__)
                if module.startswith(".")
                else import_module(module),
                name,
            )
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value  # once: later lookups are plain module attributes
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
