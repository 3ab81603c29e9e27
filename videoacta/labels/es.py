"""Spanish."""

from videoacta.core.events import Attendance
from videoacta.core.evidence import StartSource
from videoacta.core.proceedings import IncidentKind, ItemStatus
from videoacta.core.tally import Option, Result
from videoacta.core.terms import Call, ItemKind, Language, MajorityKind, Mode, SessionKind, VoteType
from videoacta.core.timeline import Placement
from videoacta.labels.model import Formats, Labels

LABELS = Labels(
    language=Language.ES,
    formats=Formats(
        decimal=",",
        thousands=".",
        months=(
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        date="{weekday}, {day} de {month} de {year}",
        short_date="{day} de {month} de {year}",
    ),
    title="Acta de la sesión {kind} n.º {number}",
    subject="Videoacta de la sesión del {date}: votaciones, índice de la grabación y datos",
    session_kind={
        SessionKind.ORDINARY: "ordinaria",
        SessionKind.EXTRAORDINARY: "extraordinaria",
        SessionKind.URGENT: "extraordinaria y urgente",
    },
    call={Call.FIRST: "primera convocatoria", Call.SECOND: "segunda convocatoria"},
    mode={
        Mode.IN_PERSON: "presencial",
        Mode.REMOTE: "a distancia",
        Mode.MIXED: "mixta, presencial y a distancia",
    },
    body="Órgano",
    session="Sesión",
    session_value="{kind}, n.º {number}",
    call_label="Convocatoria",
    mode_label="Modalidad",
    place="Lugar",
    date="Fecha",
    time="Horario",
    time_span="de {start} a {end}",
    attendance="Asistencia",
    chair="Preside",
    members_present="Miembros presentes",
    excused="Excusan su asistencia",
    absent="Ausentes sin excusa",
    none="ninguno",
    secretary="Secretaría",
    comptroller="Intervención",
    member="Miembro",
    group="Grupo",
    attendance_mode={Attendance.IN_PERSON: "presencial", Attendance.REMOTE: "a distancia"},
    notes="Observaciones",
    arrived="llega a las {time}",
    left="sale a las {time}",
    rejoined="vuelve a las {time}",
    identity="identidad: {identity}",
    quorum="Quórum",
    quorum_required=(
        "Necesario: {required} miembros ({share}, como "
        "mínimo {minimum}), con la presidencia y la secretaría."
    ),
    quorum_opening="En la apertura: {present} miembros presentes — {verdict}.",
    quorum_lowest=(
        "Mínimo en una votación: {present} miembros presentes (punto {item}) — {verdict}."
    ),
    held="se cumple",
    not_held="NO se cumple",
    not_checked="no se comprueba",
    agenda="Orden del día",
    agenda_intro=(
        "La hora de inicio de cada punto abre la grabación ({file}) en ese momento; "
        "la página lleva a la sección del punto."
    ),
    number="N.º",
    item="Punto",
    in_recording="En el vídeo",
    result="Resultado",
    page="Pág.",
    status={
        ItemStatus.DEALT: "Tratado",
        ItemStatus.WITHDRAWN: "Retirado",
        ItemStatus.TABLED: "Sobre la mesa",
        ItemStatus.NOT_DEALT: "No tratado",
    },
    placement={
        Placement.RECORDED: "grabado",
        Placement.PARTIAL: "grabado en parte",
        Placement.NOT_RECORDED: "no grabado",
    },
    no_vote="Sin votación",
    item_kind={
        ItemKind.PROPOSAL: "Propuesta",
        ItemKind.MOTION: "Moción",
        ItemKind.URGENT_MOTION: "Moción urgente",
        ItemKind.ELECTION: "Elección",
        ItemKind.MINUTES: "Acta",
        ItemKind.QUESTION: "Preguntas",
        ItemKind.REQUEST: "Ruegos",
        ItemKind.REPORT: "Dación de cuenta",
    },
    recording="En el vídeo",
    in_camera_note="Tratado a puerta cerrada (ROF 88.1): la deliberación no se publica.",
    interventions="Intervenciones",
    speaker="Interviniente",
    clock="Hora",
    duration="Duración",
    not_in_recording="fuera de la grabación",
    reason="Motivo",
    withdrawn="Retirado del orden del día.",
    tabled="Queda sobre la mesa.",
    not_dealt="No se ha tratado.",
    control_item="Punto de la parte de control: sin votación.",
    recusal="{name} se abstiene y sale de la sala por conflicto de intereses{law}: {reason}",
    vote="Votación",
    vote_round="Votación {n}",
    repeat="repetida por empate (ROF 100.2)",
    reopened="reabierta: {reason}",
    vote_type_label="Tipo",
    vote_type={
        VoteType.ORDINARY: "ordinaria",
        VoteType.NOMINAL: "nominal",
        VoteType.SECRET: "secreta",
    },
    vote_kind={
        VoteType.ORDINARY: "Votación ordinaria",
        VoteType.NOMINAL: "Votación nominal",
        VoteType.SECRET: "Votación secreta",
    },
    majority="Mayoría exigida",
    majority_kind={
        MajorityKind.SIMPLE: "mayoría simple",
        MajorityKind.ABSOLUTE: "mayoría absoluta del número legal de miembros",
        MajorityKind.TWO_THIRDS: (
            "mayoría de dos tercios del número de hecho de miembros y absoluta del número legal"
        ),
        MajorityKind.FRACTION: "mayoría de {fraction} del número legal de miembros",
        MajorityKind.CUSTOM: "{fraction}",  # in words (labels/conditions.py)
    },
    simple_rule="más votos a favor que en contra",
    more_than="más de {n} de voto ponderado",
    at_least="como mínimo {n} de voto ponderado",
    one_vote="{n} voto",
    many_votes="{n} votos",
    reached="alcanzada",
    not_reached="no alcanzada",
    quorum_vote="{present} miembros presentes (se requieren {required}) — {verdict}",
    vote_time="abierta a las {opened}, cerrada a las {closed}",
    options={
        Option.YES: "A favor",
        Option.NO: "En contra",
        Option.ABSTAIN: "Abstenciones",
        Option.ABSENT: "Ausentes",
        Option.RECUSED: "Recusados",
        Option.NOT_VOTING: "No votan",
    },
    blank="En blanco",
    total="Total",
    heads="Votos",
    weighted="Voto ponderado",
    by_group="Por grupos",
    position="Posición",
    positions={
        "yes": "a favor",
        "no": "en contra",
        "abstain": "abstención",
        "absent": "ausente",
        "divided": "dividido",
    },
    each_member="Voto de cada miembro",
    choice="Voto",
    nominal_note=(
        "Votación nominal: llamamiento por orden alfabético, la presidencia en último lugar "
        "(ROF 101)."
    ),
    choices={
        Option.YES: "a favor",
        Option.NO: "en contra",
        Option.ABSTAIN: "abstención",
        Option.ABSENT: "ausente",
        Option.RECUSED: "recusado",
        Option.NOT_VOTING: "no vota",
    },
    secret_note=(
        "Votación secreta (ROF 102): solo constan los totales y quién ha votado, nunca el voto "
        "de cada miembro."
    ),
    took_part="Han votado ({n}): {names}.",
    changes_heading="Cambios de voto (cuenta el último)",
    by_proxy="{choice} (por delegación, voto emitido por {name})",
    change="{name}: de «{before}» a «{after}» a las {time}",
    casting_vote="Voto de calidad de la presidencia (ROF 100.2): {choice}.",
    results={
        Result.PASSED: "Aprobado",
        Result.FAILED: "Rechazado",
        Result.TIED: "Empate",
        Result.PASSED_BY_CASTING_VOTE: "Aprobado con el voto de calidad",
        Result.FAILED_BY_CASTING_VOTE: "Rechazado con el voto de calidad",
        Result.NO_QUORUM: "Sin quórum",
    },
    superseded_repeat="Votación repetida por empate (ROF 100.2)",
    superseded_reopened="Votación reabierta: {reason}",
    election_results={
        Result.PASSED: "Candidatura elegida",
        Result.FAILED: "Candidatura no elegida",
        Result.TIED: "Empate",
        Result.PASSED_BY_CASTING_VOTE: "Candidatura elegida con el voto de calidad",
        Result.FAILED_BY_CASTING_VOTE: "Candidatura no elegida con el voto de calidad",
        Result.NO_QUORUM: "Sin quórum",
    },
    elected="{result}: {candidate}",
    incidents_heading="Incidencias",
    incident={
        IncidentKind.MEMBER_JOINED: "{name} se incorpora a la sesión",
        IncidentKind.MEMBER_LEFT: "{name} sale de la sesión",
        IncidentKind.CONNECTION_LOST: "{name} pierde la conexión",
        IncidentKind.CONNECTION_RESTORED: "{name} recupera la conexión",
        IncidentKind.STEPPED_OUT: "{name} sale de la sala",
        IncidentKind.RETURNED: "{name} vuelve a la sala",
        IncidentKind.RECESS: "Receso hasta las {end}",
        IncidentKind.RECUSAL: "{name} se abstiene por conflicto de intereses{law}",
        IncidentKind.QUORUM_LOST: "Se pierde el quórum",
        IncidentKind.QUORUM_RESTORED: "Se recupera el quórum",
        IncidentKind.VOTE_CHANGED: "{name} cambia su voto",
        IncidentKind.VOTE_REOPENED: "Se reabre la votación",
        IncidentKind.NOTED: "Incidencia",
        IncidentKind.CHAIR_CHANGED: "{name} pasa a presidir",
    },
    opening="Apertura de la sesión",
    closing="Cierre de la sesión",
    between="Entre los puntos {a} y {b}",
    speech="Intervención de {name}",
    integrity="Integridad de la grabación",
    integrity_intro=(
        "Las partes originales de la grabación, tal como las ha entregado la cámara, y la copia "
        "empaquetada con un capítulo por punto, hecha por copia de los flujos, sin recodificar. "
        "La huella SHA-256 identifica cada archivo: cualquier cambio en el archivo la cambia."
    ),
    part="Parte {n}",
    packaged="Grabación empaquetada",
    file="Archivo",
    format="Formato",
    size="Tamaño",
    start="Inicio",
    end="Fin",
    start_source="Fuente de la hora de inicio",
    start_sources={
        StartSource.SESSION: "archivo de la sesión (session.toml)",
        StartSource.QUICKTIME_CREATIONDATE: "fecha de creación QuickTime del archivo",
        StartSource.CREATION_TIME: "creation_time del contenedor",
        StartSource.FILE_NAME: "nombre del archivo",
    },
    offset="empieza en {offset} de la grabación empaquetada",
    sha256="SHA-256",
    embedded="Datos incrustados",
    embedded_intro=(
        "Este documento lleva incrustados, como archivos asociados (PDF/A-3), los archivos "
        "siguientes, idénticos a los del paquete. El manifiesto da el tamaño y la huella SHA-256 "
        "de cada archivo del paquete y de las partes originales de la grabación: la firma de "
        "este documento los cubre todos."
    ),
    contents="Contenido",
    csv_verify="Verificable en",
    attachment={
        "manifest.json": "Manifiesto: tamaño y SHA-256 de cada archivo del paquete",
        "index.json": "Índice de la grabación: puntos, intervenciones y votaciones",
        "votes.popolo.json": "Votaciones en formato Popolo",
        "votes.csv": "Voto de cada miembro en cada votación (sin las secretas)",
    },
    signatures="Firmas",
    certification=(
        "La Secretaría certifica el contenido de esta acta y la autenticidad y la integridad "
        "de la grabación de la sesión que la acompaña, identificada por las huellas SHA-256 "
        "que en ella constan (artículo 18 de la Ley 40/2015)."
    ),
    certifies="Lo certifica",
    visto_bueno="Visto bueno",
    secretary_role="Secretaría",
    chair_role="Presidencia",
    mayor_role="Alcaldía",
    group_or_office="Grupo o cargo",
    video_stream="vídeo {codec}",
    audio_stream="audio {codec}",
)
