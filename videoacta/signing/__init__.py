"""Signing acta.pdf: signers, time-stamps, the stamp, and who may sign."""
