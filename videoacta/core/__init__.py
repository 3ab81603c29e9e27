"""The pure core: the session contract, its vote log, the rules that replay and count it, and
where it falls in the recording. No files, no subprocess, no clock."""
