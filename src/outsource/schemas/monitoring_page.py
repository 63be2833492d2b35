"""What the monitoring page and ``GET /api/monitoring/{vendor}`` show for one vendor.

One object per vendor and month asked for (:class:`VendorMonitoring`): the
monthly KPIs with their trends, the contract's targets with each month met or
missed, the warnings with their numbers, capacity where commitments are on
file, the month's SLA results and credits, the month's checked invoices and
the disputes. Every part is computed by a service of its own
(``services.monitoring``, ``services.sla``, ``services.invoices``,
``services.disputes``); ``services.monitoring_page`` only gathers them.
"""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Schema
from outsource.schemas.disputes import DisputePublic
from outsource.schemas.invoices import InvoiceCheck
from outsource.schemas.monitoring import CapacityTotals, KpiTrend, KpiWarning
from outsource.schemas.sla import SlaRow, SlaTrend, VendorCredits


class VendorMonitoringSummary(Schema):
    """One vendor on the monitoring overview."""

    vendor: str = Field(description="The vendor.")
    has_contract: bool = Field(description="A contract with the vendor is stored.")
    open_disputes: int = Field(description="Disputes of the vendor still open.")


class MonitoringOverview(Schema):
    """Every vendor the user may monitor (a vendor user: its own)."""

    vendors: list[VendorMonitoringSummary] = Field(description="The vendors, by name.")


class VendorMonitoring(Schema):
    """One vendor's monitoring: KPIs and targets per month, warnings, capacity, disputes."""

    vendor: str = Field(description="The vendor.")
    timezone: str = Field(description="IANA time zone the months are counted in: the "
                                      "contract's (services.sla), else the workspace's (the "
                                      "zone its logs were imported with), else UTC.")
    months: list[str] = Field(description="Months 'YYYY-MM' with contacts of the vendor, "
                                          "oldest first (empty: no logs yet).")
    period: str | None = Field(description="The month 'YYYY-MM' the SLA results and invoices "
                                           "are shown for (default: the newest with data).")
    logs_note: str | None = Field(description="Why there are no KPIs, when there are none.")
    targets: list[SlaTrend] = Field(description="Per metric of the contract: its value each "
                                    "contract month against the target, each month met or "
                                    "missed (the breaches), trend and forecast (services.sla).")
    sla: VendorCredits | None = Field(description="The month's SLA results in total: credits, "
                                      "cap, earn-back, net, chronic failure, termination "
                                      "right; null without a contract covering the month.")
    sla_rows: list[SlaRow] = Field(description="The month's SLA result per contract metric: "
                                   "value, target, met, credit, earn-back.")
    sla_note: str | None = Field(description="Why there are no SLA results, if none.")
    invoices: list[InvoiceCheck] = Field(description="The vendor's checked invoices of the "
                                         "month with every line against what the logs "
                                         "support (overbilled lines flagged).")
    kpis: list[KpiTrend] = Field(description="Monthly value, trend and next month's forecast "
                                             "of each KPI of the vendor (docs/monitoring.md).")
    warnings: list[KpiWarning] = Field(description="Warnings from the vendor's logs, with the "
                                                   "numbers behind each.")
    capacity: CapacityTotals | None = Field(description="Hours required, committed and "
                                            "delivered over the logs' span; null without a "
                                            "commitments file (WORKSPACE/capacity/).")
    capacity_note: str | None = Field(description="Why capacity is missing, in words.")
    contract_metrics: list[str] = Field(description="Metrics of the contract in force in the "
                                        "month shown (what an SLA dispute may name); empty "
                                        "without one.")
    contract_note: str | None = Field(description="Why no contract covers the month, if none.")
    disputes: list[DisputePublic] = Field(description="The vendor's disputes, newest first.")
