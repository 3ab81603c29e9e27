"""The words of the transcript's annex to the acta, in the five languages of the acta."""

from videoacta.core.terms import Frozen, Language


class TranscriptWords(Frozen):
    annex: str  # the annex's heading
    reviewed: str  # {by}, {date}
    intro: str
    time: str
    speaker: str
    text: str


WORDS = {
    Language.CA: TranscriptWords(
        annex="Annex: transcripció del debat",
        reviewed="Transcripció revisada per {by} el {date}.",
        intro=(
            "Transcripció de les intervencions, feta per reconeixement automàtic de la parla i "
            "revisada. Els temps són posicions a l'enregistrament; el que val és "
            "l'enregistrament. Els punts tractats a porta tancada no es transcriuen."
        ),
        time="Temps",
        speaker="Qui parla",
        text="Text",
    ),
    Language.ES: TranscriptWords(
        annex="Anexo: transcripción del debate",
        reviewed="Transcripción revisada por {by} el {date}.",
        intro=(
            "Transcripción de las intervenciones, hecha por reconocimiento automático del habla "
            "y revisada. Los tiempos son posiciones en la grabación; lo que vale es la "
            "grabación. Los puntos tratados a puerta cerrada no se transcriben."
        ),
        time="Tiempo",
        speaker="Quién habla",
        text="Texto",
    ),
    Language.EN: TranscriptWords(
        annex="Annex: transcript of the debate",
        reviewed="Transcript reviewed by {by} on {date}.",
        intro=(
            "Transcript of the interventions, made by automatic speech recognition and "
            "reviewed. Times are positions in the recording; the recording is what counts. "
            "Items debated in camera are not transcribed."
        ),
        time="Time",
        speaker="Speaker",
        text="Text",
    ),
    Language.GL: TranscriptWords(
        annex="Anexo: transcrición do debate",
        reviewed="Transcrición revisada por {by} o {date}.",
        intro=(
            "Transcrición das intervencións, feita por recoñecemento automático da fala e "
            "revisada. Os tempos son posicións na gravación; o que vale é a gravación. Os "
            "puntos tratados a porta pechada non se transcriben."
        ),
        time="Tempo",
        speaker="Quen fala",
        text="Texto",
    ),
    Language.EU: TranscriptWords(
        annex="Eranskina: eztabaidaren transkripzioa",
        reviewed="Transkripzioa berrikusi du: {by}, {date}.",
        intro=(
            "Esku-hartzeen transkripzioa, hizketa automatikoki ezagutuz egina eta berrikusia. "
            "Denborak grabazioko posizioak dira; grabazioak balio du. Ate itxien atzean "
            "eztabaidatutako gaiak ez dira transkribatzen."
        ),
        time="Denbora",
        speaker="Hizlaria",
        text="Testua",
    ),
}


def transcript_words(language: Language) -> TranscriptWords:
    return WORDS[language]
