from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_imported_numbers_response import ListImportedNumbersResponse
from ...models.order_by import OrderBy
from ...models.region_code import RegionCode
from ...models.search_pattern import SearchPattern
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    region_code: RegionCode | Unset = UNSET,
    number_pattern_pattern: str | Unset = UNSET,
    number_pattern_search_pattern: SearchPattern | Unset = UNSET,
    service_plan_id: str,
    campaign_id: str,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_region_code: str | Unset = UNSET
    if not isinstance(region_code, Unset):
        json_region_code = region_code.value

    params["regionCode"] = json_region_code

    params["numberPattern.pattern"] = number_pattern_pattern

    json_number_pattern_search_pattern: str | Unset = UNSET
    if not isinstance(number_pattern_search_pattern, Unset):
        json_number_pattern_search_pattern = number_pattern_search_pattern.value

    params["numberPattern.searchPattern"] = json_number_pattern_search_pattern

    params["servicePlanId"] = service_plan_id

    params["campaignId"] = campaign_id

    params["pageSize"] = page_size

    params["pageToken"] = page_token

    json_order_by: str | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by.value

    params["orderBy"] = json_order_by

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/projects/{project_id}/importedNumbers".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListImportedNumbersResponse | None:
    if response.status_code == 200:
        response_200 = ListImportedNumbersResponse.from_dict(response.json())

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
) -> Response[Error | ListImportedNumbersResponse]:
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
    region_code: RegionCode | Unset = UNSET,
    number_pattern_pattern: str | Unset = UNSET,
    number_pattern_search_pattern: SearchPattern | Unset = UNSET,
    service_plan_id: str,
    campaign_id: str,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
) -> Response[Error | ListImportedNumbersResponse]:
    """List imported numbers

     A page of the project's imported numbers matching the filters.

    Args:
        project_id (str):
        region_code (RegionCode | Unset): ISO 3166-1 alpha-2 region code; number hosting is only
            available in the US and Canada.
        number_pattern_pattern (str | Unset):
        number_pattern_search_pattern (SearchPattern | Unset):
        service_plan_id (str):
        campaign_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListImportedNumbersResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        region_code=region_code,
        number_pattern_pattern=number_pattern_pattern,
        number_pattern_search_pattern=number_pattern_search_pattern,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        page_size=page_size,
        page_token=page_token,
        order_by=order_by,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    region_code: RegionCode | Unset = UNSET,
    number_pattern_pattern: str | Unset = UNSET,
    number_pattern_search_pattern: SearchPattern | Unset = UNSET,
    service_plan_id: str,
    campaign_id: str,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
) -> Error | ListImportedNumbersResponse | None:
    """List imported numbers

     A page of the project's imported numbers matching the filters.

    Args:
        project_id (str):
        region_code (RegionCode | Unset): ISO 3166-1 alpha-2 region code; number hosting is only
            available in the US and Canada.
        number_pattern_pattern (str | Unset):
        number_pattern_search_pattern (SearchPattern | Unset):
        service_plan_id (str):
        campaign_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListImportedNumbersResponse
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        region_code=region_code,
        number_pattern_pattern=number_pattern_pattern,
        number_pattern_search_pattern=number_pattern_search_pattern,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        page_size=page_size,
        page_token=page_token,
        order_by=order_by,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    region_code: RegionCode | Unset = UNSET,
    number_pattern_pattern: str | Unset = UNSET,
    number_pattern_search_pattern: SearchPattern | Unset = UNSET,
    service_plan_id: str,
    campaign_id: str,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
) -> Response[Error | ListImportedNumbersResponse]:
    """List imported numbers

     A page of the project's imported numbers matching the filters.

    Args:
        project_id (str):
        region_code (RegionCode | Unset): ISO 3166-1 alpha-2 region code; number hosting is only
            available in the US and Canada.
        number_pattern_pattern (str | Unset):
        number_pattern_search_pattern (SearchPattern | Unset):
        service_plan_id (str):
        campaign_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListImportedNumbersResponse]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        region_code=region_code,
        number_pattern_pattern=number_pattern_pattern,
        number_pattern_search_pattern=number_pattern_search_pattern,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        page_size=page_size,
        page_token=page_token,
        order_by=order_by,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    region_code: RegionCode | Unset = UNSET,
    number_pattern_pattern: str | Unset = UNSET,
    number_pattern_search_pattern: SearchPattern | Unset = UNSET,
    service_plan_id: str,
    campaign_id: str,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    order_by: OrderBy | Unset = UNSET,
) -> Error | ListImportedNumbersResponse | None:
    """List imported numbers

     A page of the project's imported numbers matching the filters.

    Args:
        project_id (str):
        region_code (RegionCode | Unset): ISO 3166-1 alpha-2 region code; number hosting is only
            available in the US and Canada.
        number_pattern_pattern (str | Unset):
        number_pattern_search_pattern (SearchPattern | Unset):
        service_plan_id (str):
        campaign_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        order_by (OrderBy | Unset): What a listing is ordered by, as Sinch publishes it for every
            listing.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListImportedNumbersResponse
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            region_code=region_code,
            number_pattern_pattern=number_pattern_pattern,
            number_pattern_search_pattern=number_pattern_search_pattern,
            service_plan_id=service_plan_id,
            campaign_id=campaign_id,
            page_size=page_size,
            page_token=page_token,
            order_by=order_by,
        )
    ).parsed
