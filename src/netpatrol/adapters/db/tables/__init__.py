"""The relational schema. Alembic migrations under migrations/ create exactly this.

Importing the package registers every table on `Base.metadata`, whichever module is named.
Serves every capability's storage; may import SQLAlchemy and `adapters/db/types` only.
"""

from netpatrol.adapters.db.tables import (
    agencies,
    assistance,
    core,
    inbox,
    indicators,
    publishing,
    rumours,
    signing,
    worklist,
)
from netpatrol.adapters.db.tables.base import Base

__all__ = [
    "Base",
    "agencies",
    "assistance",
    "core",
    "inbox",
    "indicators",
    "publishing",
    "rumours",
    "signing",
    "worklist",
]
