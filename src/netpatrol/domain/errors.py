"""Domain errors; the web and CLI layers map them to HTTP and exit codes."""


class DomainError(Exception):
    """A rule of the domain was broken.

    `rule` names the rule for machines (the API's JSON carries it); `zh` says it in Chinese
    for readers of the console and the portal, the message itself being English.
    """

    def __init__(self, message: str = "", *, rule: str = "", zh: str = "") -> None:
        super().__init__(message)
        self.rule = rule
        self.zh = zh


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class InvalidTransition(DomainError):
    """A state machine was asked to move along an edge it does not have."""


class RuleViolation(DomainError):
    """A request breaks a rule, e.g. a measure without a legal basis."""


class InForce(DomainError):
    """A measure of this kind is already live on the clue (生效中): one at a time."""


class PermissionDenied(DomainError):
    """The signed-in user's role or unit does not allow this."""


class NotSignedIn(DomainError):
    """No valid session or API token came with the request."""
