from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.hosting_order_state import HostingOrderState
from ...models.hosting_order_type import HostingOrderType
from ...models.list_hosting_orders_response import ListHostingOrdersResponse
from ...models.order_by import OrderBy
from ...models.region_code import RegionCode
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    states: list[HostingOrderState],
    type_: HostingOrderType,
    service_plan_id: str,
    campaign_id: str,
    region_code: RegionCode | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_states = []
    for states_item_data in states:
        states_item = states_item_data.value
        json_states.append(states_item)

    params["states"] = json_states

    json_type_ = type_.value
    params["type"] = json_type_

    params["servicePlanId"] = service_plan_id

    params["campaignId"] = campaign_id

    json_region_code: str | Unset = UNSET
    if not isinstance(region_code, Unset):
        json_region_code = region_code.value

    params["regionCode"] = json_region_code

    json_order_by: str | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by.value

    params["orderBy"] = json_order_by

    params["pageSize"] = page_size

    params["pageToken"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/projects/{project_id}/hostingOrders".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListHostingOrdersResponse | None:
    if response.status_code == 200:
        response_200 = ListHostingOrdersResponse.from_dict(response.json())

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
) -> Response[Error | ListHostingOrdersResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    states: list[HostingOrderState],
    type_: HostingOrderType,
    service_plan_id: str,
    campaign_id: str,
    region_code: RegionCode | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | ListHostingOrdersResponse]:
    """List hosting orders

     A page of the project's hosting orders matching the filters.

    Args:
        project_id (str):
        states (list[HostingOrderState]):
        type_ (HostingOrderType):
        service_plan_id (str):
        campaign_id (str):
        region_code (RegionCode | Unset): ISO 3166-1 alpha-2 region code; number hosting is only
            available in the US and Canada.
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListHostingOrdersResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        states=states,
        type_=type_,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        region_code=region_code,
        order_by=order_by,
        page_size=page_size,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    states: list[HostingOrderState],
    type_: HostingOrderType,
    service_plan_id: str,
    campaign_id: str,
    region_code: RegionCode | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | ListHostingOrdersResponse | None:
    """List hosting orders

     A page of the project's hosting orders matching the filters.

    Args:
        project_id (str):
        states (list[HostingOrderState]):
        type_ (HostingOrderType):
        service_plan_id (str):
        campaign_id (str):
        region_code (RegionCode | Unset): ISO 3166-1 alpha-2 region code; number hosting is only
            available in the US and Canada.
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListHostingOrdersResponse
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        states=states,
        type_=type_,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        region_code=region_code,
        order_by=order_by,
        page_size=page_size,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    states: list[HostingOrderState],
    type_: HostingOrderType,
    service_plan_id: str,
    campaign_id: str,
    region_code: RegionCode | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | ListHostingOrdersResponse]:
    """List hosting orders

     A page of the project's hosting orders matching the filters.

    Args:
        project_id (str):
        states (list[HostingOrderState]):
        type_ (HostingOrderType):
        service_plan_id (str):
        campaign_id (str):
        region_code (RegionCode | Unset): ISO 3166-1 alpha-2 region code; number hosting is only
            available in the US and Canada.
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListHostingOrdersResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        states=states,
        type_=type_,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        region_code=region_code,
        order_by=order_by,
        page_size=page_size,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    states: list[HostingOrderState],
    type_: HostingOrderType,
    service_plan_id: str,
    campaign_id: str,
    region_code: RegionCode | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | ListHostingOrdersResponse | None:
    """List hosting orders

     A page of the project's hosting orders matching the filters.

    Args:
        project_id (str):
        states (list[HostingOrderState]):
        type_ (HostingOrderType):
        service_plan_id (str):
        campaign_id (str):
        region_code (RegionCode | Unset): ISO 3166-1 alpha-2 region code; number hosting is only
            available in the US and Canada.
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListHostingOrdersResponse
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            states=states,
            type_=type_,
            service_plan_id=service_plan_id,
            campaign_id=campaign_id,
            region_code=region_code,
            order_by=order_by,
            page_size=page_size,
            page_token=page_token,
        )
    ).parsed
