"""Test-wide settings: hypothesis runs derandomised under CI; one shared Spark session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def spark():
    """One local Spark session (local[2], the stack-notes settings) for the whole run."""
    from outsource.data.analytics.sources import spark_session

    session = spark_session("local[2]", "outsource-tests")
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()
