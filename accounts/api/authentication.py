from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication


class PersonalTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <value>` with a personal token from the account menu."""

    def _cleanup_token(self, auth_token) -> bool:
        """Refuse (and delete) the presented token once it has expired.

        Knox also reads all of the account's tokens on every request to delete the other
        expired ones: a query per API call. Those are deleted when the account creates a token
        instead (accounts.services.api_token_create); the account's token page does not list them.
        """
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = PersonalTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Personal API token, sent as `Token <value>`.",
        }
