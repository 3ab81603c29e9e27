"""Catalan."""

from videoacta.events import Attendance
from videoacta.evidence import StartSource
from videoacta.labels.model import Formats, Labels
from videoacta.models import Call, ItemKind, Language, MajorityKind, Mode, SessionKind, VoteType
from videoacta.proceedings import IncidentKind, ItemStatus
from videoacta.tally import Option, Result
from videoacta.timeline import Placement

LABELS = Labels(
    language=Language.CA,
    formats=Formats(
        decimal=",",
        thousands=".",
        months=(
            "de gener",
            "de febrer",
            "de març",
            "d'abril",
            "de maig",
            "de juny",
            "de juliol",
            "d'agost",
            "de setembre",
            "d'octubre",
            "de novembre",
            "de desembre",
        ),
        weekdays=("dilluns", "dimarts", "dimecres", "dijous", "divendres", "dissabte", "diumenge"),
        date="{weekday}, {day} {month} de {year}",
    ),
    title="Acta de la sessió {kind} núm. {number}",
    subject="Acta en vídeo de la sessió del {date}: votacions, índex de l'enregistrament i dades",
    session_kind={
        SessionKind.ORDINARY: "ordinària",
        SessionKind.EXTRAORDINARY: "extraordinària",
        SessionKind.URGENT: "extraordinària i urgent",
    },
    call={Call.FIRST: "primera convocatòria", Call.SECOND: "segona convocatòria"},
    mode={
        Mode.IN_PERSON: "presencial",
        Mode.REMOTE: "a distància",
        Mode.MIXED: "mixta, presencial i a distància",
    },
    body="Òrgan",
    session="Sessió",
    session_value="{kind}, núm. {number}",
    call_label="Convocatòria",
    mode_label="Modalitat",
    place="Lloc",
    date="Data",
    time="Horari",
    time_span="de {start} a {end}",
    attendance="Assistència",
    chair="Presideix",
    members_present="Membres presents",
    excused="Han excusat l'assistència",
    absent="Absents sense excusa",
    none="cap",
    secretary="Secretaria",
    comptroller="Intervenció",
    member="Membre",
    group="Grup",
    attendance_mode={Attendance.IN_PERSON: "presencial", Attendance.REMOTE: "a distància"},
    notes="Observacions",
    arrived="arriba a les {time}",
    left="surt a les {time}",
    rejoined="torna a les {time}",
    identity="identitat: {identity}",
    quorum="Quòrum",
    quorum_required=(
        "Necessari: {required} membres ({fraction} dels {legal} membres de dret, com a mínim "
        "{minimum}), amb la presidència i la secretaria."
    ),
    quorum_opening="A l'obertura: {present} membres presents — {verdict}.",
    quorum_lowest="Mínim en una votació: {present} membres presents (punt {item}) — {verdict}.",
    held="es compleix",
    not_held="NO es compleix",
    agenda="Ordre del dia",
    agenda_intro=(
        "L'hora d'inici de cada punt obre l'enregistrament ({file}) en aquell moment; "
        "la pàgina porta a la secció del punt."
    ),
    number="Núm.",
    item="Punt",
    in_recording="Al vídeo",
    result="Resultat",
    page="Pàg.",
    status={
        ItemStatus.DEALT: "tractat",
        ItemStatus.WITHDRAWN: "retirat",
        ItemStatus.TABLED: "sobre la taula",
        ItemStatus.NOT_DEALT: "no tractat",
    },
    placement={
        Placement.RECORDED: "enregistrat",
        Placement.PARTIAL: "enregistrat en part",
        Placement.NOT_RECORDED: "no enregistrat",
    },
    no_vote="sense votació",
    item_kind={
        ItemKind.PROPOSAL: "Proposta",
        ItemKind.MOTION: "Moció",
        ItemKind.URGENT_MOTION: "Moció urgent",
        ItemKind.ELECTION: "Elecció",
        ItemKind.MINUTES: "Acta",
        ItemKind.QUESTION: "Preguntes",
        ItemKind.REQUEST: "Precs",
        ItemKind.REPORT: "Donar compte",
    },
    recording="Al vídeo",
    in_camera="Tractat a porta tancada (ROF 88.1): la deliberació no es publica.",
    interventions="Intervencions",
    speaker="Intervinent",
    clock="Hora",
    duration="Durada",
    not_in_recording="fora de l'enregistrament",
    reason="Motiu",
    withdrawn="Retirat de l'ordre del dia.",
    tabled="Queda sobre la taula.",
    not_dealt="No s'ha tractat.",
    control_item="Punt de la part de control: sense votació.",
    recusal="{name} s'absté i surt de la sala per conflicte d'interès (LBRL 76): {reason}",
    vote="Votació",
    vote_round="Votació {n}",
    repeat="repetida per empat (ROF 100.2)",
    reopened="reoberta: {reason}",
    vote_type_label="Tipus",
    vote_type={
        VoteType.ORDINARY: "ordinària",
        VoteType.NOMINAL: "nominal",
        VoteType.SECRET: "secreta",
    },
    majority="Majoria",
    majority_kind={
        MajorityKind.SIMPLE: "simple",
        MajorityKind.ABSOLUTE: "absoluta",
        MajorityKind.TWO_THIRDS: "de dos terços",
        MajorityKind.FRACTION: "de {fraction} del nombre legal de membres",
    },
    simple_rule="més vots a favor que en contra",
    more_than="més de {n} vots a favor",
    at_least="com a mínim {n} vots a favor",
    reached="assolida",
    not_reached="no assolida",
    vote_time="oberta a les {opened}, tancada a les {closed}",
    options={
        Option.YES: "A favor",
        Option.NO: "En contra",
        Option.ABSTAIN: "Abstencions",
        Option.ABSENT: "Absents",
        Option.RECUSED: "Recusats",
    },
    blank="En blanc",
    total="Total",
    heads="Vots",
    weighted="Vot ponderat",
    by_group="Per grups",
    position="Posició",
    positions={
        "yes": "a favor",
        "no": "en contra",
        "abstain": "abstenció",
        "absent": "absent",
        "divided": "dividit",
    },
    each_member="Vot de cada membre",
    nominal_note=(
        "Votació nominal: crida per ordre alfabètic, la presidència en darrer lloc (ROF 101)."
    ),
    choices={
        Option.YES: "a favor",
        Option.NO: "en contra",
        Option.ABSTAIN: "abstenció",
        Option.ABSENT: "absent",
        Option.RECUSED: "recusat",
    },
    secret_note=(
        "Votació secreta (ROF 102): només consten els totals i qui ha votat, mai el vot de "
        "cada membre."
    ),
    participants="Han votat ({n}): {names}.",
    changes="Canvis de vot (compta el darrer)",
    change="{name}: de «{before}» a «{after}» a les {time}",
    casting_vote="Vot de qualitat de la presidència (ROF 100.2): {choice}.",
    results={
        Result.PASSED: "Aprovat",
        Result.FAILED: "Rebutjat",
        Result.TIED: "Empat",
        Result.PASSED_BY_CASTING_VOTE: "Aprovat amb el vot de qualitat",
        Result.FAILED_BY_CASTING_VOTE: "Rebutjat amb el vot de qualitat",
        Result.NO_QUORUM: "Sense quòrum",
    },
    superseded_repeat="es repeteix la votació",
    superseded_reopened="la votació es reobre",
    incident={
        IncidentKind.MEMBER_JOINED: "{name} s'incorpora a la sessió",
        IncidentKind.MEMBER_LEFT: "{name} surt de la sessió",
        IncidentKind.CONNECTION_LOST: "{name} perd la connexió",
        IncidentKind.CONNECTION_RESTORED: "{name} recupera la connexió",
        IncidentKind.STEPPED_OUT: "{name} surt de la sala",
        IncidentKind.RETURNED: "{name} torna a la sala",
        IncidentKind.RECESS: "Recés fins a les {end}",
        IncidentKind.RECUSAL: "{name} s'absté per conflicte d'interès (LBRL 76)",
        IncidentKind.QUORUM_LOST: "Es perd el quòrum",
        IncidentKind.QUORUM_RESTORED: "Es recupera el quòrum",
        IncidentKind.VOTE_CHANGED: "{name} canvia el vot",
        IncidentKind.VOTE_REOPENED: "Es reobre la votació",
    },
    opening="Obertura de la sessió",
    closing="Cloenda de la sessió",
    between="Entre els punts {a} i {b}",
    speech="Intervenció de {name}",
    integrity="Integritat de l'enregistrament",
    integrity_intro=(
        "Les parts originals de l'enregistrament, tal com les ha lliurades la càmera, i la còpia "
        "empaquetada amb un capítol per punt, feta per còpia dels fluxos, sense recodificar. "
        "L'empremta SHA-256 identifica cada fitxer: qualsevol canvi en el fitxer la canvia."
    ),
    part="Part {n}",
    packaged="Enregistrament empaquetat",
    file="Fitxer",
    format="Format",
    size="Mida",
    start="Inici",
    end="Final",
    start_source="Font de l'hora d'inici",
    start_sources={
        StartSource.SESSION: "fitxer de la sessió (session.toml)",
        StartSource.QUICKTIME_CREATIONDATE: "data de creació QuickTime del fitxer",
        StartSource.CREATION_TIME: "creation_time del contenidor",
        StartSource.FILE_NAME: "nom del fitxer",
    },
    offset="comença a {offset} de l'enregistrament empaquetat",
    sha256="SHA-256",
    embedded="Dades incrustades",
    embedded_intro=(
        "Aquest document porta incrustats, com a fitxers associats (PDF/A-3), els fitxers "
        "següents, idèntics als del paquet. El manifest dona la mida i l'empremta SHA-256 de "
        "cada fitxer del paquet i de les parts originals de l'enregistrament: la signatura "
        "d'aquest document els cobreix tots."
    ),
    contents="Contingut",
    attachment={
        "manifest.json": "Manifest: mida i SHA-256 de cada fitxer del paquet",
        "index.json": "Índex de l'enregistrament: punts, intervencions i votacions",
        "votes.popolo.json": "Votacions en format Popolo",
        "votes.csv": "Vot de cada membre a cada votació (sense les secretes)",
    },
    signatures="Signatures",
    certification=(
        "La Secretaria certifica el contingut d'aquesta acta i l'autenticitat i la integritat "
        "de l'enregistrament de la sessió que l'acompanya, identificat per les empremtes "
        "SHA-256 que hi consten (article 18 de la Llei 40/2015)."
    ),
    certifies="Ho certifica",
    visto_bueno="Vist i plau",
    secretary_role="Secretaria",
    chair_role="Presidència",
)
