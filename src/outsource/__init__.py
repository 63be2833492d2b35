"""outsource: customer-service outsourcing decisions in numbers.

Sizes the workload, staffs it with queueing theory, prices in-house against
outsourced options, and monitors vendors. See the README for the two commands.
"""

__version__ = "0.1.0"
