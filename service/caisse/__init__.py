"""Caisses: the funds that submit documents, and what an administrator configures for each."""
