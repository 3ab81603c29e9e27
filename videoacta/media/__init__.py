"""The recording: ffmpeg and ffprobe, the parts, and the index stage that places the session in
the video."""
