"""Helpers the tests share that are not fixtures: paths, the CLI, servers, HTTP, browsers,
plan rewrites and fixture documents. Fixtures live in the conftest.py files."""
