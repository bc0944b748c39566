"""Delay and cost indicators of the objectives agreement (IR.8.1-8.3), monitoring and exports."""

# Importing the domain installs the rollup's flush listeners (in the API, the CLI and the worker alike).
from service.indicator import rollup as rollup  # noqa: F401
