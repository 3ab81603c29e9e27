"""The reviewed places of the choice scan (tests/core/choice_scan.py): the modules it does not read,
and the calls and lines it lets through, each with the reason."""

# The modules that handle members' choices or apply the rules themselves, and why.
EXEMPT = {
    "core/published.py": "the published view: the one place that applies ROF 88.1 and ROF 102",
    "core/tally.py": "counts every member's choice into each round's result",
    "core/majorities.py": "a round's majority measured against the roster's weights (no choice)",
    "core/proceedings.py": "the models of the replayed log: each round's casts, the incidents",
    "core/replay_state.py": "the replay's state machine: records each cast and each incident",
    "core/vote_rules.py": "the replay's handlers of a vote: casts, ballots, changes of vote",
    "core/attendance.py": "who is present, moment by moment, over the session's roster",
    "core/session.py": "the session contract: declares the roster and each item's rule flags",
    "inputs/session_folder.py": "reads session.toml and checks the roster it declares",
    "editor/session_changes.py": "the setup page's changes of session.toml: roster and rule flags",
    "editor/session_vocabulary.py": "the setup page's values of each field, vote types included",
    "editor/new_session.py": "copies the roster of a previous session.toml into a new one",
    "editor/actions.py": "the secretary's actions: each member's choice, as the log's input",
    "editor/csv_import.py": "reads the choices of votes.csv, as the log's input",
    "editor/marks.py": "the secretary's list of the log's events, each cast with its choice",
    "telematic/sitting.py": (
        "members' votes from their own devices: each choice as the log's input; a secret "
        "ballot's only into the ballot box's totals (tests/telematic/test_secrecy.py)"
    ),
    "core/public_cut.py": (
        "the public rendition's timeline: reads index.json's in_camera, which the published "
        "view set (video_index.place_items), to cut those items out"
    ),
    "core/transcript.py": (
        "transcript.json's model: what was said by whom, from the log's speech events; no "
        "choice (a review's digest dumps its own spans)"
    ),
    "core/transcript_check.py": (
        "a transcript checked against the roster (speakers are members) and index.json's "
        "in_camera, which the published view set: nothing transcribed in camera"
    ),
    "editor/transcript_page.py": (
        "the secretary's review of transcript.json: dumps its own spans and segments, and "
        "offers the roster (members and officials) as a segment's speaker; no choice"
    ),
    "inputs/transcript_file.py": "writes transcript.json: dumps the transcript's own model",
    "transcribe/spans.py": (
        "the spans to transcribe: index items' in_camera, which the published view set (those "
        "are withheld), and the chair_changed incidents, for who presides; no choice"
    ),
    "telematic/ballot_box.py": "a secret vote's ballots counted as totals, never who chose what",
    "telematic/views.py": (
        "a member's page (their own vote) and the board: a public vote's members after its "
        "close, never a secret ballot's nor an in-camera item's (tests/telematic)"
    ),
    "editor/live_view.py": (
        "the secretary's live view of the log: never a secret ballot's choice "
        "(tests/editor/test_live_view.py)"
    ),
}

