"""Basque: the terms of the Basque councils' actas. A placeholder never takes a case suffix (its
form depends on how the value ends): templates put it in the absolutive, apposition or after a
colon. Dates follow Euskaltzaindia's rule 37 (core/basque.py)."""

from videoacta.core.events import Attendance
from videoacta.core.evidence import StartSource
from videoacta.core.proceedings import IncidentKind, ItemStatus
from videoacta.core.tally import Option, Result
from videoacta.core.terms import Call, ItemKind, Language, MajorityKind, Mode, SessionKind, VoteType
from videoacta.core.timeline import Placement
from videoacta.labels.model import Formats, Labels

WEEKDAYS = ("astelehena", "asteartea", "asteazkena", "osteguna", "ostirala", "larunbata", "igandea")

LABELS = Labels(
    language=Language.EU,
    formats=Formats(
        decimal=",",
        thousands=".",
        months=(  # in the genitive a date needs: 2026ko urriaren 29a
            "urtarrilaren",
            "otsailaren",
            "martxoaren",
            "apirilaren",
            "maiatzaren",
            "ekainaren",
            "uztailaren",
            "abuztuaren",
            "irailaren",
            "urriaren",
            "azaroaren",
            "abenduaren",
        ),
        weekdays=WEEKDAYS,
        date="{year_ko} {month} {day_a}, {weekday}",
        short_date="{year_ko} {month} {day_a}",
        byte_count="{n} byte",  # a noun after a numeral stays unmarked
    ),
    title="Akta: {kind} bilkura, {number} zk.",
    subject="Bilkuraren bideo-akta ({date}): bozketak, grabazioaren aurkibidea eta datuak",
    session_kind={
        SessionKind.ORDINARY: "ohiko",
        SessionKind.EXTRAORDINARY: "ezohiko",
        SessionKind.URGENT: "ezohiko eta presazko",
    },
    call={Call.FIRST: "lehen deialdia", Call.SECOND: "bigarren deialdia"},
    mode={
        Mode.IN_PERSON: "aurrez aurrekoa",
        Mode.REMOTE: "urrutikoa",
        Mode.MIXED: "mistoa, aurrez aurre eta urrutitik",
    },
    body="Organoa",
    session="Bilkura",
    session_value="{kind} bilkura, {number} zk.",
    call_label="Deialdia",
    mode_label="Modalitatea",
    place="Lekua",
    date="Data",
    time="Ordutegia",
    time_span="hasiera {start}, amaiera {end}",
    attendance="Bertaratzea",
    chair="Lehendakaria",
    members_present="Bertaratutako kideak",
    excused="Ez etortzea justifikatu dutenak",
    absent="Justifikatu gabe ez etorriak",
    none="inor ez",
    secretary="Idazkaritza",
    comptroller="Kontu-hartzailetza",
    member="Kidea",
    group="Taldea",
    attendance_mode={Attendance.IN_PERSON: "aurrez aurre", Attendance.REMOTE: "urrutitik"},
    notes="Oharrak",
    arrived="iritsiera: {time}",
    left="irteera: {time}",
    rejoined="itzulera: {time}",
    identity="nortasuna: {identity}",
    quorum="Quoruma",
    quorum_required=(
        "Beharrezkoa: {required} kide ({share}, gutxienez "
        "{minimum}), lehendakaritza eta idazkaritza barne."
    ),
    quorum_opening="Hasieran: {present} kide bertan — {verdict}.",
    quorum_lowest="Bozketa batean gutxienez: {present} kide bertan ({item}. puntua) — {verdict}.",
    held="betetzen da",
    not_held="EZ da betetzen",
    not_checked="ez da egiaztatzen",
    agenda="Gai-zerrenda",
    agenda_intro=(
        "Puntu bakoitzaren hasiera-orduak grabazioa ({file}) une horretan irekitzen du; "
        "orrialdeak puntuaren atalera eramaten du."
    ),
    number="Zk.",
    item="Puntua",
    in_recording="Bideoan",
    result="Emaitza",
    page="Or.",
    status={
        ItemStatus.DEALT: "Aztertua",
        ItemStatus.WITHDRAWN: "Erretiratua",
        ItemStatus.TABLED: "Mahai gainean utzia",
        ItemStatus.NOT_DEALT: "Aztertu gabea",
    },
    placement={
        Placement.RECORDED: "grabatua",
        Placement.PARTIAL: "zati batean grabatua",
        Placement.NOT_RECORDED: "grabatu gabea",
    },
    no_vote="Bozketarik gabe",
    item_kind={
        ItemKind.PROPOSAL: "Proposamena",
        ItemKind.MOTION: "Mozioa",
        ItemKind.URGENT_MOTION: "Presako mozioa",
        ItemKind.ELECTION: "Hautaketa",
        ItemKind.MINUTES: "Akta",
        ItemKind.QUESTION: "Galderak",
        ItemKind.REQUEST: "Eskaerak",
        ItemKind.REPORT: "Kontu-ematea",
    },
    recording="Bideoan",
    in_camera_note="Ate itxian aztertua (ROF 88.1): eztabaida ez da argitaratzen.",
    interventions="Esku-hartzeak",
    speaker="Hizlaria",
    clock="Ordua",
    duration="Iraupena",
    not_in_recording="grabaziotik kanpo",
    reason="Arrazoia",
    withdrawn="Gai-zerrendatik erretiratua.",
    tabled="Mahai gainean geratzen da.",
    not_dealt="Ez da aztertu.",
    control_item="Kontrol-zatiko puntua: bozketarik gabe.",
    recusal="{name} abstenitu eta aretotik irteten da, interes-gatazka dela eta{law}: {reason}",
    vote="Bozketa",
    vote_round="{n}. bozketa",
    repeat="berdinketagatik errepikatua (ROF 100.2)",
    reopened="berriz irekia: {reason}",
    vote_type_label="Mota",
    vote_type={
        VoteType.ORDINARY: "ohikoa",
        VoteType.NOMINAL: "izendapen bidezkoa",
        VoteType.SECRET: "isilpekoa",
    },
    vote_kind={
        VoteType.ORDINARY: "Ohiko bozketa",
        VoteType.NOMINAL: "Izendapen bidezko bozketa",
        VoteType.SECRET: "Isilpeko bozketa",
    },
    majority="Eskatutako gehiengoa",
    majority_kind={
        MajorityKind.SIMPLE: "gehiengo soila",
        MajorityKind.ABSOLUTE: "legezko kide kopuruaren gehiengo osoa",
        MajorityKind.TWO_THIRDS: "egitatezko kideen bi herenak eta legezkoen gehiengo osoa",
        MajorityKind.FRACTION: "legezko kide kopuruaren {fraction}eko gehiengoa",
        MajorityKind.CUSTOM: "{fraction}",  # in words (labels/conditions.py)
    },
    simple_rule="aldeko boto gehiago kontrakoak baino",
    more_than="{n} boto haztatu baino gehiago",
    at_least="gutxienez {n} boto haztatu",
    one_vote="{n} boto",
    many_votes="{n} boto",
    reached="lortua",
    not_reached="lortu gabea",
    quorum_vote="{present} kide bertan ({required} behar dira) — {verdict}",
    vote_time="irekiera {opened}, itxiera {closed}",
    options={
        Option.YES: "Alde",
        Option.NO: "Aurka",
        Option.ABSTAIN: "Abstentzioak",
        Option.ABSENT: "Ez daudenak",
        Option.RECUSED: "Errekusatuak",
        Option.NOT_VOTING: "Ez dute bozkatzen",
    },
    blank="Zuriak",
    total="Guztira",
    heads="Botoak",
    weighted="Boto haztatua",
    by_group="Taldeka",
    position="Jarrera",
    positions={
        "yes": "alde",
        "no": "aurka",
        "abstain": "abstentzioa",
        "absent": "ez dago",
        "divided": "banatua",
    },
    each_member="Kide bakoitzaren botoa",
    choice="Botoa",
    nominal_note=(
        "Izendapen bidezko bozketa: ordena alfabetikoan deitzen da, lehendakaritza azkenik "
        "(ROF 101)."
    ),
    choices={
        Option.YES: "alde",
        Option.NO: "aurka",
        Option.ABSTAIN: "abstentzioa",
        Option.ABSENT: "ez dago",
        Option.RECUSED: "errekusatua",
        Option.NOT_VOTING: "ez du bozkatzen",
    },
    secret_note=(
        "Isilpeko bozketa (ROF 102): guztizkoak eta nork bozkatu duen baino ez dira jasotzen, "
        "inoiz ez kide bakoitzaren botoa."
    ),
    took_part="Bozkatu dute ({n}): {names}.",
    changes_heading="Boto-aldaketak (azkenak balio du)",
    by_proxy="{choice} (ordezkaritzaz, {name}(e)k emana)",
    change="{name}: lehenik «{before}», gero «{after}» ({time})",
    casting_vote="Lehendakaritzaren kalitatezko botoa (ROF 100.2): {choice}.",
    results={
        Result.PASSED: "Onetsia",
        Result.FAILED: "Ezetsia",
        Result.TIED: "Berdinketa",
        Result.PASSED_BY_CASTING_VOTE: "Kalitatezko botoarekin onetsia",
        Result.FAILED_BY_CASTING_VOTE: "Kalitatezko botoarekin ezetsia",
        Result.NO_QUORUM: "Quorumik gabe",
    },
    superseded_repeat="Berdinketagatik errepikatutako bozketa (ROF 100.2)",
    superseded_reopened="Berriz irekitako bozketa: {reason}",
    election_results={
        Result.PASSED: "Hautagaitza hautatua",
        Result.FAILED: "Hautagaitza ez da hautatua",
        Result.TIED: "Berdinketa",
        Result.PASSED_BY_CASTING_VOTE: "Hautagaitza hautatua, kalitatezko botoarekin",
        Result.FAILED_BY_CASTING_VOTE: "Hautagaitza ez da hautatua, kalitatezko botoarekin",
        Result.NO_QUORUM: "Quorumik gabe",
    },
    elected="{result}: {candidate}",
    incidents_heading="Gorabeherak",
    incident={
        IncidentKind.MEMBER_JOINED: "{name} bilkurara sartzen da",
        IncidentKind.MEMBER_LEFT: "{name} bilkuratik irteten da",
        IncidentKind.CONNECTION_LOST: "{name} deskonektatu egin da",
        IncidentKind.CONNECTION_RESTORED: "{name} berriz konektatu da",
        IncidentKind.STEPPED_OUT: "{name} aretotik irteten da",
        IncidentKind.RETURNED: "{name} aretora itzultzen da",
        IncidentKind.RECESS: "Etenaldia, {end} arte",
        IncidentKind.RECUSAL: "{name} abstenitu egiten da, interes-gatazka dela eta{law}",
        IncidentKind.QUORUM_LOST: "Quoruma galtzen da",
        IncidentKind.QUORUM_RESTORED: "Quoruma berreskuratzen da",
        IncidentKind.VOTE_CHANGED: "Boto-aldaketa: {name}",
        IncidentKind.VOTE_REOPENED: "Bozketa berriz irekitzen da",
        IncidentKind.NOTED: "Gorabehera",
        IncidentKind.CHAIR_CHANGED: "Presidentzia: {name}",
    },
    opening="Bilkuraren hasiera",
    closing="Bilkuraren amaiera",
    between="{a}. eta {b}. puntuen artean",
    speech="Esku-hartzea: {name}",
    integrity="Grabazioaren osotasuna",
    integrity_intro=(
        "Grabazioaren jatorrizko zatiak, kamerak eman dituen bezala, eta puntu bakoitzeko "
        "kapitulu bat duen kopia paketatua, fluxuak kopiatuz egina, berriro kodetu gabe. "
        "SHA-256 aztarnak fitxategi bakoitza identifikatzen du: fitxategia aldatzen bada, "
        "aztarna ere aldatzen da."
    ),
    part="{n}. zatia",
    packaged="Grabazio paketatua",
    file="Fitxategia",
    format="Formatua",
    size="Tamaina",
    start="Hasiera",
    end="Amaiera",
    start_source="Hasiera-orduaren iturria",
    start_sources={
        StartSource.SESSION: "bilkuraren fitxategia (session.toml)",
        StartSource.QUICKTIME_CREATIONDATE: "fitxategiaren QuickTime sorrera-data",
        StartSource.CREATION_TIME: "edukiontziaren creation_time",
        StartSource.FILE_NAME: "fitxategiaren izena",
    },
    offset="grabazio paketatuaren {offset} unean hasten da",
    sha256="SHA-256",
    embedded="Datu txertatuak",
    embedded_intro=(
        "Dokumentu honek fitxategi hauek ditu txertatuta, fitxategi elkartu gisa (PDF/A-3), "
        "paketekoen berdinak. Manifestuak paketeko fitxategi bakoitzaren eta grabazioaren "
        "jatorrizko zatien tamaina eta SHA-256 aztarna ematen ditu: dokumentu honen sinadurak "
        "denak estaltzen ditu."
    ),
    contents="Edukia",
    csv_verify="Egiaztatzeko:",
    attachment={
        "manifest.json": "Manifestua: paketeko fitxategi bakoitzaren tamaina eta SHA-256",
        "index.json": "Grabazioaren aurkibidea: puntuak, esku-hartzeak eta bozketak",
        "votes.popolo.json": "Bozketak Popolo formatuan",
        "votes.csv": "Kide bakoitzaren botoa bozketa bakoitzean (isilpekoak izan ezik)",
    },
    signatures="Sinadurak",
    certification=(
        "Idazkaritzak ziurtatzen ditu akta honen edukia eta harekin doan bilkuraren "
        "grabazioaren benetakotasuna eta osotasuna, bertan jasotako SHA-256 aztarnek "
        "identifikatua (40/2015 Legearen 18. artikulua)."
    ),
    certifies="Hala ziurtatzen du",
    visto_bueno="Ikus-onetsia",
    secretary_role="Idazkaritza",
    chair_role="Lehendakaritza",
    mayor_role="Alkatetza",
    group_or_office="Taldea edo kargua",
    video_stream="bideoa: {codec}",
    audio_stream="audioa: {codec}",
)
