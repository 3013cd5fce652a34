from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_hosting_order_numbers_response import ListHostingOrderNumbersResponse
from ...models.order_by import OrderBy
from ...models.process_status import ProcessStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    hosting_order_id: str,
    *,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    osr_update_state: ProcessStatus | Unset = UNSET,
    campaign_provisioning_state: ProcessStatus | Unset = UNSET,
    platform_provisioning_state: ProcessStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["pageSize"] = page_size

    params["pageToken"] = page_token

    json_order_by: str | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by.value

    params["orderBy"] = json_order_by

    json_osr_update_state: str | Unset = UNSET
    if not isinstance(osr_update_state, Unset):
        json_osr_update_state = osr_update_state.value

    params["osrUpdateState"] = json_osr_update_state

    json_campaign_provisioning_state: str | Unset = UNSET
    if not isinstance(campaign_provisioning_state, Unset):
        json_campaign_provisioning_state = campaign_provisioning_state.value

    params["campaignProvisioningState"] = json_campaign_provisioning_state

    json_platform_provisioning_state: str | Unset = UNSET
    if not isinstance(platform_provisioning_state, Unset):
        json_platform_provisioning_state = platform_provisioning_state.value

    params["platformProvisioningState"] = json_platform_provisioning_state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/projects/{project_id}/hostingOrders/{hosting_order_id}/numbers".format(
            project_id=quote(str(project_id), safe=""),
            hosting_order_id=quote(str(hosting_order_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListHostingOrderNumbersResponse | None:
    if response.status_code == 200:
        response_200 = ListHostingOrderNumbersResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ListHostingOrderNumbersResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    hosting_order_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    osr_update_state: ProcessStatus | Unset = UNSET,
    campaign_provisioning_state: ProcessStatus | Unset = UNSET,
    platform_provisioning_state: ProcessStatus | Unset = UNSET,
) -> Response[Error | ListHostingOrderNumbersResponse]:
    """List the numbers of a hosting order

     A page of the order's numbers with the state of each step.

    Args:
        project_id (str):
        hosting_order_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.
        osr_update_state (ProcessStatus | Unset): State of an eligibility check or ownership
            verification (the published spec's `State`).
        campaign_provisioning_state (ProcessStatus | Unset): State of an eligibility check or
            ownership verification (the published spec's `State`).
        platform_provisioning_state (ProcessStatus | Unset): State of an eligibility check or
            ownership verification (the published spec's `State`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListHostingOrderNumbersResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        hosting_order_id=hosting_order_id,
        page_size=page_size,
        page_token=page_token,
        order_by=order_by,
        osr_update_state=osr_update_state,
        campaign_provisioning_state=campaign_provisioning_state,
        platform_provisioning_state=platform_provisioning_state,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    hosting_order_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    osr_update_state: ProcessStatus | Unset = UNSET,
    campaign_provisioning_state: ProcessStatus | Unset = UNSET,
    platform_provisioning_state: ProcessStatus | Unset = UNSET,
) -> Error | ListHostingOrderNumbersResponse | None:
    """List the numbers of a hosting order

     A page of the order's numbers with the state of each step.

    Args:
        project_id (str):
        hosting_order_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.
        osr_update_state (ProcessStatus | Unset): State of an eligibility check or ownership
            verification (the published spec's `State`).
        campaign_provisioning_state (ProcessStatus | Unset): State of an eligibility check or
            ownership verification (the published spec's `State`).
        platform_provisioning_state (ProcessStatus | Unset): State of an eligibility check or
            ownership verification (the published spec's `State`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListHostingOrderNumbersResponse
    """

    return sync_detailed(
        project_id=project_id,
        hosting_order_id=hosting_order_id,
        client=client,
        page_size=page_size,
        page_token=page_token,
        order_by=order_by,
        osr_update_state=osr_update_state,
        campaign_provisioning_state=campaign_provisioning_state,
        platform_provisioning_state=platform_provisioning_state,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    hosting_order_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    osr_update_state: ProcessStatus | Unset = UNSET,
    campaign_provisioning_state: ProcessStatus | Unset = UNSET,
    platform_provisioning_state: ProcessStatus | Unset = UNSET,
) -> Response[Error | ListHostingOrderNumbersResponse]:
    """List the numbers of a hosting order

     A page of the order's numbers with the state of each step.

    Args:
        project_id (str):
        hosting_order_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.
        osr_update_state (ProcessStatus | Unset): State of an eligibility check or ownership
            verification (the published spec's `State`).
        campaign_provisioning_state (ProcessStatus | Unset): State of an eligibility check or
            ownership verification (the published spec's `State`).
        platform_provisioning_state (ProcessStatus | Unset): State of an eligibility check or
            ownership verification (the published spec's `State`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListHostingOrderNumbersResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        hosting_order_id=hosting_order_id,
        page_size=page_size,
        page_token=page_token,
        order_by=order_by,
        osr_update_state=osr_update_state,
        campaign_provisioning_state=campaign_provisioning_state,
        platform_provisioning_state=platform_provisioning_state,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    hosting_order_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    osr_update_state: ProcessStatus | Unset = UNSET,
    campaign_provisioning_state: ProcessStatus | Unset = UNSET,
    platform_provisioning_state: ProcessStatus | Unset = UNSET,
) -> Error | ListHostingOrderNumbersResponse | None:
    """List the numbers of a hosting order

     A page of the order's numbers with the state of each step.

    Args:
        project_id (str):
        hosting_order_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.
        osr_update_state (ProcessStatus | Unset): State of an eligibility check or ownership
            verification (the published spec's `State`).
        campaign_provisioning_state (ProcessStatus | Unset): State of an eligibility check or
            ownership verification (the published spec's `State`).
        platform_provisioning_state (ProcessStatus | Unset): State of an eligibility check or
            ownership verification (the published spec's `State`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListHostingOrderNumbersResponse
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            hosting_order_id=hosting_order_id,
            client=client,
            page_size=page_size,
            page_token=page_token,
            order_by=order_by,
            osr_update_state=osr_update_state,
            campaign_provisioning_state=campaign_provisioning_state,
            platform_provisioning_state=platform_provisioning_state,
        )
    ).parsed
