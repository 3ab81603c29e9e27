"""Batch runs over an inbox of sessions, on a local pool or a Dask cluster."""
