"""The cost build-up as formulas: the cost model written out over named inputs.

Every option the plan compares (:func:`outsource.core.plan.build`) becomes a
list of lines, each a spreadsheet formula (Excel syntax, no leading ``=``)
over the names of its inputs (:class:`~outsource.schemas.reports.Assumption`)
and of earlier lines. The formulas are those of the model, term by term and
in the model's order of operations:

- in-house (``core.costs.inhouse_cost``; docs/costs.md "In-house fully loaded
  cost"): paid hours = staffed / (1 - shrinkage), FTE, supervisors and
  managers by their spans, seats = peak x seat factor + leads; agent wages,
  supervision, turnover, equipment, facilities, maintenance, software and
  telephony, each loaded with ``1 + benefits_load + payroll_tax_rate``;
- vendor fees per pricing model (``core.pricing.vendor_fees``; docs/costs.md
  "Outsourced cost per pricing model"): the billing increment's expected
  billed minutes ``b / (1 - exp(-b / a))``, productive or scheduled hours,
  whole agents billed monthly, commission;
- the buyer's own costs (``core.pricing.buyer_costs``): liaison, vendor
  management, QA and test calls, travel, transition, exit reserve;
- hybrids: the in-house model for the kept part plus the vendor's for the rest.

Workload figures (contacts, staffed hours, peak agents, handle time) are the
staffing engine's results, given as inputs: a spreadsheet cannot rerun
Erlang. :func:`evaluate` computes every formula in Python (a small parser of
the same syntax), and :func:`build_up` refuses to return a build-up whose
total differs from the model's own deterministic figure by more than
:data:`REL_TOL`.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from outsource.core.costs import INHOUSE_DEFAULTS, WorkloadFacts
from outsource.core.plan import Built, Compiled, VendorPart
from outsource.core.pricing import BUYER_DEFAULTS
from outsource.core.ratecard import RateCard
from outsource.core.uncertainty import Range, central
from outsource.data.scenario import Scenario
from outsource.schemas.reports import Assumption, BuildUpLine, OptionBuildUp

#: Largest relative difference allowed between a build-up's total and the model's figure.
REL_TOL = 1e-9

_INHOUSE_DOC = "docs/costs.md, In-house fully loaded cost (core.costs.inhouse_cost)"
_FEES_DOC = "docs/costs.md, Outsourced cost per pricing model (core.pricing.vendor_fees)"
_BUYER_DOC = "docs/costs.md, Buyer's own costs of outsourcing (core.pricing.buyer_costs)"
_HYBRID_DOC = "docs/costs.md, Hybrid plans (core.plan.OptionBuilder.hybrid)"

#: Label and unit of each in-house and buyer input.
LABELS: dict[str, tuple[str, str]] = {
    "wage_usd_per_hour": ("agent wage", "USD/h"),
    "benefits_load": ("benefits load (share of wages)", "share"),
    "payroll_tax_rate": ("payroll taxes (share of wages)", "share"),
    "recruiting_usd_per_hire": ("recruiting cost per hire", "USD/hire"),
    "training_hours_per_hire": ("paid training hours per hire", "h/hire"),
    "attrition_per_year": ("agent attrition", "share/year"),
    "equipment_usd_per_seat_year": ("equipment and supplies per seat", "USD/seat/year"),
    "facilities_usd_per_seat_year": ("facilities (rent) per seat", "USD/seat/year"),
    "maintenance_usd_per_seat_year": ("maintenance per seat", "USD/seat/year"),
    "software_telephony_usd_per_seat_year": ("software and telephony per seat",
                                             "USD/seat/year"),
    "supervisor_span": ("agents per supervisor", "agents/supervisor"),
    "supervisor_usd_per_hour": ("supervisor wage", "USD/h"),
    "manager_span": ("supervisors per manager", "supervisors/manager"),
    "manager_usd_per_hour": ("manager wage", "USD/h"),
    "shrinkage": ("shrinkage (share of paid time off the phones)", "share"),
    "paid_hours_per_fte_year": ("paid hours per FTE-year", "h/FTE/year"),
    "seat_factor": ("seats per peak staffed agent", "seats/agent"),
    "liaison_fte": ("internal liaison", "FTE"),
    "liaison_usd_per_hour": ("liaison wage", "USD/h"),
    "vendor_management_share": ("vendor management (share of fees)", "share"),
    "qa_hours_per_month": ("QA and test-call hours", "h/month"),
    "travel_usd_per_year": ("travel to the vendor", "USD/year"),
    "knowledge_transfer_hours_per_agent": ("knowledge transfer per vendor agent",
                                           "h/agent"),
    "parallel_run_months": ("parallel run", "months"),
    "contract_years": ("contract term (spreads one-off costs)", "years"),
    "exit_reserve_share": ("exit reserve (share of fees)", "share"),
}
#: Units of a rate-card kind and of an option's own rate per pricing model.
RATE_UNITS = {"shared_per_minute": "USD/min", "monthly_per_agent": "USD/agent-month"}
_WORKLOAD_FIELDS = (("contacts_per_year", "contacts", "contacts/year"),
                    ("staffed_hours_per_year", "staffed (productive) agent hours", "h/year"),
                    ("peak_agents", "most agents staffed in one interval", "agents"),
                    ("aht_s", "mean handle time", "s"))


def name_of(key: str) -> str:
    """A workbook name for a parameter: lower case, every other character ``_``.

    ``rate.india.hourly`` -> ``rate_india_hourly``; ``options[0].rate`` ->
    ``options_0_rate``. Every name holds an underscore, so none reads as a
    cell reference (``FTE1``) or a function.
    """
    return re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")


# ---------------------------------------------------------------- evaluation


def _roundup(x: float, digits: float) -> float:
    """Excel's ROUNDUP: away from zero to ``digits`` decimals."""
    f = 10.0 ** int(digits)
    return math.copysign(math.ceil(abs(x) * f) / f, x)


