"""The secretary's editor (`videoacta mark`, `videoacta new`): make a session folder and its vote
log from the recording or live in the room, through a local web page served on 127.0.0.1."""
