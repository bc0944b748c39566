"""French words for the codes the services store and raise (statuses, origins, error codes)."""

from __future__ import annotations

import re

from babel import Locale

STATUS_LABELS: dict[str, str] = {
    "received": "Reçue",
    "extracting": "Lecture du document",
    "extracted": "Texte extrait",
    "drafting": "Pré-traduction",
    "drafted": "Pré-traduite",
    "assigned": "Attribuée",
    "in_revision": "En révision",
    "delivered": "Livrée",
    "outsourced": "Externalisée",
    "returned": "Retour prestataire",
    "certified": "Service fait certifié",
    "cancelled": "Annulée",
    "failed": "En échec",
}

# Statuses during which background work runs and the page polls for progress.
WORKING_STATUSES = frozenset({"received", "extracting", "extracted", "drafting"})

ORIGIN_LABELS: dict[str, str] = {
    "tm_exact": "Mémoire (exacte)",
    "tm_fuzzy": "Mémoire (approchante)",
    "tm_adapted": "Mémoire (adaptée aux valeurs du document)",
    "copied": "Recopié de la source (noms, adresses, références)",
    "mt": "Traduction automatique",
    "mt_pivot": "Traduction automatique (pivot)",
    "none": "Aucune pré-traduction",
}

# Entity kinds (segments' entities, memory placeholders) in French.
ENTITY_LABELS: dict[str, str] = {
    "person": "personne",
    "address": "adresse",
    "institution": "organisme",
    "identifier": "identifiant",
    "date": "date",
    "amount": "montant",
    "number": "nombre",
    "email": "courriel",
    "url": "adresse web",
}


def draft_note(note: dict) -> str:
    """A drafting note of a segment in French."""
    if note.get("code") == "exonym":
        return f"« {note.get('source')} » est rendu par son nom français « {note.get('target')} »."
    if note.get("code") == "tm_unfilled":
        return ("La phrase de la mémoire contient des éléments sans équivalent dans ce segment ("
                + ", ".join(note.get("placeholders", [])) + ") : complétez-les ou supprimez-les.")
    return str(note.get("code", ""))


CHANNEL_LABELS: dict[str, str] = {"standard": "Standard", "posted_worker_fraud": "Fraude au détachement"}
URGENCY_LABELS: dict[str, str] = {
    "normal": "Normale (21 jours)",
    "urgent": "Urgente (10 jours)",
    "very_urgent": "Très urgente (5 jours)",
}
HANDLED_BY_LABELS: dict[str, str] = {
    "internal": "Interne",
    "trainee": "Apprenti·e",
    "external": "Prestataire",
    "machine": "Traduction automatique (non révisée)",
}

# Scope and service level (issue 19; the checklist is service/translation_request/levels.py).
PURPOSE_LABELS: dict[str, str] = {
    "information": "S'informer du contenu (aucune décision)",
    "triage": "Orienter le dossier, préparer un échange",
    "control": "Contrôle",
    "rights_decision": "Décision sur des droits ou une prestation",
    "recovery": "Recouvrement d'indus",
    "litigation": "Contentieux, juridiction",
    "civil_status": "État civil (transcription, SANDIA)",
}
SERVICE_LEVEL_LABELS: dict[str, str] = {
    "information": "Information : traduction automatique non révisée, livrée aussitôt",
    "light_revision": "Révision légère (10 jours)",
    "full_revision": "Révision complète (21 jours)",
    "certified": "Traduction certifiée (21 jours)",
}
SERVICE_LEVEL_REASONS: dict[str, str] = {
    "purpose.litigation": "un contentieux demande une traduction certifiée",
    "purpose.civil_status": "un acte d'état civil à transcrire demande une traduction certifiée",
    "channel.posted_worker_fraud": "une pièce de fraude au détachement est toujours révisée complètement",
    "purpose.rights_decision": "une décision sur des droits repose sur le texte : révision complète",
    "purpose.control": "un contrôle repose sur le texte : révision complète",
    "purpose.recovery": "un recouvrement repose sur le texte : révision complète",
    "purpose.triage": "orienter un dossier sans décider : révision légère",
    "purpose.information": "s'informer sans décider : traduction automatique non révisée",
    "no_purpose": "usage non précisé : révision complète",
}
SCOPE_LABELS: dict[str, str] = {"full": "Document entier", "extract": "Traduction par extrait"}


