"""The relational schema. Alembic migrations under migrations/ create exactly this.

Importing the package registers every table on `Base.metadata`, whichever module is named.
"""

from netpatrol.adapters.db.tables import core, publishing, rumours
from netpatrol.adapters.db.tables.base import Base

__all__ = ["Base", "core", "publishing", "rumours"]
