"""Readers and writers: benchmark instances, scenario tables."""
