"""Domain errors; the web and CLI layers map them to HTTP and exit codes."""


class DomainError(Exception):
    """A rule of the domain was broken."""


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class InvalidTransition(DomainError):
    """A state machine was asked to move along an edge it does not have."""


class RuleViolation(DomainError):
    """A request breaks a rule, e.g. a measure without a legal basis."""


class PermissionDenied(DomainError):
    """The signed-in user's role or unit does not allow this."""


class NotSignedIn(DomainError):
    """No valid session or API token came with the request."""
