"""Delay and cost indicators of the objectives agreement (IR.8.1-8.3), monitoring and exports."""
