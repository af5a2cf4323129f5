"""Powertools Logger and Metrics, one of each per container (service and namespace from the env)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()