def level_reason(reason: str | None) -> str:
    """Why the request has its level, in French ("agent.raised:<rule>": asked above the checklist)."""
    if not reason:
        return ""
    if reason.startswith("agent.raised:"):
        rule = reason.split(":", 1)[1]
        return f"niveau relevé par l'agent (proposition : {SERVICE_LEVEL_REASONS.get(rule, rule)})"
    return SERVICE_LEVEL_REASONS.get(reason, reason)

TRANSLATOR_STATUS_LABELS: dict[str, str] = {"staff": "Salarié·e", "trainee": "Apprenti·e"}
CONSULTATION_STATUS_LABELS: dict[str, str] = {"open": "Ouverte", "answered": "Répondue", "closed": "Close"}
PERSONAL_DATA_LABELS: dict[str, str] = {
    "email": "adresse électronique", "identifier": "identifiant (NIR, IBAN, téléphone...)",
    "date": "date (de naissance ?)", "person": "personne", "name": "nom", "address": "adresse",
    "birth_date": "date de naissance",
}

# The access log in French: what was read, why, through what, by whom.
ACCESS_OBJECT_LABELS: dict[str, str] = {
    "original": "document original", "deliverable": "traduction livrée", "page_image": "image de page",
    "extracted_text": "texte extrait", "segments": "segments", "segment": "segment",
    "vendor_package": "dossier prestataire", "message_attachment": "pièce jointe", "document": "document",
    "subject_export": "export RGPD",
}
ACCESS_PURPOSE_LABELS: dict[str, str] = {
    "download_original": "téléchargement", "download_deliverable": "téléchargement",
    "read_extracted_text": "lecture", "read_segments": "lecture", "read_segment": "lecture",
    "save_segment": "enregistrement", "confirm_segment": "validation", "justify_segment": "justification",
    "download_vendor_package": "téléchargement", "preview_vendor_package": "aperçu avant envoi",
    "download_attachment": "téléchargement", "read_page_image": "lecture", "rights_export": "droit d'accès (art. 15)",
}
ACCESS_CHANNEL_LABELS: dict[str, str] = {"api": "API", "portal": "portail", "editor": "atelier",
                                         "pilotage": "écrans de pilotage"}
ROLE_LABELS: dict[str, str] = {
    "submitter": "agent de caisse", "translator": "traducteur", "manager": "responsable", "admin": "administrateur",
    "expert": "expert", "partner": "partenaire",
}

