"""Contains all the data models used in inputs/outputs

Each model's module is imported when the model is first used (`__getattr__` below), so that
importing one model, or this package, does not build the attrs classes of all the others.
Type checkers and editors see every name through the imports under `TYPE_CHECKING`.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .add_qualified_numbers_request import AddQualifiedNumbersRequest
    from .add_qualified_numbers_response import AddQualifiedNumbersResponse
    from .address import Address
    from .address_info import AddressInfo
    from .authorized_person import AuthorizedPerson
    from .authorized_person_info import AuthorizedPersonInfo
    from .blanket_loa_info import BlanketLoaInfo
    from .callback_configuration import CallbackConfiguration
    from .campaign_provisioning import CampaignProvisioning
    from .create_imported_number_request import CreateImportedNumberRequest
    from .direct_loa_info import DirectLoaInfo
    from .error import Error
    from .error_detail import ErrorDetail
    from .error_status import ErrorStatus
    from .event_status import EventStatus
    from .event_type import EventType
    from .failure_code import FailureCode
    from .field_violation import FieldViolation
    from .global_process_state import GlobalProcessState
    from .hosted_number_details import HostedNumberDetails
    from .hosting_order import HostingOrder
    from .hosting_order_number import HostingOrderNumber
    from .hosting_order_number_import_type_0 import HostingOrderNumberImportType0
    from .hosting_order_report import HostingOrderReport
    from .hosting_order_state import HostingOrderState
    from .hosting_order_type import HostingOrderType
    from .hosting_status import HostingStatus
    from .import_numbers_request import ImportNumbersRequest
    from .imported_number import ImportedNumber
    from .list_hosting_order_numbers_response import ListHostingOrderNumbersResponse
    from .list_hosting_orders_response import ListHostingOrdersResponse
    from .list_imported_numbers_response import ListImportedNumbersResponse
    from .list_qualified_numbers_response import ListQualifiedNumbersResponse
    from .loa_type import LoaType
    from .mno_configuration import MnoConfiguration
    from .number_mno_configuration import NumberMnoConfiguration
    from .number_provisioning import NumberProvisioning
    from .operation import Operation
    from .order_by import OrderBy
    from .osr_eligibility_details import OsrEligibilityDetails
    from .osr_update import OsrUpdate
    from .ownership_verification_details import OwnershipVerificationDetails
    from .platform_provisioning import PlatformProvisioning
    from .process_status import ProcessStatus
    from .provisioning_type import ProvisioningType
    from .qualified_number import QualifiedNumber
    from .region_code import RegionCode
    from .reseller_loa_info import ResellerLoaInfo
    from .resource_type import ResourceType
    from .scheduled_provisioning import ScheduledProvisioning
    from .search_pattern import SearchPattern
    from .service_type import ServiceType
    from .sms_configuration import SmsConfiguration
    from .sms_configuration_request import SmsConfigurationRequest
    from .sms_configuration_update import SmsConfigurationUpdate
    from .text_enable_info import TextEnableInfo
    from .text_enable_numbers_request import TextEnableNumbersRequest
    from .text_enable_toll_free_numbers_direct_request import TextEnableTollFreeNumbersDirectRequest
    from .text_enable_toll_free_numbers_reseller_request import TextEnableTollFreeNumbersResellerRequest
    from .update_callback_configuration_request import UpdateCallbackConfigurationRequest
    from .update_imported_number_request import UpdateImportedNumberRequest
    from .verify_voice_challenge_request import VerifyVoiceChallengeRequest

#: Each model -> the module (of this package) that defines it.
_MODULES: dict[str, str] = {
    "AddQualifiedNumbersRequest": ".add_qualified_numbers_request",
    "AddQualifiedNumbersResponse": ".add_qualified_numbers_response",
    "Address": ".address",
    "AddressInfo": ".address_info",
    "AuthorizedPerson": ".authorized_person",
    "AuthorizedPersonInfo": ".authorized_person_info",
    "BlanketLoaInfo": ".blanket_loa_info",
    "CallbackConfiguration": ".callback_configuration",
    "CampaignProvisioning": ".campaign_provisioning",
    "CreateImportedNumberRequest": ".create_imported_number_request",
    "DirectLoaInfo": ".direct_loa_info",
    "Error": ".error",
    "ErrorDetail": ".error_detail",
    "ErrorStatus": ".error_status",
    "EventStatus": ".event_status",
    "EventType": ".event_type",
    "FailureCode": ".failure_code",
    "FieldViolation": ".field_violation",
    "GlobalProcessState": ".global_process_state",
    "HostedNumberDetails": ".hosted_number_details",
    "HostingOrder": ".hosting_order",
    "HostingOrderNumber": ".hosting_order_number",
    "HostingOrderNumberImportType0": ".hosting_order_number_import_type_0",
    "HostingOrderReport": ".hosting_order_report",
    "HostingOrderState": ".hosting_order_state",
    "HostingOrderType": ".hosting_order_type",
    "HostingStatus": ".hosting_status",
    "ImportNumbersRequest": ".import_numbers_request",
    "ImportedNumber": ".imported_number",
    "ListHostingOrderNumbersResponse": ".list_hosting_order_numbers_response",
    "ListHostingOrdersResponse": ".list_hosting_orders_response",
    "ListImportedNumbersResponse": ".list_imported_numbers_response",
    "ListQualifiedNumbersResponse": ".list_qualified_numbers_response",
    "LoaType": ".loa_type",
    "MnoConfiguration": ".mno_configuration",
    "NumberMnoConfiguration": ".number_mno_configuration",
    "NumberProvisioning": ".number_provisioning",
    "Operation": ".operation",
    "OrderBy": ".order_by",
    "OsrEligibilityDetails": ".osr_eligibility_details",
    "OsrUpdate": ".osr_update",
    "OwnershipVerificationDetails": ".ownership_verification_details",
    "PlatformProvisioning": ".platform_provisioning",
    "ProcessStatus": ".process_status",
    "ProvisioningType": ".provisioning_type",
    "QualifiedNumber": ".qualified_number",
    "RegionCode": ".region_code",
    "ResellerLoaInfo": ".reseller_loa_info",
    "ResourceType": ".resource_type",
    "ScheduledProvisioning": ".scheduled_provisioning",
    "SearchPattern": ".search_pattern",
    "ServiceType": ".service_type",
    "SmsConfiguration": ".sms_configuration",
    "SmsConfigurationRequest": ".sms_configuration_request",
    "SmsConfigurationUpdate": ".sms_configuration_update",
    "TextEnableInfo": ".text_enable_info",
    "TextEnableNumbersRequest": ".text_enable_numbers_request",
    "TextEnableTollFreeNumbersDirectRequest": ".text_enable_toll_free_numbers_direct_request",
    "TextEnableTollFreeNumbersResellerRequest": ".text_enable_toll_free_numbers_reseller_request",
    "UpdateCallbackConfigurationRequest": ".update_callback_configuration_request",
    "UpdateImportedNumberRequest": ".update_imported_number_request",
    "VerifyVoiceChallengeRequest": ".verify_voice_challenge_request",
}

__all__ = (
    "AddQualifiedNumbersRequest",
    "AddQualifiedNumbersResponse",
    "Address",
    "AddressInfo",
    "AuthorizedPerson",
    "AuthorizedPersonInfo",
    "BlanketLoaInfo",
    "CallbackConfiguration",
    "CampaignProvisioning",
    "CreateImportedNumberRequest",
    "DirectLoaInfo",
    "Error",
    "ErrorDetail",
    "ErrorStatus",
    "EventStatus",
    "EventType",
    "FailureCode",
    "FieldViolation",
    "GlobalProcessState",
    "HostedNumberDetails",
    "HostingOrder",
    "HostingOrderNumber",
    "HostingOrderNumberImportType0",
    "HostingOrderReport",
    "HostingOrderState",
    "HostingOrderType",
    "HostingStatus",
    "ImportedNumber",
    "ImportNumbersRequest",
    "ListHostingOrderNumbersResponse",
    "ListHostingOrdersResponse",
    "ListImportedNumbersResponse",
    "ListQualifiedNumbersResponse",
    "LoaType",
    "MnoConfiguration",
    "NumberMnoConfiguration",
    "NumberProvisioning",
    "Operation",
    "OrderBy",
    "OsrEligibilityDetails",
    "OsrUpdate",
    "OwnershipVerificationDetails",
    "PlatformProvisioning",
    "ProcessStatus",
    "ProvisioningType",
    "QualifiedNumber",
    "RegionCode",
    "ResellerLoaInfo",
    "ResourceType",
    "ScheduledProvisioning",
    "SearchPattern",
    "ServiceType",
    "SmsConfiguration",
    "SmsConfigurationRequest",
    "SmsConfigurationUpdate",
    "TextEnableInfo",
    "TextEnableNumbersRequest",
    "TextEnableTollFreeNumbersDirectRequest",
    "TextEnableTollFreeNumbersResellerRequest",
    "UpdateCallbackConfigurationRequest",
    "UpdateImportedNumberRequest",
    "VerifyVoiceChallengeRequest",
)

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all attribute

    def __getattr__(name: str) -> Any:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(module, __name__), name)
        globals()[name] = value  # once: later lookups are plain module attributes
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
