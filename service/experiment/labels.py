"""French names of the report's service levels, draft origins and kinds of avoided pages."""

from __future__ import annotations

LEVELS_FR = {"information": "Information (non révisée)", "light_revision": "Révision légère",
             "full_revision": "Révision complète", "certified": "Certifiée"}
ORIGINS_FR = {"memory": "Mémoire", "adapted_memory": "Mémoire adaptée", "machine_shown": "TA affichée",
              "machine_held_back": "TA retenue (peu fiable)", "copied": "Recopié", "no_draft": "Sans pré-traduction"}
AVOIDED_FR = {"scope": "Pages évitées (périmètre)", "reuse": "Pages évitées (réemploi)",
              "standard_form": "Pages évitées (formulaire type)"}