# Why a submission was refused, in words a caisse agent can act on (keys: ServiceError.code).
ERROR_MESSAGES: dict[str, str] = {
    "invalid_metadata:pages": "Pages à traduire : écrivez des numéros et des plages croissantes séparés par "
    "des virgules (par exemple 1,3-4), ou laissez vide pour tout le document. Un fichier texte ou Word n'a pas "
    "de pages à choisir.",
    "invalid_metadata:scope": "La traduction par extrait est réservée aux actes d'état civil et aux "
    "attestations d'assurance, et demande une révision (pas le niveau « information »).",
    "invalid_metadata:purpose": "Choisissez l'usage de la traduction dans la liste.",
    "invalid_metadata:service_level": "Ce niveau est inférieur à celui que demande l'usage choisi : laissez le "
    "niveau proposé, ou choisissez un niveau plus élevé.",
    "not_an_extract": "Cette demande est une traduction du document entier : il n'y a pas de segments à marquer "
    "pour un extrait.",
    "no_offer_pending": "Aucune proposition n'attend de réponse pour cette demande (elle a déjà reçu une "
    "réponse).",
    "database_unavailable": "Le service est momentanément indisponible ; rien n'a été enregistré. "
    "Réessayez dans une minute.",
    "empty_file": "Le fichier est vide. Choisissez de nouveau le document et renvoyez-le.",
    "too_many_characters": "Le texte est trop long pour une seule demande. Découpez-le en plusieurs fichiers "
    "et envoyez-les séparément.",
    "file_too_large": "Le fichier dépasse la taille autorisée. Scannez-le en résolution plus basse "
    "ou découpez le document.",
    "unsupported_file_type": "Ce format n'est pas accepté. Formats acceptés : PDF, PNG, JPEG, TIFF, "
    "texte (UTF-8), DOCX.",
    "extension_mismatch": "L'extension du fichier ne correspond pas à son contenu. Renommez le fichier "
    "avec la bonne extension ou envoyez le bon document.",
    "unknown_language": "Langue non prise en charge : choisissez une langue dans la liste.",
    "invalid_metadata": "Un champ du formulaire est incorrect ; vérifiez les langues (différentes), "
    "le type de document, le canal et l'urgence.",
    "invalid_metadata:subject_name": "Le nom de la personne concernée est trop long (200 caractères au plus) "
    "ou ne contient pas de lettres ; corrigez-le ou laissez le champ vide.",
    "invalid_metadata:subject_birth_date": "La date de naissance n'est pas une date passée valide ; "
    "choisissez-la dans le calendrier (jj/mm/aaaa) ou laissez le champ vide.",
    "forbidden": "Votre compte n'est rattaché à aucune caisse : demandez à l'administrateur de le rattacher.",
    "csrf_rejected": "Le formulaire a expiré. Rechargez la page et renvoyez-le.",
    "invalid_credentials": "Adresse électronique ou mot de passe incorrect.",
    "too_many_attempts": "Trop de tentatives de connexion. Patientez quelques minutes avant de réessayer.",
    "document_unavailable": "Ce document n'est pas disponible : traduction pas encore livrée, ou fichier "
    "supprimé selon la politique de conservation.",
    "request_not_found": "Demande introuvable, ou vous n'avez pas accès à cette demande.",
    "not_found": "Page introuvable.",
    "not_your_request": "Cette demande est attribuée à un autre traducteur ; demandez à un responsable "
    "de vous la réattribuer.",
    "pair_not_covered": "Vous ne traduisez pas cette paire de langues ; demandez à un responsable de "
    "l'ajouter à votre profil.",
    "not_in_revision": "La révision n'est pas commencée : cliquez sur « Commencer la révision ».",
    "segment_changed": "Ce segment a été modifié entre-temps (par une autre personne ou dans un autre onglet) : "
    "votre texte n'a pas été enregistré. Rechargez la page pour voir le texte actuel, puis reportez-y votre "
    "modification.",
    "segment_not_found": "Segment introuvable ; rechargez la page.",
    "nothing_to_justify": "Il n'y a plus d'anomalie à justifier sur ce segment, ou la justification est trop "
    "courte (3 caractères au moins) ; rechargez le contrôle qualité.",
    "qa_blocking": "Des anomalies bloquantes restent ouvertes : corrigez-les ou justifiez-les "
    "avant de livrer.",
    "not_deliverable": "Cette demande ne peut pas être livrée dans son état actuel.",
    "translator_not_found": "Traducteur introuvable ou inactif.",
    "translator_pair_not_covered": "Ce traducteur ne couvre pas cette paire de langues ; "
    "choisissez-en un autre "
    "ou externalisez.",
    "not_routable": "Cette demande ne peut plus être routée dans son état actuel.",
    "vendor_not_found": "Prestataire introuvable.",
    "missing_rate": "Aucun tarif de contrat ne couvre cette paire chez ce prestataire ; complétez le contrat "
    "ou choisissez un autre prestataire.",
    "invalid_input": "Saisie incomplète ou invalide : vérifiez les champs du formulaire puis réessayez.",
    "routing_choice_missing": "Choisissez un traducteur ou un prestataire.",
    "xliff_version_missing": "Choisissez le format XLIFF 2.0 ou 1.2.",
    "invalid_year": "Année non prise en charge.",
    "empty_message": "Écrivez le message ou joignez un fichier.",
    "message_too_long": "Le message est trop long (10 000 caractères au plus) ; joignez plutôt un document.",
    "too_many_attachments": "5 pièces jointes au plus par message ; envoyez les autres dans un second message.",
    "not_in_thread": "Seuls la caisse, le traducteur attributaire et les responsables écrivent sur cette demande.",
    "wait_not_allowed": "Seuls le traducteur attributaire et les responsables mettent une demande en attente.",
    "message_not_found": "Message introuvable ; rechargez la page.",
    "attachment_not_found": "Pièce jointe introuvable, ou supprimée selon la politique de conservation.",
    "consultation_not_found": "Consultation introuvable, ou vous n'y avez pas accès.",
    "not_a_partner": "Seuls les comptes d'un organisme partenaire posent des consultations.",
    "staff_only": "Seul l'expert de la consultation ou un responsable peut le faire.",
    "illegal_consultation_move": "Cette action n'est plus possible dans l'état actuel de la consultation ; "
    "rechargez la page.",
    "invalid_consultation": "Un champ est incorrect : choisissez le pays et le type de document, et écrivez la "
    "question (10 caractères au moins).",
    "already_converted": "Cette consultation a déjà donné lieu à une demande de traduction.",
    "no_document": "Aucun document n'est joint : joignez-le dans un message avant de demander sa traduction.",
    "consultation_not_answered": "La consultation n'a pas encore de réponse : répondez avant de publier.",
    "already_published": "Cette réponse est déjà publiée dans la base de savoirs.",
    "personal_data_left": "La fiche contient encore des données qui semblent personnelles (surlignées) : "
    "retirez-les, ou cochez la case si ce n'en sont pas.",
    "unknown_export_format": "Format d'export inconnu : choisissez CSV ou Excel (XLSX).",
    "subject_criteria_missing": "Indiquez le nom et la date de naissance de la personne, ou l'un de ses "
    "identifiants (NIR, IBAN, numéro d'assuré…) : un nom seul désigne trop de personnes.",
    "original_not_redactable": "Le document d'origine ne peut pas être envoyé caviardé (format texte ou Word, ou "
    "document supprimé) : envoyez le dossier sans l'original, le fichier XLIFF contient tout le texte masqué.",
    "redaction_incomplete": "Certaines données personnelles n'ont pas été retrouvées sur les pages : l'original "
    "caviardé n'a pas été envoyé. Envoyez le dossier sans l'original.",
    "package_purged": "Le dossier prestataire a été supprimé selon la politique de conservation.",
    # Every other error a service raises, so that no page falls back to the English detail
    # (tests/service/web/test_labels.py walks every ServiceError code).
    "conflict": "Cette action entre en conflit avec l'état actuel ; rechargez la page.",
    "unauthorized": "Connectez-vous pour continuer.",
    "invalid_token": "Votre session a expiré : connectez-vous de nouveau.",
    "api_key_not_a_session": "Une clé d'API ne s'utilise pas pour cette action : connectez-vous avec votre compte.",
    "wrong_password": "Le mot de passe actuel est incorrect.",
    "callback_url_refused": "L'adresse de rappel n'est pas une adresse publique : donnez l'adresse publique de "
    "votre logiciel, ou demandez à l'administrateur d'autoriser cet hôte pour votre caisse.",
    "invalid_callback_host": "Ce n'est pas un nom d'hôte ni une adresse IP : donnez seulement l'hôte de l'adresse "
    "de rappel (sans https://, port ni chemin).",
    "already_taken": "Un autre traducteur vient de prendre cette demande ; choisissez-en une autre dans la file.",
    "revision_not_startable": "La révision ne peut pas commencer : la pré-traduction n'est pas encore prête.",
    "nothing_to_deliver": "Aucun texte traduit à livrer : vérifiez que le texte a été extrait et révisé.",
    "drafting_failed": "La pré-traduction s'est arrêtée sur une erreur ; la cellule traduction peut la relancer.",
    "contract_not_found": "Tarif de contrat introuvable ; rechargez la page.",
    "invalid_contract": "Un champ du contrat est incorrect : vérifiez l'unité, les tarifs, le minimum et le délai.",
    "job_not_found": "Travail externalisé introuvable ; rechargez la page.",
    "job_state_conflict": "Cette étape n'est pas possible dans l'état actuel du travail externalisé ; rechargez "
    "la page.",
    "xliff_rejected": "Le fichier XLIFF du prestataire est refusé et rien n'a été modifié : vérifiez qu'il "
    "s'agit du retour de ce travail, complet, puis renvoyez-le.",
    "client_not_found": "Client introuvable ; rechargez la page.",
    "client_exists": "Un client ou un compte existe déjà avec ce nom ou cette adresse ; choisissez-en un autre.",
    "quote_not_found": "Devis introuvable ; rechargez la page.",
    "missing_price": "La grille tarifaire n'a pas de prix pour cette paire et cette classe : ajoutez-le avant "
    "d'établir le devis.",
    "quote_not_open": "Ce devis n'est plus modifiable (envoyé, accepté, refusé ou expiré).",
    "nothing_to_invoice": "Aucun travail livré ne reste à facturer pour ce client.",
    "invalid_absence": "Une absence se termine le jour où elle commence ou après : corrigez les dates.",
    "invalid_thresholds": "Les seuils de routage sont incorrects : vérifiez les valeurs saisies.",
    "invalid_period": "La période est vide : la date de fin doit suivre la date de début.",
    "invalid_target": "Une cible d'indicateur est incorrecte : vérifiez la valeur saisie.",
    "history_header_invalid": "La première ligne du fichier d'historique ne nomme pas les colonnes attendues ; "
    "voyez le modèle docs/history-example.csv.",
    "history_not_utf8": "Le fichier d'historique n'est pas un texte lisible (UTF-8, UTF-16 ou Windows-1252) : "
    "exportez-le de nouveau en CSV UTF-8.",
    "history_file_invalid": "Des lignes du fichier d'historique sont incorrectes ; rien n'a été importé.",
    "memory_invalid_tmx": "Le fichier de mémoire n'est pas un TMX valide ; exportez-le de nouveau.",
    "page_image_unavailable": "L'image de cette page n'est pas disponible (supprimée avec l'original selon la "
    "politique de conservation, ou page inexistante).",
    "partner_not_found": "Organisme partenaire introuvable ; vérifiez son code.",
    "partner_exists": "Ce code est déjà pris par un partenaire ou une caisse ; choisissez-en un autre.",
    "invalid_partner_code": "Le code compte 2 à 24 majuscules, chiffres ou tirets.",
    # Administration (accounts, caisses, API keys).
    "account_exists": "Un compte existe déjà avec cette adresse électronique ; ouvrez-le dans la liste "
    "ou choisissez une autre adresse.",
    "invalid_account": "Un champ du compte est incorrect ; vérifiez le rôle, la caisse et les paires de langues.",
    "invalid_account:role": "Rôle inconnu, ou rôle de partenaire sans organisme : choisissez un rôle dans la liste "
    "(un compte partenaire se crée avec son organisme).",
    "invalid_account:caisse": "Un agent de caisse est rattaché à une caisse : choisissez sa caisse.",
    "invalid_account:partner": "Un compte partenaire est rattaché à un organisme : choisissez l'organisme.",
    "invalid_account:pairs": "Une paire de langues est mal écrite : écrivez langue source>langue cible avec les "
    "codes ISO (de>fr, en>fr), séparées par des virgules.",
    "invalid_account:capacity": "La capacité est un nombre de pages par jour entre 0 et 100.",
    "invalid_account:countries": "Code pays inconnu : utilisez les codes ISO 3166 (MA, PT, PL…).",
    "invalid_account:password": "Le mot de passe doit compter au moins 12 caractères.",
    "invalid_account:key_name": "Donnez à la clé le nom du logiciel qui l'utilise (100 caractères au plus).",
    "user_not_found": "Compte introuvable ou inactif ; rechargez la page.",
    "api_key_not_found": "Clé d'API introuvable pour cette caisse ; rechargez la page.",
    "weak_password": "Mot de passe refusé : 12 caractères au moins, et jamais le mot de passe de démonstration "
    "hors démonstration.",
    "caisse_not_found": "Caisse introuvable ; vérifiez son code.",
    "caisse_exists": "Une caisse porte déjà ce code ; choisissez-en un autre.",
    "invalid_caisse:code": "Le code de la caisse compte 2 à 32 majuscules, chiffres, « - » ou « _ » (ex. CPAM69).",
    "invalid_caisse:name": "Le nom de la caisse est obligatoire (200 caractères au plus).",
    "invalid_caisse:kind": "Choisissez le type de caisse dans la liste.",
    "invalid_caisse:contact_email": "Le courriel du contact n'est pas une adresse électronique valide.",
    "invalid_caisse:contact_name": "Le nom du contact compte 200 caractères au plus.",
    "invalid_caisse:contact_phone": "Le téléphone du contact ne contient que des chiffres, espaces, « + », « . », "
    "« - » ou parenthèses.",
    "illegal_transition": "Cette action n'est plus possible dans l'état actuel de la demande ; "
    "rechargez la page.",
}

