"""Contains all the data models used in inputs/outputs"""

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
