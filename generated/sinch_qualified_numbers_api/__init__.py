"""A client library for accessing Sinch Qualified Numbers API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
