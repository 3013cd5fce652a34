from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.callback_configuration import CallbackConfiguration
from ...models.error import Error
from ...models.update_callback_configuration_request import UpdateCallbackConfigurationRequest
from ...types import Response


def _get_kwargs(
    project_id: str,
    *,
    body: UpdateCallbackConfigurationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/projects/{project_id}/callbackConfiguration".format(
            project_id=quote(str(project_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallbackConfiguration | Error | None:
    if response.status_code == 200:
        response_200 = CallbackConfiguration.from_dict(response.json())

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
) -> Response[CallbackConfiguration | Error]:
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
    body: UpdateCallbackConfigurationRequest,
) -> Response[CallbackConfiguration | Error]:
    """Set the callback secret

     Sets the secret that signs the project's callbacks from now on (`X-Sinch-Signature`:
    lowercase hex HMAC-SHA1 of the raw body).

    Args:
        project_id (str):
        body (UpdateCallbackConfigurationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallbackConfiguration | Error]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateCallbackConfigurationRequest,
) -> CallbackConfiguration | Error | None:
    """Set the callback secret

     Sets the secret that signs the project's callbacks from now on (`X-Sinch-Signature`:
    lowercase hex HMAC-SHA1 of the raw body).

    Args:
        project_id (str):
        body (UpdateCallbackConfigurationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallbackConfiguration | Error
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateCallbackConfigurationRequest,
) -> Response[CallbackConfiguration | Error]:
    """Set the callback secret

     Sets the secret that signs the project's callbacks from now on (`X-Sinch-Signature`:
    lowercase hex HMAC-SHA1 of the raw body).

    Args:
        project_id (str):
        body (UpdateCallbackConfigurationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallbackConfiguration | Error]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateCallbackConfigurationRequest,
) -> CallbackConfiguration | Error | None:
    """Set the callback secret

     Sets the secret that signs the project's callbacks from now on (`X-Sinch-Signature`:
    lowercase hex HMAC-SHA1 of the raw body).

    Args:
        project_id (str):
        body (UpdateCallbackConfigurationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallbackConfiguration | Error
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            body=body,
        )
    ).parsed