# What went wrong, in French, for each failure code a background step records (TranslationRequest.failure_code).
# The English `failure_detail` stays for support and the API; pages show these.
FAILURE_REASONS: dict[str, str] = {
    "not_redactable": "Le document n'a pas d'images de pages à caviarder (texte brut ou Word) : seul son texte, "
    "masqué, peut partir chez le prestataire.",
    "encrypted_pdf": "Le PDF est protégé par un mot de passe : son texte ne peut pas être lu.",
    "corrupt_document": "Le fichier est endommagé ou incomplet : il n'a pas pu être ouvert.",
    "no_pages": "Le document ne contient aucune page.",
    "image_too_large": "L'image est trop grande pour être lue (nombre de pixels au-delà de la limite).",
    "too_many_pages": "Le document dépasse le nombre de pages qu'une demande peut contenir.",
    "too_many_characters": "Le texte dépasse la longueur qu'une demande peut contenir.",
    "too_many_segments": "Le document compte plus de phrases qu'une demande ne peut en contenir.",
    "document_too_large": "Le fichier Word est anormalement volumineux une fois décompressé.",
    "unsupported_language": "La langue déclarée n'est pas prise en charge par la lecture automatique.",
    "missing_language_pack": "La lecture automatique de la langue déclarée n'est pas installée sur le serveur.",
    "unsupported_format": "Le format du fichier n'est pas lisible.",
    "ocr_engine_failed": "La lecture automatique (OCR) s'est arrêtée sur une erreur.",
    "ocr_failed": "La lecture automatique (OCR) du document a échoué.",
    "no_text": "Aucun texte n'a été trouvé dans le document.",
    "original_missing": "Le document d'origine n'est plus conservé.",
    "time_limit_exceeded": "Le traitement automatique a dépassé le temps permis.",
    "extraction_failed": "La lecture du document s'est arrêtée sur une erreur inattendue.",
    "drafting_failed": "La pré-traduction s'est arrêtée sur une erreur inattendue ; le texte lu est conservé.",
    "mt_error": "Le moteur de traduction automatique s'est arrêté sur une erreur ; le texte lu est conservé.",
    "mt_unsupported_pair": "Aucun modèle de traduction automatique ne couvre cette paire de langues.",
    "mt_model_not_found": "Le modèle de traduction automatique de cette paire n'est pas installé.",
    "mt_corrupt_model": "Le modèle de traduction automatique de cette paire est endommagé.",
    "routing_failed": "L'attribution automatique s'est arrêtée sur une erreur ; les pré-traductions sont "
    "conservées.",
    "task_failed": "Le traitement automatique s'est arrêté sur une erreur inattendue.",
    "page_not_in_document": "Les pages demandées dépassent le nombre de pages du document.",
    "unrevised_delivery_failed": "La livraison de la traduction automatique s'est arrêtée sur une erreur.",
}
DEFAULT_REASON = "Le traitement automatique s'est arrêté sur une erreur."

