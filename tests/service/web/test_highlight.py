"""The editor marks glossary terms with the glossaries library's own matcher, the one drafting and QA use."""

from __future__ import annotations

from glossaries import Concept, Term, Termbase, find_terms
from service.revision import qa
from service.web.highlight import mark_terms

TERMS = Termbase([Concept("pension", (Term("pension d'invalidité", "fr"), Term("invalidity pension", "en"))),
                  Concept("fund", (Term("Krankenkasse", "de"), Term("caisse d'assurance maladie", "fr")))])


class TestMarkTerms:
    def test_what_drafting_found_is_what_the_editor_marks(self) -> None:
        source = "Die Krankenkassen zahlen."
        hits = [h.to_dict() for h in find_terms(TERMS, source, source="de", target="fr")]
        marked = str(mark_terms(source, hits))
        assert '<mark class="term" title="Traduction imposée : caisse d&#39;assurance maladie">Krankenkassen</mark>' \
            in marked

    def test_any_apostrophe_style_is_marked_and_checked_alike(self) -> None:
        source = "La pension d’invalidité est versée."
        hits = [h.to_dict() for h in find_terms(TERMS, source, source="fr", target="en")]
        assert "pension d’invalidité</mark>" in str(mark_terms(source, hits))
        issues = qa.check_glossary(1, hits, "The invalidity pensions are paid.", target_lang="en")
        assert issues == []

    def test_text_is_escaped_and_nothing_is_marked_without_hits(self) -> None:
        assert str(mark_terms("<b>Krankenkasse</b>", [])) == "&lt;b&gt;Krankenkasse&lt;/b&gt;"
