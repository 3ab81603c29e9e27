"""Speech recognition: the session's recording through faster-whisper into `transcript.json`.

A layer between the stages and the media: it reads the recording's sound through the media
layer, places its spans as the index places the session, and makes the core's `Transcript`.
faster-whisper is an extra (`pip install 'videoacta[transcribe]'`), imported only to transcribe.
"""
