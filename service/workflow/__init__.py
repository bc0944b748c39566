"""Steps that span domains, written once (like dispatch's `incident/flows.py`).

Domain services never import each other in circles: when one business step touches several domains
(cancelling a request withdraws its vendor job; "service done" on a vendor's return delivers the
translation), the flow lives here and calls each domain's service in turn. Endpoints, pages and tasks
call these flows; domain services never import `service.workflow` (an import-linter contract).
"""
