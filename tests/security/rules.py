"""Who may call what: the authorization rule of every route, keyed by (method, path).

A route missing here makes tests/security/test_authorization_matrix.py fail with its name: whoever
adds an endpoint decides, in this table, who may call it.

`allow` lists the roles that get through (any answer but 401/403/404, and no 5xx); every other role
must be refused: 401 for anonymous callers, 403 or 404 for signed-in ones (404 when the request's
existence must not be disclosed). Web pages: anonymous visitors are sent to the sign-in page, other
refused roles to their own home page (3xx) or get 403/404; state-changing forms need a CSRF token,
so without one everybody is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.security.world import CONSULTATION_VIEWERS, PARTNERS, ROLES, SIGNED_IN, STAFF, SUBMITTERS, VIEWERS


@dataclass(frozen=True)
class Rule:
    """Who gets through one route."""

    allow: frozenset[str]
    web: bool = False
    csrf_form: bool = False
    # A download whose object may not exist yet in the world's state (a package not prepared): 409 is a let-through.
    by_state: bool = False


def api(*roles: str | frozenset[str]) -> Rule:
    """An API rule letting `roles` through."""
    allowed: set[str] = set()
    for r in roles:
        allowed |= {r} if isinstance(r, str) else set(r)
    return Rule(frozenset(allowed))


def page(*roles: str) -> Rule:
    """A web page shown to `roles`."""
    return Rule(frozenset(roles), web=True)


PUBLIC = Rule(frozenset(ROLES))
PUBLIC_PAGE = Rule(frozenset(ROLES), web=True)
CSRF_FORM = Rule(frozenset(), web=True, csrf_form=True)

STAFF_VIEWERS = VIEWERS & STAFF  # its assignee, managers, admins (not the pair's other translators)
EDITORS = frozenset({"assignee", "manager", "admin"})

RULES: dict[tuple[str, str], Rule] = {
    # Operations and documentation
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    # Authentication
    ("POST", "/api/auth/token"): PUBLIC,
    ("POST", "/api/auth/logout"): api(SIGNED_IN),
    ("GET", "/api/auth/me"): api(SIGNED_IN),
    ("POST", "/api/auth/password"): api(SIGNED_IN),
    # Accounts and their credentials: administrators
    ("GET", "/api/users/{user_id}"): api("admin"),
    ("POST", "/api/users/{user_id}/password"): api("admin"),
    ("POST", "/api/users/{user_id}/deactivate"): api("admin"),
    ("POST", "/api/users/{user_id}/activate"): api("admin"),
    ("GET", "/api/users/{user_id}/api-keys"): api("admin"),
    ("POST", "/api/users/{user_id}/api-keys"): api("admin"),
    ("DELETE", "/api/users/{user_id}/api-keys/{key_id}"): api("admin"),
    # Caisses and the hosts their callbacks may reach on an internal network: administrators
    ("GET", "/api/caisses"): api("admin"),
    ("GET", "/api/caisses/{code}/callback-hosts"): api("admin"),
    ("POST", "/api/caisses/{code}/callback-hosts"): api("admin"),
    ("DELETE", "/api/caisses/{code}/callback-hosts/{host}"): api("admin"),
    # Requests: submitters submit; each caisse sees only its own; staff see by pair or assignment
    ("POST", "/api/requests"): api(SUBMITTERS),
    ("GET", "/api/requests"): api(SIGNED_IN),
    ("GET", "/api/requests/{request_id}"): api(VIEWERS),
    ("GET", "/api/requests/{request_id}/events"): api(VIEWERS),
    ("GET", "/api/requests/{request_id}/callbacks"): api(VIEWERS),
    ("POST", "/api/requests/{request_id}/cancel"): api("owner", "manager", "admin"),
    ("POST", "/api/requests/{request_id}/retry"): api(STAFF_VIEWERS),
    ("GET", "/api/requests/{request_id}/original"): api(VIEWERS),
    ("GET", "/api/requests/{request_id}/deliverable"): api(VIEWERS),
    # Revision: staff who see the request read it; only its assignee or a manager changes it
    ("POST", "/api/requests/{request_id}/revision/start"): api(EDITORS),
    ("GET", "/api/requests/{request_id}/segments"): api(STAFF_VIEWERS),
    ("GET", "/api/requests/{request_id}/segments/{position}"): api(STAFF_VIEWERS),
    ("PUT", "/api/requests/{request_id}/segments/{position}"): api(EDITORS),
    ("POST", "/api/requests/{request_id}/segments/{position}/confirm"): api(EDITORS),
    ("POST", "/api/requests/{request_id}/segments/{position}/justify"): api(EDITORS),
    ("GET", "/api/requests/{request_id}/qa"): api(STAFF_VIEWERS),
    ("POST", "/api/requests/{request_id}/deliver"): api(EDITORS),
    # Messages on a request: whoever sees the request reads its thread; its caisse, the assigned
    # translator and managers write (another caisse gets 404)
    ("GET", "/api/requests/{request_id}/messages"): api(VIEWERS),
    ("POST", "/api/requests/{request_id}/messages"): api("owner", "assignee", "manager", "admin"),
    ("POST", "/api/requests/{request_id}/messages/{message_id}/read"): api(VIEWERS),
    ("GET", "/api/requests/{request_id}/messages/{message_id}/attachments/{attachment_id}"): api(VIEWERS),
    # Consultations: partners ask; their organisation, the expert routed to and managers follow them;
    # another partner organisation and caisse agents get 404
    ("GET", "/api/consultations"): api(SIGNED_IN),
    ("POST", "/api/consultations"): api(PARTNERS),
    ("GET", "/api/consultations/{consultation_id}"): api(CONSULTATION_VIEWERS),
    ("GET", "/api/consultations/{consultation_id}/messages"): api(CONSULTATION_VIEWERS),
    ("POST", "/api/consultations/{consultation_id}/messages"): api(CONSULTATION_VIEWERS),
    ("POST", "/api/consultations/{consultation_id}/messages/{message_id}/read"): api(CONSULTATION_VIEWERS),
    ("GET", "/api/consultations/{consultation_id}/messages/{message_id}/attachments/{attachment_id}"):
        api(CONSULTATION_VIEWERS),
    ("POST", "/api/consultations/{consultation_id}/answer"): api("expert", "manager", "admin"),
    ("POST", "/api/consultations/{consultation_id}/close"): api(CONSULTATION_VIEWERS),
    ("POST", "/api/consultations/{consultation_id}/reopen"): api(CONSULTATION_VIEWERS),
    ("POST", "/api/consultations/{consultation_id}/convert"): api(CONSULTATION_VIEWERS),
    # Knowledge base: partners and staff read it; the consultation's expert or a manager publishes
    ("GET", "/api/knowledge"): api(PARTNERS, STAFF, "expert"),
    ("POST", "/api/knowledge"): api("expert", "manager", "admin"),
    # Partner organisations: admins create them, managers list them
    ("GET", "/api/partners"): api("manager", "admin"),
    ("POST", "/api/partners"): api("admin"),
    # Routing (issue 7): managers route, override and set thresholds; translators see their own work
    ("GET", "/api/assignment/translators"): api("manager", "admin"),
    ("PUT", "/api/assignment/translators/{translator_id}/levels"): api("manager", "admin"),
    ("POST", "/api/assignment/translators/{translator_id}/absences"): api("manager", "admin"),
    ("GET", "/api/assignment/absences"): api(STAFF),
    ("DELETE", "/api/assignment/absences/{absence_id}"): api("manager", "admin"),
    ("GET", "/api/assignment/mine"): api(STAFF),
    ("GET", "/api/assignment/requests/{request_id}/decisions"): api("assignee", "manager", "admin"),
    ("GET", "/api/assignment/requests/{request_id}/classing"): api("manager", "admin"),
    ("POST", "/api/assignment/requests/{request_id}/route"): api("manager", "admin"),
    ("POST", "/api/assignment/requests/{request_id}/override"): api("manager", "admin"),
    ("GET", "/api/assignment/thresholds"): api("manager", "admin"),
    ("PUT", "/api/assignment/thresholds"): api("manager", "admin"),
    # Vendors and rates: managers read, admins change
    ("GET", "/api/vendors"): api("manager", "admin"),
    ("POST", "/api/vendors"): api("admin"),
    ("PATCH", "/api/vendors/{vendor_id}"): api("admin"),
    ("GET", "/api/vendors/{vendor_id}/contracts"): api("manager", "admin"),
    ("POST", "/api/vendors/{vendor_id}/contracts"): api("admin"),
    ("DELETE", "/api/vendors/{vendor_id}/contracts/{contract_id}"): api("admin"),
    # Outsourced jobs and costs: managers only
    ("GET", "/api/jobs"): api("manager", "admin"),
    ("GET", "/api/jobs/{job_id}"): api("manager", "admin"),
    ("POST", "/api/jobs/{job_id}/send"): api("manager", "admin"),
    ("GET", "/api/jobs/{job_id}/package"): api("manager", "admin"),
    ("GET", "/api/jobs/{job_id}/preview"): api("manager", "admin"),
    ("POST", "/api/jobs/{job_id}/return"): api("manager", "admin"),
    ("POST", "/api/jobs/{job_id}/service-done"): api("manager", "admin"),
    ("POST", "/api/jobs/{job_id}/invoice"): api("manager", "admin"),
    ("POST", "/api/jobs/{job_id}/paid"): api("manager", "admin"),
    ("GET", "/api/costs/ledger"): api("manager", "admin"),
    ("GET", "/api/costs/summary"): api("manager", "admin"),
    # Quotes for external clients: managers; the published price list is set by admins
    ("GET", "/api/quotes"): api("manager", "admin"),
    ("POST", "/api/quotes"): api("manager", "admin"),
    ("GET", "/api/quotes/clients"): api("manager", "admin"),
    ("POST", "/api/quotes/clients"): api("manager", "admin"),
    ("POST", "/api/quotes/clients/{client_id}/invoices"): api("manager", "admin"),
    ("GET", "/api/quotes/invoices"): api("manager", "admin"),
    ("GET", "/api/quotes/prices"): api("manager", "admin"),
    ("POST", "/api/quotes/prices"): api("admin"),
    ("POST", "/api/quotes/{quote_id}/accept"): api("manager", "admin"),
    ("POST", "/api/quotes/{quote_id}/decline"): api("manager", "admin"),
    # Extracted text: read like the document itself (and logged as a read)
    ("GET", "/api/requests/{request_id}/pages"): api(VIEWERS),
    # Added with the page images, scope, offers, quotes and the MT experiment
    ("GET", "/api/requests/{request_id}/pages/{number}/image"): api(VIEWERS),
    ("GET", "/api/requests/{request_id}/standard-form"): api(VIEWERS),
    ("POST", "/api/requests/{request_id}/offer"): api("owner", "manager", "admin"),
    ("PUT", "/api/requests/{request_id}/segments/{position}/extract"): api(STAFF_VIEWERS),
    ("POST", "/api/quotes/{quote_id}/send"): api("manager", "admin"),
    ("GET", "/api/quotes/{quote_id}/pdf"): api("manager", "admin"),
    ("GET", "/api/reports/mt-experiment"): api("manager", "admin"),
    ("GET", "/api/reports/mt-experiment/export"): api("manager", "admin"),
    # Indicators and targets: managers
    ("GET", "/api/indicators"): api("manager", "admin"),
    ("GET", "/api/indicators/breakdowns"): api("manager", "admin"),
    ("GET", "/api/indicators/export"): api("manager", "admin"),
    ("GET", "/api/indicators/dialogue"): api("manager", "admin"),
    ("GET", "/api/indicators/open"): api("manager", "admin"),
    ("GET", "/api/indicators/at-risk"): api("manager", "admin"),
    ("GET", "/api/indicators/targets/{year}"): api("manager", "admin"),
    ("PUT", "/api/indicators/targets/{year}"): api("manager", "admin"),
    ("DELETE", "/api/indicators/targets/{year}"): api("manager", "admin"),
    # The access log of document reads: managers
    ("GET", "/api/access-log"): api("manager", "admin"),
    ("GET", "/api/access-log/export"): api("manager", "admin"),
    # Data-subject rights (GDPR art. 15, 17): administrators
    ("POST", "/api/data-subjects/search"): api("admin"),
    ("POST", "/api/data-subjects/export"): api("admin"),
    ("POST", "/api/data-subjects/erase"): api("admin"),
    ("GET", "/api/data-subjects/actions"): api("admin"),
    # Web pages
    ("GET", "/"): PUBLIC_PAGE,
    ("GET", "/connexion"): PUBLIC_PAGE,
    ("POST", "/connexion"): CSRF_FORM,
    ("POST", "/deconnexion"): CSRF_FORM,
    ("GET", "/portail"): page(*SUBMITTERS),
    ("POST", "/portail/demandes"): CSRF_FORM,
    ("GET", "/portail/demandes/{request_id}"): page("owner"),
    ("GET", "/portail/demandes/{request_id}/ligne"): page("owner"),
    # Downloads from the portal follow the request's visibility (staff reach them from the same links)
    ("GET", "/portail/demandes/{request_id}/traduction"): page(*VIEWERS),
    ("GET", "/portail/demandes/{request_id}/original"): page(*VIEWERS),
    ("GET", "/atelier"): page(*STAFF),
    ("GET", "/atelier/demandes/{request_id}"): page(*STAFF_VIEWERS),
    ("GET", "/atelier/demandes/{request_id}/controle"): page(*STAFF_VIEWERS),
    ("POST", "/atelier/demandes/{request_id}/commencer"): CSRF_FORM,
    ("POST", "/atelier/demandes/{request_id}/justifier"): CSRF_FORM,
    ("POST", "/atelier/demandes/{request_id}/livrer"): CSRF_FORM,
    ("POST", "/atelier/demandes/{request_id}/segments/{position}"): CSRF_FORM,
    ("POST", "/atelier/demandes/{request_id}/segments/{position}/valider"): CSRF_FORM,
    # The thread on the portal and in the editor; consultations and the knowledge base
    ("POST", "/portail/demandes/{request_id}/messages"): CSRF_FORM,
    ("POST", "/atelier/demandes/{request_id}/messages"): CSRF_FORM,
    ("GET", "/portail/demandes/{request_id}/messages/{message_id}/pieces/{attachment_id}"): page(*VIEWERS),
    ("GET", "/consultations"): page(*PARTNERS, *STAFF, "expert"),
    ("POST", "/consultations"): CSRF_FORM,
    ("GET", "/consultations/{consultation_id}"): page(*CONSULTATION_VIEWERS),
    ("GET", "/consultations/{consultation_id}/messages/{message_id}/pieces/{attachment_id}"):
        page(*CONSULTATION_VIEWERS),
    ("POST", "/consultations/{consultation_id}/messages"): CSRF_FORM,
    ("POST", "/consultations/{consultation_id}/reponse"): CSRF_FORM,
    ("POST", "/consultations/{consultation_id}/cloture"): CSRF_FORM,
    ("POST", "/consultations/{consultation_id}/reouverture"): CSRF_FORM,
    ("POST", "/consultations/{consultation_id}/conversion"): CSRF_FORM,
    ("POST", "/consultations/{consultation_id}/publication"): CSRF_FORM,
    ("GET", "/savoirs"): page(*PARTNERS, *STAFF, "expert"),
    ("GET", "/pilotage"): page("manager", "admin"),
    ("GET", "/pilotage/acces"): page("manager", "admin"),
    ("GET", "/pilotage/acces/export"): page("manager", "admin"),
    ("GET", "/pilotage/personnes"): page("admin"),
    ("POST", "/pilotage/personnes"): CSRF_FORM,
    ("POST", "/pilotage/personnes/export"): CSRF_FORM,
    ("POST", "/pilotage/personnes/effacement"): CSRF_FORM,
    ("POST", "/pilotage/demandes/{request_id}/routage"): CSRF_FORM,
    ("POST", "/pilotage/demandes/{request_id}/relancer"): CSRF_FORM,
    ("POST", "/pilotage/travaux/{job_id}/service-fait"): CSRF_FORM,
    # Administration, manager screens, repair and scope forms added this round
    ("GET", "/admin/caisses"): page("admin"),
    ("GET", "/admin/comptes"): page("admin"),
    ("GET", "/admin/comptes/{account_id}"): page("admin"),
    ("GET", "/atelier/demandes/{request_id}/pages/{number}/image"): page(*STAFF_VIEWERS),
    ("GET", "/pilotage/absences"): page("manager", "admin"),
    ("GET", "/pilotage/devis"): page("manager", "admin"),
    ("GET", "/pilotage/devis/{quote_id}/pdf"): page("manager", "admin"),
    ("GET", "/pilotage/experimentation"): page("manager", "admin"),
    ("GET", "/pilotage/externalisation"): page("manager", "admin"),
    ("GET", "/pilotage/externalisation/{job_id}"): page("manager", "admin"),
    ("GET", "/pilotage/externalisation/{job_id}/dossier"): Rule(frozenset({"manager", "admin"}), web=True,
                                                                 by_state=True),
    ("GET", "/pilotage/prestataires"): page("manager", "admin"),
    ("POST", "/admin/caisses"): CSRF_FORM,
    ("POST", "/admin/caisses/{code}/cles"): CSRF_FORM,
    ("POST", "/admin/caisses/{code}/cles/{key_id}/revocation"): CSRF_FORM,
    ("POST", "/admin/caisses/{code}/contact"): CSRF_FORM,
    ("POST", "/admin/caisses/{code}/secret"): CSRF_FORM,
    ("POST", "/admin/comptes"): CSRF_FORM,
    ("POST", "/admin/comptes/{account_id}"): CSRF_FORM,
    ("POST", "/admin/comptes/{account_id}/desactivation"): CSRF_FORM,
    ("POST", "/admin/comptes/{account_id}/mot-de-passe"): CSRF_FORM,
    ("POST", "/admin/comptes/{account_id}/reactivation"): CSRF_FORM,
    ("POST", "/atelier/demandes/{request_id}/langue"): CSRF_FORM,
    ("POST", "/atelier/demandes/{request_id}/segments/{position}/extrait"): CSRF_FORM,
    ("POST", "/pilotage/absences"): CSRF_FORM,
    ("POST", "/pilotage/absences/{absence_id}/retrait"): CSRF_FORM,
    ("POST", "/pilotage/devis"): CSRF_FORM,
    ("POST", "/pilotage/devis/clients"): CSRF_FORM,
    ("POST", "/pilotage/devis/clients/{client_id}/facture"): CSRF_FORM,
    ("POST", "/pilotage/devis/tarifs"): CSRF_FORM,
    ("POST", "/pilotage/devis/{quote_id}/acceptation"): CSRF_FORM,
    ("POST", "/pilotage/devis/{quote_id}/envoi"): CSRF_FORM,
    ("POST", "/pilotage/devis/{quote_id}/refus"): CSRF_FORM,
    ("POST", "/pilotage/externalisation/{job_id}/envoi"): CSRF_FORM,
    ("POST", "/pilotage/externalisation/{job_id}/facture"): CSRF_FORM,
    ("POST", "/pilotage/externalisation/{job_id}/paiement"): CSRF_FORM,
    ("POST", "/pilotage/externalisation/{job_id}/retour"): CSRF_FORM,
    ("POST", "/pilotage/externalisation/{job_id}/service-fait"): CSRF_FORM,
    ("POST", "/pilotage/prestataires"): CSRF_FORM,
    ("POST", "/pilotage/prestataires/{vendor_id}/etat"): CSRF_FORM,
    ("POST", "/pilotage/prestataires/{vendor_id}/tarifs"): CSRF_FORM,
    ("POST", "/pilotage/prestataires/{vendor_id}/tarifs/{contract_id}/retrait"): CSRF_FORM,
    ("POST", "/portail/apercu"): CSRF_FORM,
    ("POST", "/portail/demandes/{request_id}/fichier"): CSRF_FORM,
    ("POST", "/portail/demandes/{request_id}/offre"): CSRF_FORM,
    ("POST", "/portail/demandes/{request_id}/relancer"): CSRF_FORM,
}
