"""Python client for the Sinch Qualified Numbers API.

from sinch_qualified_numbers import QualifiedNumbersClient

with QualifiedNumbersClient() as client:          # settings from SINCH_* variables
    for number in client.qualified_numbers.list(states=["VERIFIED"]):
        print(number.phone_number)
"""

from sinch_qualified_numbers_api.models import (
    AddressInfo,
    AuthorizedPersonInfo,
    GlobalProcessState,
    HostedNumberDetails,
    HostingOrder,
    HostingOrderNumber,
    HostingOrderState,
    HostingOrderType,
    HostingStatus,
    ImportedNumber,
    LoaType,
    NumberProvisioning,
    OsrEligibilityDetails,
    OwnershipVerificationDetails,
    ProcessStatus,
    QualifiedNumber,
    TextEnableInfo,
)

from ._async._client import AsyncQualifiedNumbersClient
from ._async._pagination import AsyncPager
from ._async.callback_configuration import AsyncCallbackConfigurationResource
from ._async.hosting_orders import AsyncHostingOrders
from ._async.imported_numbers import AsyncImportedNumbers
from ._async.qualified_numbers import AddChunkOutcome, AsyncQualifiedNumbers
from ._callback_configuration import CallbackConfiguration
from ._challenges import ChallengeOutcome, VoiceChallengesResult
from ._config import ClientConfig
from ._exceptions import (
    AddNumbersError,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    FieldViolation,
    ImportNumbersFailedError,
    InternalServerError,
    InvalidArgumentError,
    InvalidCallbackError,
    InvalidPhoneNumberError,
    InvalidSignatureError,
    MoveFailedError,
    MoveIncompleteError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    QualifiedNumbersError,
    RateLimitError,
    TextEnableFailedError,
    UnreachableStateError,
    UntrustedSourceError,
    VoiceChallengesFailedError,
    WaitTimeoutError,
)
from ._hosting_orders import HostingOrderReport
from ._imported_numbers import UNCHANGED, ImportResult, MoveManyResult, MoveResult, Unchanged
from ._loa import Address, AuthorisedPerson, BlanketLoa, DirectLoa, Loa, ResellerLoa
from ._pagination import Page
from ._phone import ParsedNumbers, is_toll_free, normalize_phone_number, parse_phone_numbers
from ._sync._client import QualifiedNumbersClient
from ._sync._pagination import SyncPager
from ._sync.callback_configuration import CallbackConfigurationResource
from ._sync.hosting_orders import HostingOrders
from ._sync.imported_numbers import ImportedNumbers
from ._sync.qualified_numbers import QualifiedNumbers
from ._text_enable import Chunk, ChunkOutcome, OrderResult, TextEnableResult
from ._waiting import WaitProgress

__all__ = [
    "UNCHANGED",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AddChunkOutcome",
    "AddNumbersError",
    "Address",
    "AddressInfo",
    "AsyncCallbackConfigurationResource",
    "AsyncHostingOrders",
    "AsyncImportedNumbers",
    "AsyncPager",
    "AsyncQualifiedNumbers",
    "AsyncQualifiedNumbersClient",
    "AuthenticationError",
    "AuthorisedPerson",
    "AuthorizedPersonInfo",
    "BadRequestError",
    "BlanketLoa",
    "CallbackConfiguration",
    "CallbackConfigurationResource",
    "ChallengeOutcome",
    "Chunk",
    "ChunkOutcome",
    "ClientConfig",
    "ConfigurationError",
    "ConflictError",
    "DirectLoa",
    "FieldViolation",
    "GlobalProcessState",
    "HostedNumberDetails",
    "HostingOrder",
    "HostingOrderNumber",
    "HostingOrderReport",
    "HostingOrderState",
    "HostingOrderType",
    "HostingOrders",
    "HostingStatus",
    "ImportNumbersFailedError",
    "ImportResult",
    "ImportedNumber",
    "ImportedNumbers",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidCallbackError",
    "InvalidPhoneNumberError",
    "InvalidSignatureError",
    "Loa",
    "LoaType",
    "MoveFailedError",
    "MoveIncompleteError",
    "MoveManyResult",
    "MoveResult",
    "NotFoundError",
    "NumberProvisioning",
    "OrderResult",
    "OsrEligibilityDetails",
    "OwnershipVerificationDetails",
    "Page",
    "PaginationError",
    "ParsedNumbers",
    "PermissionDeniedError",
    "ProcessStatus",
    "QualifiedNumber",
    "QualifiedNumbers",
    "QualifiedNumbersClient",
    "QualifiedNumbersError",
    "RateLimitError",
    "ResellerLoa",
    "SyncPager",
    "TextEnableFailedError",
    "TextEnableInfo",
    "TextEnableResult",
    "Unchanged",
    "UnreachableStateError",
    "UntrustedSourceError",
    "VoiceChallengesFailedError",
    "VoiceChallengesResult",
    "WaitProgress",
    "WaitTimeoutError",
    "__version__",
    "is_toll_free",
    "normalize_phone_number",
    "parse_phone_numbers",
]


__version__: str  # declared for type checkers; its value comes from __getattr__ below


def __getattr__(name: str) -> str:
    # The version is read from the installed distribution's metadata when asked for, so
    # importing the package does not pay for importlib.metadata.
    if name == "__version__":
        from importlib.metadata import version

        return version("sinch-qualified-numbers")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