# What the caisse should do when a request failed (keys: TranslationRequest.failure_code).
FAILURE_ADVICE: dict[str, str] = {
    "page_not_in_document": "Renvoyez la demande en choisissant des pages qui existent dans le document, ou "
    "laissez le champ des pages vide pour tout traduire.",
    "encrypted_pdf": "Le PDF est protégé par un mot de passe. Enregistrez-le sans protection et renvoyez-le.",
    "corrupt_document": "Le fichier est endommagé. Exportez ou scannez-le de nouveau et renvoyez-le.",
    "no_pages": "Le document ne contient aucune page. Vérifiez le fichier et renvoyez-le.",
    "image_too_large": "L'image est trop grande. Scannez-la en 300 dpi au plus et renvoyez-la.",
    "too_many_pages": "Le document a trop de pages. Découpez-le en plusieurs envois.",
    "too_many_characters": "Le texte est trop long pour une seule demande. Découpez-le en plusieurs envois, "
    "par chapitre ou par groupe de pages.",
    "too_many_segments": "Le document compte trop de phrases pour une seule demande. Découpez-le en plusieurs "
    "envois, par chapitre ou par groupe de pages.",
    "document_too_large": "Le fichier Word est anormalement volumineux une fois décompressé (souvent un fichier "
    "généré ou piégé). Enregistrez-le de nouveau depuis Word, ou exportez-le en PDF, et renvoyez cette copie.",
    "unsupported_language": "Cette langue n'est pas encore prise en charge pour la lecture automatique. "
    "Contactez la cellule traduction, qui traitera le document manuellement.",
    "missing_language_pack": "La lecture automatique de cette langue n'est pas installée. La cellule "
    "traduction a été prévenue et relancera le traitement.",
    "unsupported_format": "Ce format n'est pas lisible. Renvoyez le document en PDF, image ou DOCX.",
    "ocr_engine_failed": "La lecture automatique a échoué. La cellule traduction relancera le traitement ; "
    "si cela se répète, renvoyez un scan plus net (300 dpi, page à plat).",
    "no_text": "Aucun texte n'a été trouvé (pages blanches, photo sans écrit). Vérifiez le fichier et "
    "renvoyez un scan lisible ou le document numérique.",
    "original_missing": "Le document d'origine n'est plus disponible. Renvoyez-le.",
    "time_limit_exceeded": "Le traitement automatique a dépassé le temps permis (document très long ou "
    "très complexe). Découpez le document en plusieurs envois ; la cellule traduction peut aussi le relancer.",
}
DEFAULT_ADVICE = (
    "L'équipe de traduction a été prévenue et relancera le traitement. Si le problème persiste, "
    "renvoyez le document ou contactez la cellule traduction."
)


