"""Repositories: queries and changes on a caller's ``Session``; they flush, never commit.

The caller (a service) owns the transaction (``Database.transaction()``).
A duplicate name is :class:`outsource.errors.Conflict`, a missing one
:class:`outsource.errors.NotFound`, both naming the domain field.
"""

from __future__ import annotations

from outsource.data.db.repositories.audit import AuditRepository
from outsource.data.db.repositories.contracts import ContractRepository
from outsource.data.db.repositories.invoices import InvoiceRepository
from outsource.data.db.repositories.jobs import JobRepository
from outsource.data.db.repositories.plans import PlanRunRepository
from outsource.data.db.repositories.users import (
    LoginAttemptRepository,
    SessionRepository,
    TokenRepository,
    UserRepository,
)
from outsource.data.db.repositories.vendors import VendorRepository
from outsource.data.db.repositories.workspace import DecisionRightRepository, ScenarioRepository

__all__ = ["AuditRepository", "ContractRepository", "DecisionRightRepository", "InvoiceRepository",
           "JobRepository", "LoginAttemptRepository", "PlanRunRepository", "ScenarioRepository",
           "SessionRepository", "TokenRepository", "UserRepository", "VendorRepository"]