# Reviewed places, each (module, text) with what it is. The text is either a call as `ast.unparse`
# writes it (a dump or a dynamic read of a model that holds no member's choice), or a whole line of
# the module, stripped (everything the scan flags on that line is let through).
ALLOWED = {
    ("core/captions.py", "dict(names or {})"): (
        "the speakers' names, member id to name: who spoke, no choice"
    ),
    ("publish/transcript_files.py", "transcript.model_dump(mode='json')"): (
        "transcript.json written into the package: what was said, never a choice"
    ),
    (
        "package.py",
        "withheld_clips = (item.clip for item in index.items"
        " if item.in_camera or item.clip_withheld)",
    ): "the clips withheld: index.json's in_camera, set by the published view",
    ("media/index_stage.py", "avoid = () if item.in_camera else spans"): (
        "a public item's clip avoids the items in camera (in_camera set by the published view)"
    ),
    ("media/index_stage.py", "if item.clip_withheld and not item.in_camera"): (
        "the warning of a public item's clip withheld from the public copy"
    ),
    ("core/replay.py", "dict(_ENTRIES)"): "the table from event type to handler",
    ("media/index_stage.py", "index.model_dump(mode='json')"): "index.json, made from the view",
    ("package.py", "a.digest.model_dump()"): "a file's size and SHA-256",
    ("package.py", "manifest.model_dump(mode='json')"): "manifest.json: files and digests",
    ("publish/popolo.py", "result.requirement.model_dump()"): "a round's required majority",
    ("publish/popolo.py", "check.model_dump()"): "a quorum check: present and required",
    ("batch/history.py", "entry.model_dump(mode='json')"): "batch.jsonl: a session's outcome",
    ("batch/history.py", "end.model_dump(mode='json')"): "batch.jsonl: the end of a run",
    ("batch/inbox.py", "cache.model_dump(mode='json')"): "the inbox's cache of input hashes",
    ("batch/runspec.py", "self.signer.model_dump()"): "the run spec's signer settings",
    ("batch/runspec.py", "getattr(self, key)"): "the run spec's file paths, made absolute",
    ("signing/signers.py", "dict(server.headers)"): "a time-stamp server's HTTP headers",
    ("cli/batch_command.py", "summary.model_dump(mode='json')"): "a batch run's summary",
    ("cli/session_commands.py", "status.model_dump(mode='json')"): "doctor: a tool's status",
    ("cli/signing_commands.py", "result.model_dump(mode='json')"): "a SignResult, a VerifyReport",
    ("cli/stage_commands.py", "result.model_dump(mode='json')"): "an IndexResult, a BuildResult",
    ("cli/eni_command.py", "result.model_dump(mode='json')"): "an EniExport: files, ids, signer",
    ("core/eni.py", "eni.model_dump()"): "[eni]: DIR3, SIA code, identifier",
    ("editor/session_file.py", "self._session.model_dump(mode='json')"): (
        "the setup page's session: session.toml as the secretary wrote it (no vote in it)"
    ),
    ("editor/workspace.py", "entries[index].event.model_dump(mode='json', exclude_none=True)"): (
        "one mark for the secretary to correct; a secret ballot's cast holds no choice"
    ),
    ("editor/log_file.py", "event.model_dump(mode='json', exclude_defaults=True)"): (
        "one event of the vote log, written as its line"
    ),
    ("telematic/access_file.py", "link.model_dump(mode='json')"): (
        "access.json: one member's link (a token's hash, when issued, the session), no vote"
    ),
    # Lines.
    ("core/results.py", "value: float = getattr(self, option.value)"): (
        "a count's total for one option (yes, no, ...), read by the option's name"
    ),
    ("telematic/access.py", "ids = [member.id for member in self._session.members]"): (
        "the session's roster: the members a link may be issued to"
    ),
    ("telematic/access.py", "for member in session.members"): (
        "the session's roster: who holds a live link, in the session's order"
    ),
    ("telematic/links.py", "for member in session.members"): (
        "the session's roster: the exported list of links, in the session's order"
    ),
    ("core/terms.py", 'SECRET = "secret"'): "declares the vocabulary, VoteType.SECRET included",
    ("inputs/csvlog.py", "if spec.vote_type is VoteType.SECRET:"): (
        "a votes.csv gives each member's choice: a secret ballot is refused there"
    ),
    ("inputs/csvlog.py", "choice=row.choice.value,"): "a row of votes.csv read into a vote event",
    ("labels/ca.py", 'VoteType.SECRET: "secreta",'): "the acta's word for a secret ballot",
    ("labels/es.py", 'VoteType.SECRET: "secreta",'): "the acta's word for a secret ballot",
    ("labels/en.py", 'VoteType.SECRET: "secret",'): "the acta's word for a secret ballot",
    ("labels/gl.py", 'VoteType.SECRET: "secreta",'): "the acta's word for a secret ballot",
    ("labels/eu.py", 'VoteType.SECRET: "isilpekoa",'): "the acta's word for it",
    ("labels/ca.py", 'VoteType.SECRET: "Votació secreta",'): "the acta's name of a secret vote",
    ("labels/es.py", 'VoteType.SECRET: "Votación secreta",'): "the acta's name of a secret vote",
    ("labels/en.py", 'VoteType.SECRET: "Secret ballot",'): "the acta's name of a secret vote",
    ("labels/gl.py", 'VoteType.SECRET: "Votación secreta",'): "the acta's name of a secret vote",
    ("labels/eu.py", 'VoteType.SECRET: "Isilpeko bozketa",'): "the acta's name of it",
    (
        "publish/viewer/labels.py",
        'words |= {f"vote_{v.value}": acta.vote_kind[v] for v in VoteType}',
    ): ("the page's names of the vote types, the acta's own"),
    ("document/csv_stamp.py", "run.session.model_dump_json()"): (
        "hashed into the CSV's content digest: a digest, nothing shown"
    ),
    ("document/csv_stamp.py", "run.proceedings.model_dump_json()"): (
        "hashed into the CSV's content digest (the log holds no secret choice)"
    ),
    ("cli/publish_commands.py", "result.model_dump(mode='json')"): (
        "what `publish` wrote: the CSV, its folder and files"
    ),
    ("signing/sidecar.py", "sidecar.model_dump_json(indent=2)"): (
        "signatures.json: who signed, when, at which level (no member's vote)"
    ),
    ("labels/model.py", '"vote_type": (set(self.vote_type), VoteType),'): (
        "the labels' check that each vote type has its words"
    ),
    (
        "document/votes.py",
        "labels, nominal = ctx.labels, shown.count.vote_type is VoteType.NOMINAL",
    ): ("layout: a nominal vote lists its members in the order they were called"),
    ("document/votes.py", "after=labels.choices[CHOSEN[change.choice]],"): (
        "a change of vote the view publishes (vote_changes)"
    ),
    ("publish/popolo.py", '"option": c.choice.value if c.choice else None,'): (
        "a change of vote the view publishes (vote_changes)"
    ),
    (
        "publish/popolo.py",
        "view = publication(session, run.proceedings, tally, audience=Audience.SECRETARY)",
    ): "tally_document: the secretary's JSON of `videoacta tally`, never a file of the package",
    (
        "cli/report.py",
        "view = publication(session, run.proceedings, tally, audience=Audience.SECRETARY)",
    ): "the secretary's report of `videoacta tally`, on the terminal",
    ("cli/report.py", "if shown and shown.vote_type not in (None, VoteType.ORDINARY):"): (
        "the report's title names a vote type other than ordinary, from the view"
    ),
    (
        "batch/runspec.py",
        'f"count {self.count} with backoff {self.backoff:g} waits {self.total():g} s in "',
    ): "a retry policy's count of retries, a number",
    (
        "core/video_index.py",
        'f"the vote on item {vote.item} (round {vote.round}) at {vote.time.isoformat()} "',
    ): "a vote's round number, in a note that it is not in the recording",
    (
        "document/votes.py",
        "columns = (Column(labels.member, 0.42), Column(labels.group, 0.38), "
        "Column(labels.choice, 0.20))",
    ): "the heading of the members' table: the word for a choice",
}