_FUNCTIONS: dict[str, Callable[..., float]] = {
    "EXP": math.exp, "MAX": max, "MIN": min, "ROUNDUP": _roundup}
_BINOPS: dict[type, Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}
_CMPOPS: dict[type, Callable[[float, float], bool]] = {
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b}


def evaluate(formula: str, values: Mapping[str, float]) -> float:
    """The value of a build-up formula over named ``values``.

    The syntax is the workbook's: numbers (``1E-9``), names, ``+ - * /``,
    parentheses, comparisons, and ``IF``, ``EXP``, ``MAX``, ``MIN``,
    ``ROUNDUP``; ``IF`` evaluates only the branch it takes, as a spreadsheet does.
    """
    tree = ast.parse(formula, mode="eval")

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            return float(values[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMPOPS:
            return float(_CMPOPS[type(node.ops[0])](ev(node.left), ev(node.comparators[0])))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "IF":
                cond, yes, no = node.args
                return ev(yes) if ev(cond) else ev(no)
            return float(_FUNCTIONS[node.func.id](*(ev(a) for a in node.args)))
        raise ValueError(f"unsupported formula element {ast.dump(node)} in {formula!r}")

    return ev(tree.body)


def _names(formula: str) -> set[str]:
    """The names a formula refers to."""
    return {n.id for n in ast.walk(ast.parse(formula, mode="eval")) if isinstance(n, ast.Name)}


# ---------------------------------------------------------------- the book


@dataclass
class _Input:
    """An assumption being collected (see :class:`Assumption`)."""

    name: str
    group: str
    key: str
    label: str
    value: float
    low: float
    high: float
    dist: str
    unit: str
    given: bool
    source: str
    used_by: list[str] = field(default_factory=list)


class _Book:
    """Collects inputs and formula lines; evaluates each line as it is added."""

    def __init__(self) -> None:
        self.inputs: dict[str, _Input] = {}
        self.values: dict[str, float] = {}
        self.lines: list[BuildUpLine] = []

    def input(self, item: _Input) -> str:
        if item.name not in self.inputs:
            self.inputs[item.name] = item
            self.values[item.name] = item.value
        return item.name

    def line(self, name: str, label: str, formula: str, unit: str = "USD/year",
             component: str | None = None, source: str = _INHOUSE_DOC) -> str:
        if name in self.values:
            raise ValueError(f"workbook name {name!r} used twice")
        value = evaluate(formula, self.values)
        self.values[name] = value
        self.lines.append(BuildUpLine(name=name, label=label, formula=formula, value=value,
                                      unit=unit, component=component, source=source))
        return name


# ---------------------------------------------------------------- inputs


def _range_input(name: str, group: str, key: str, label: str, r: Range, unit: str,
                 given: bool, source: str) -> _Input:
    dist = "fixed" if r.spread == 0 else r.dist
    return _Input(name, group, key, label, r.central, r.low, r.high, dist, unit, given, source)


class _Inputs:
    """Names the model's inputs and says where each comes from."""

    def __init__(self, book: _Book, built: Built, scenario: Scenario, card: RateCard,
                 workload_source: str) -> None:
        self.book, self.built, self.s, self.card = book, built, scenario, card
        self.ranges = built.builder.ranges
        self.spec = built.builder.spec
        self.workload_source = workload_source
        self.rows = {row.key: row for row in card.rows.values()}

    def inhouse(self, key: str) -> str:
        label, unit = LABELS[key]
        given = key in self.spec.inhouse
        src = INHOUSE_DEFAULTS[key][3]
        source = (f"the scenario, inhouse.{key} (default's source: {src})" if given
                  else f"default (docs/costs.md): {src}")
        return self.book.input(_range_input(name_of(f"inhouse.{key}"), "in-house",
                                            f"inhouse.{key}", label,
                                            self.ranges[f"inhouse.{key}"], unit, given,
                                            source))

    def buyer(self, key: str) -> str:
        label, unit = LABELS[key]
        given = key in self.spec.buyer
        src = BUYER_DEFAULTS[key][3]
        source = (f"the scenario, buyer.{key} (default's source: {src})" if given
                  else f"default (docs/costs.md): {src}")
        return self.book.input(_range_input(name_of(f"buyer.{key}"), "buyer", f"buyer.{key}",
                                            label, self.ranges[f"buyer.{key}"], unit, given,
                                            source))

    def _terms_given(self, path: str) -> tuple[set[str], object | None]:
        """Keys the scenario wrote for the option at ``path``, and the option itself."""
        m = re.fullmatch(r"(options|quotes|hybrids)\[(\d+)\](\.vendor)?", path)
        if m is None:
            return set(), None
        items = getattr(self.s, m.group(1))
        obj = items[int(m.group(2))]
        if m.group(3):
            obj = obj.vendor
        return set(obj.model_fields_set), obj

    def option_param(self, path: str, key: str, label: str, unit: str, option: str) -> str:
        """A ranged term of an option (``vendor_shrinkage``, ``base_share``, ...)."""
        given, _ = self._terms_given(path)
        full = f"{path}.{key}"
        source = (f"the scenario, {full}" if key in given
                  else "default (docs/costs.md): vendor shrinkage 0.30, an assumption (the "
                       "in-house benchmark)" if key == "vendor_shrinkage"
                  else "default (docs/costs.md): base share 0.5, an assumption"
                  if key == "base_share" else f"the scenario, {full}")
        return self.book.input(_range_input(name_of(full), "option terms", full,
                                            f"{option}: {label}", self.ranges[full], unit,
                                            key in given, source))

    def option_fixed(self, path: str, key: str, value: float, label: str, unit: str,
                     option: str, default_source: str) -> str:
        """A fixed term of an option (``billing_increment_s``, ``paid_hours_per_month``)."""
        given, _ = self._terms_given(path)
        full = f"{path}.{key}"
        source = f"the scenario, {full}" if key in given else f"default: {default_source}"
        return self.book.input(_Input(name_of(full), "option terms", full, f"{option}: {label}",
                                      float(value), float(value), float(value), "fixed", unit,
                                      key in given, source))

    def rate(self, v: VendorPart, option: str) -> str:
        """The option's rate: a card row (with its source and date) or its own."""
        key = v.rate_key
        r = self.ranges[key]
        row = self.rows.get(key)
        if row is not None:
            note = f"; note: {row.note}" if row.note else ""
            card = f" (card {row.card})" if row.card else ""
            return self.book.input(_range_input(
                name_of(key), "rate card", key, f"{row.region} {row.kind} rate"
                + ("" if row.tier == "regular" else f" ({row.tier})"), r, row.unit, False,
                f"{row.source}, taken {row.date}{card}{note}"))
        _, obj = self._terms_given(v.path)
        unit = RATE_UNITS.get(v.offer.pricing_model, "USD/h")
        if obj is not None and getattr(obj, "vendor", None) and hasattr(obj, "source"):
            source = f"quote from {obj.vendor}: {obj.source}, dated {obj.date}"
        else:
            source = f"the scenario, {key}"
        return self.book.input(_range_input(name_of(key), "option terms", key,
                                            f"{option}: rate", r, unit, True, source))

    def workload(self, part: str, facts: WorkloadFacts, what: str) -> str:
        """The staffing engine's figures for one part of the workload; returns the prefix."""
        prefix = f"wl_{part}"
        t = self.spec.targets
        basis = (f"staffing engine ({'Erlang A' if t.max_abandon else 'Erlang C'}) on "
                 f"{self.workload_source}, {what}, for the scenario's targets, annualised")
        for key, label, unit in _WORKLOAD_FIELDS:
            value = float(getattr(facts, key))
            self.book.input(_Input(f"{prefix}_{key}", "workload", f"{part}.{key}",
                                   f"{what}: {label}", value, value, value, "fixed", unit,
                                   False, basis))
        return prefix


# ---------------------------------------------------------------- blocks


_IH_KEYS = tuple(INHOUSE_DEFAULTS)
_COMPONENT_LABELS = {
    "agent_wages": "agent wages = paid hours x wage x load",
    "supervision": "supervision = (supervisors x supervisor wage + managers x manager wage) "
                   "x paid hours per FTE-year x load",
    "turnover": "turnover = FTE x attrition x (recruiting + training hours x wage x load)",
    "equipment": "equipment = seats x equipment per seat",
    "facilities": "facilities = seats x facilities per seat",
    "maintenance": "maintenance = seats x maintenance per seat",
    "software_telephony": "software and telephony = seats x their cost per seat",
}


def _inhouse_block(book: _Book, x: _Inputs, pfx: str, wl: str, what: str, total: str,
                   component: str | None = "total", parts: bool = True) -> str:
    """The in-house cost of the work ``wl`` (a workload prefix) on line ``total``.

    ``parts``: whether its components are components of the option (false for
    the in-house cost a transition's parallel run uses).
    """
    n = {k: x.inhouse(k) for k in _IH_KEYS}
    L = book.line
    if "inhouse_load" not in book.values:
        L("inhouse_load", "load = 1 + benefits load + payroll tax rate",
          f"1+{n['benefits_load']}+{n['payroll_tax_rate']}", "x wages")
    paid = L(f"{pfx}_paid_hours", f"{what}: paid agent hours = staffed hours / "
             "(1 - shrinkage)", f"{wl}_staffed_hours_per_year/(1-{n['shrinkage']})", "h/year")
    fte = L(f"{pfx}_fte", "agent FTE = paid hours / paid hours per FTE-year",
            f"{paid}/{n['paid_hours_per_fte_year']}", "FTE")
    sup = L(f"{pfx}_supervisors", "supervisors = FTE / agents per supervisor",
            f"{fte}/{n['supervisor_span']}", "FTE")
    mgr = L(f"{pfx}_managers", "managers = supervisors / supervisors per manager",
            f"{sup}/{n['manager_span']}", "FTE")
    seats = L(f"{pfx}_seats", "seats = peak agents x seat factor + supervisors + managers",
              f"{wl}_peak_agents*{n['seat_factor']}+{sup}+{mgr}", "seats")
    formulas = {
        "agent_wages": f"{paid}*{n['wage_usd_per_hour']}*inhouse_load",
        "supervision": f"({sup}*{n['supervisor_usd_per_hour']}+{mgr}*"
                       f"{n['manager_usd_per_hour']})*{n['paid_hours_per_fte_year']}*inhouse_load",
        "turnover": f"{fte}*{n['attrition_per_year']}*({n['recruiting_usd_per_hire']}+"
                    f"{n['training_hours_per_hire']}*{n['wage_usd_per_hour']}*inhouse_load)",
        "equipment": f"{seats}*{n['equipment_usd_per_seat_year']}",
        "facilities": f"{seats}*{n['facilities_usd_per_seat_year']}",
        "maintenance": f"{seats}*{n['maintenance_usd_per_seat_year']}",
        "software_telephony": f"{seats}*{n['software_telephony_usd_per_seat_year']}",
    }
    names = [L(f"{pfx}_{k}", _COMPONENT_LABELS[k], f, component=k if parts else None)
             for k, f in formulas.items()]
    return L(total, f"{what}: in-house total", "+".join(names), component=component)


def _fees(book: _Book, x: _Inputs, pfx: str, v: VendorPart, wl: str, rate: str,
          option: str) -> str:
    """Vendor fees for one pricing model; returns the fees line's name."""
    t, path, m = v.offer, v.path, v.offer.pricing_model
    L = book.line
    hours = f"{wl}_staffed_hours_per_year"
    if m == "shared_per_minute":
        inc = x.option_fixed(path, "billing_increment_s", t.billing_increment_s,
                             "billing increment", "s", option, "6 s per contact "
                             "(docs/costs.md, shared per minute)")
        aht = f"{wl}_aht_s"
        per = L(f"{pfx}_billed_min_per_contact", "billed minutes per contact = increment / "
                "(1 - exp(-increment / AHT)) / 60 (exponential handle times, each contact "
                "rounded up)", f"IF({inc}<=0,{aht}/60,{inc}/(1-EXP(-{inc}/{aht}))/60)",
                "min/contact", source=_FEES_DOC)
        return L(f"{pfx}_fees", "fees = rate x billed minutes per contact x contacts",
                 f"{rate}*{per}*{wl}_contacts_per_year", component="fees", source=_FEES_DOC)
    if m == "dedicated_hourly":
        if t.bill_on == "productive":
            return L(f"{pfx}_fees", "fees = rate x staffed (productive) hours",
                     f"{rate}*{hours}", component="fees", source=_FEES_DOC)
        sh = x.option_param(path, "vendor_shrinkage", "vendor shrinkage", "share", option)
        billed = L(f"{pfx}_billed_hours", "billed (scheduled) hours = staffed / (1 - vendor "
                   "shrinkage)", f"{hours}/(1-{sh})", "h/year", source=_FEES_DOC)
        return L(f"{pfx}_fees", "fees = rate x scheduled hours", f"{rate}*{billed}",
                 component="fees", source=_FEES_DOC)
    if m == "monthly_per_agent":
        agents = book.values.get(f"{pfx}_vendor_agents")
        assert agents is not None  # added by the caller before the fees
        billed = L(f"{pfx}_billed_agents", "agents billed = vendor agents rounded up to whole "
                   "agents", f"MAX(0,ROUNDUP({pfx}_vendor_agents-1E-9,0))", "agents",
                   source=_FEES_DOC)
        return L(f"{pfx}_fees", "fees = monthly rate x 12 x agents billed",
                 f"{rate}*12*{billed}", component="fees", source=_FEES_DOC)
    if m == "outbound_hourly":
        return L(f"{pfx}_fees", "fees = outbound rate x staffed hours", f"{rate}*{hours}",
                 component="fees", source=_FEES_DOC)
    comm = x.option_param(path, "commission_usd_per_sale", "commission", "USD/sale", option)
    conv = x.option_param(path, "conversion_rate", "conversion (sales per contact)", "share",
                          option)
    commission = L(f"{pfx}_commission", "commission = commission x conversion x contacts",
                   f"{comm}*{conv}*{wl}_contacts_per_year", source=_FEES_DOC)
    if m == "commission_only":
        return L(f"{pfx}_fees", "fees = the commission", commission, component="fees",
                 source=_FEES_DOC)
    share = x.option_param(path, "base_share", "share of the rate paid per hour", "share",
                           option)
    return L(f"{pfx}_fees", "fees = base share x rate x staffed hours + commission",
             f"{share}*{rate}*{hours}+{commission}", component="fees", source=_FEES_DOC)


def _vendor_block(book: _Book, x: _Inputs, pfx: str, v: VendorPart, wl: str,
                  inhouse_same_work: str, option: str, total: str,
                  component: str = "total") -> str:
    """Fees plus the buyer's own costs of the work ``wl``, on line ``total``."""
    t, path = v.offer, v.path
    L = book.line
    hours = f"{wl}_staffed_hours_per_year"
    rate = x.rate(v, option)
    php = x.option_fixed(path, "paid_hours_per_month", t.paid_hours_per_month,
                         "paid hours per vendor agent-month", "h/month", option,
                         "40 h x 52.14 weeks / 12 (docs/costs.md)")
    if v.derive_monthly:
        rate = L(f"{pfx}_monthly_rate", "monthly rate = hourly rate x paid hours per "
                 "agent-month", f"{rate}*{php}", "USD/agent-month", source=_FEES_DOC)
    sh = x.option_param(path, "vendor_shrinkage", "vendor shrinkage", "share", option)
    agents = L(f"{pfx}_vendor_agents", "vendor agents = staffed hours / (1 - vendor "
               "shrinkage) / (paid hours per month x 12)", f"{hours}/(1-{sh})/({php}*12)",
               "agents", source=_FEES_DOC)
    fees = _fees(book, x, pfx, v, wl, rate, option)
    b = {k: x.buyer(k) for k in BUYER_DEFAULTS}
    travel = b["travel_usd_per_year"]
    if f"{path}.travel_usd_per_year" in x.ranges:
        travel = x.option_param(path, "travel_usd_per_year", "travel", "USD/year", option)
    ph = x.inhouse("paid_hours_per_fte_year")
    staff = L(f"{pfx}_staff_rate", "liaison cost per hour = liaison wage x load",
              f"{b['liaison_usd_per_hour']}*inhouse_load", "USD/h", source=_BUYER_DOC)
    per_hour = (L(f"{pfx}_fees_per_hour", "fees per staffed hour", f"{fees}/{hours}", "USD/h",
                  source=_BUYER_DOC)
                if book.values[hours] > 0 else
                L(f"{pfx}_fees_per_hour", "fees per staffed hour (no staffed hours)", "0",
                  "USD/h", source=_BUYER_DOC))
    own = {
        "liaison": ("liaison = liaison FTE x paid hours per FTE-year x liaison cost per hour",
                    f"{b['liaison_fte']}*{ph}*{staff}"),
        "vendor_management": ("vendor management = share x fees",
                              f"{b['vendor_management_share']}*{fees}"),
        "qa_test_calls": ("QA and test calls = hours per month x 12 x liaison cost per hour",
                          f"{b['qa_hours_per_month']}*12*{staff}"),
        "travel": ("travel to the vendor", travel),
        "transition": ("transition = (knowledge transfer hours x vendor agents x fees per "
                       "hour + parallel-run months / 12 x in-house cost of the same work) / "
                       "contract years",
                       f"({b['knowledge_transfer_hours_per_agent']}*{agents}*{per_hour}+"
                       f"{b['parallel_run_months']}/12*{inhouse_same_work})/"
                       f"{b['contract_years']}"),
        "exit_reserve": ("exit reserve = share x fees", f"{b['exit_reserve_share']}*{fees}"),
    }
    names = [L(f"{pfx}_{k}", label, f, component=k, source=_BUYER_DOC)
             for k, (label, f) in own.items()]
    buyer = L(f"{pfx}_buyer_costs", "the buyer's own costs = liaison + vendor management + "
              "QA + travel + transition + exit reserve", "+".join(names),
              component="buyer_costs", source=_BUYER_DOC)
    return L(total, "fees + the buyer's own costs", f"{fees}+{buyer}", component=component,
             source=_BUYER_DOC)


def _option(book: _Book, x: _Inputs, k: int, o: Compiled, whole: str) -> str:
    """Lines of option ``k``; returns its total's name."""
    pfx = f"opt{k}"
    if o.pricing_model == "in_house":
        return _inhouse_block(book, x, pfx, whole, "in-house", f"{pfx}_total")
    if not o.pricing_model.startswith("hybrid:"):
        assert o.vendor is not None
        return _vendor_block(book, x, pfx, o.vendor, whole, "opt0_total", o.name,
                             f"{pfx}_total")
    assert o.inhouse_facts is not None
    wl_in = x.workload(f"{pfx}_inhouse", o.inhouse_facts, f"{o.name}, part kept in-house")
    if o.vendor is None:
        return _inhouse_block(book, x, f"{pfx}_kept", wl_in, "part kept in-house (nothing "
                              "goes to the vendor)", f"{pfx}_total")
    kept = _inhouse_block(book, x, f"{pfx}_kept", wl_in, "part kept in-house",
                          f"{pfx}_kept_total", component="inhouse_part", parts=False)
    wl_v = x.workload(f"{pfx}_vendor", o.vendor.facts, f"{o.name}, part sent to the vendor")
    par = _inhouse_block(book, x, f"{pfx}_parallel", wl_v,
                         "in-house cost of the vendor's part (for the parallel run)",
                         f"{pfx}_parallel_total", component=None, parts=False)
    vt = _vendor_block(book, x, pfx, o.vendor, wl_v, par, o.name, f"{pfx}_vendor_total",
                       component="vendor_part")
    return book.line(f"{pfx}_total", "annual total = part kept in-house + vendor total",
                     f"{kept}+{vt}", component="total", source=_HYBRID_DOC)


def build_up(built: Built, scenario: Scenario, card: RateCard,
             workload_source: str) -> tuple[list[Assumption], list[OptionBuildUp]]:
    """Every option's cost build-up as formulas, and the inputs they use.

    Each option's total is checked against the model's own cost at the
    central inputs (``option.cost(central(ranges))``); a difference above
    :data:`REL_TOL` is a bug and raises :class:`RuntimeError`.
    """
    book = _Book()
    x = _Inputs(book, built, scenario, card, workload_source)
    det = central(built.builder.ranges)
    whole = x.workload("all", built.staffer.facts(built.staffer.calls), "whole workload")
    out = []
    for k, o in enumerate(built.options):
        start = len(book.lines)
        total = _option(book, x, k, o, whole)
        model = float(np.asarray(o.cost(det)).reshape(-1)[0])
        got = book.values[total]
        if not math.isclose(got, model, rel_tol=REL_TOL, abs_tol=1e-6):
            raise RuntimeError(f"cost build-up of {o.name!r} gives {got!r}, the model "
                               f"{model!r}")
        lines = book.lines[start:]
        comps = {ln.component: ln.value for ln in lines
                 if ln.component and ln.component != "total"}
        out.append(OptionBuildUp(option=o.name, region=o.region, pricing_model=o.pricing_model,
                                 lines=lines, total=total, total_usd=model,
                                 components_usd=comps))
    refs = [(b.option, set().union(*(_names(ln.formula) for ln in b.lines))) for b in out]
    for item in book.inputs.values():  # used by: options whose formulas name it
        item.used_by = [option for option, names in refs if item.name in names]
    order = {"workload": 0, "in-house": 1, "buyer": 2, "rate card": 3, "option terms": 4}
    inputs = sorted(book.inputs.values(), key=lambda i: order[i.group])
    assumptions = [Assumption(**vars(i)) for i in inputs]
    return assumptions, out
