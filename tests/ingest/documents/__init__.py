"""Tests of ingest/documents/, a module each."""
