from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.hosting_order import HostingOrder
from ...types import Response


def _get_kwargs(
    project_id: str,
    hosting_order_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/projects/{project_id}/hostingOrders/{hosting_order_id}/history".format(
            project_id=quote(str(project_id), safe=""),
            hosting_order_id=quote(str(hosting_order_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | HostingOrder | None:
    if response.status_code == 200:
        response_200 = HostingOrder.from_dict(response.json())

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
) -> Response[Error | HostingOrder]:
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
) -> Response[Error | HostingOrder]:
    """The events of a hosting order

    Args:
        project_id (str):
        hosting_order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HostingOrder]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        hosting_order_id=hosting_order_id,
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
) -> Error | HostingOrder | None:
    """The events of a hosting order

    Args:
        project_id (str):
        hosting_order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HostingOrder
    """

    return sync_detailed(
        project_id=project_id,
        hosting_order_id=hosting_order_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    hosting_order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | HostingOrder]:
    """The events of a hosting order

    Args:
        project_id (str):
        hosting_order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HostingOrder]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        hosting_order_id=hosting_order_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    hosting_order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | HostingOrder | None:
    """The events of a hosting order

    Args:
        project_id (str):
        hosting_order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HostingOrder
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            hosting_order_id=hosting_order_id,
            client=client,
        )
    ).parsed