def error_message(code: str, detail: str = "") -> str:
    """The French message for a service error `code` (the English detail when none is known)."""
    return ERROR_MESSAGES.get(code, detail or "La demande n'a pas pu être traitée.")


def failure_reason(code: str | None) -> str:
    """What went wrong with a failed request, in French."""
    return FAILURE_REASONS.get(code or "", DEFAULT_REASON)


def failure_advice(code: str | None) -> str:
    """What the caisse can do about a failed request."""
    return FAILURE_ADVICE.get(code or "", DEFAULT_ADVICE)


def language_name(code: str) -> str:
    """A language's French name from CLDR (Babel): "de" -> "allemand"; the code itself when unknown."""
    return Locale("fr").languages.get(code, code)


def _pages(numbers: str) -> str:
    return ("la page " if "," not in numbers else "les pages ") + numbers


# The warnings the OCR library and extraction store in English, as patterns with their French wording.
# A warning matching none is shown as stored (tests/service/web/test_labels.py makes every known one match).
WARNING_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"Page (\d+) was read with low confidence \((\d+)/100\)"),
     lambda m: f"La page {m[1]} a été lue avec une confiance faible ({m[2]}/100) : comparez le texte au scan, "
               "ou envoyez un scan plus net (300 dpi, droit, bien éclairé)."),
    (re.compile(r"Page (\d+) is very large; it was read at (\d+) DPI instead of (\d+)"),
     lambda m: f"La page {m[1]} est très grande : elle a été lue à {m[2]} dpi au lieu de {m[3]}."),
    (re.compile(r"No text was found in the document"),
     lambda m: "Aucun texte n'a été trouvé dans le document : vérifiez qu'il ne s'agit pas d'un fichier blanc "
               "ou d'une simple photo."),
    (re.compile(r"No text was found on page\(s\) ([\d, ]+)\."),
     lambda m: f"Aucun texte n'a été trouvé sur {_pages(m[1])}."),
    (re.compile(r"The text looks like '([a-z]+)', not the declared '([a-z]+)'"),
     lambda m: f"Le texte semble être en {language_name(m[1])}, et non en {language_name(m[2])} comme déclaré : "
               "vérifiez la langue source de la demande (la lecture a utilisé la langue déclarée)."),
    (re.compile(r"Page\(s\) ([\d, ]+) look like another language than the declared '([a-z]+)'"),
     lambda m: f"{_pages(m[1]).capitalize()} {'semble écrite' if ',' not in m[1] else 'semblent écrites'} "
               f"dans une autre langue que la langue déclarée ({language_name(m[2])})."),
    (re.compile(r"(\d+) pages: documents over (\d+) pages are counted apart"),
     lambda m: f"{m[1]} pages : les documents de plus de {m[2]} pages sont comptés à part dans l'indicateur "
               "des livraisons tardives (IR.8.3)."),
]


def warning_fr(text: str) -> str:
    """A stored request warning in French (those written in French already are returned as they are)."""
    for pattern, word in WARNING_PATTERNS:
        match = pattern.search(text)
        if match:
            return str(word(match))  # type: ignore[operator]
    return text
