"""Every kind of letter the portal can issue — whichever app registers it — renders to a tagged PDF (PDF/UA-1) with a
title and the language nl-NL, and its English courtesy translation to one in en-GB (Besluit digitale
toegankelijkheid overheid). The letters of each kind as really issued are checked in the apps' own tests."""

import io
from decimal import Decimal

import pikepdf
import pytest

from letters import registry
from letters.pdf import render_pdf
from tenders import services
from tenders.letters import context_for
from tests.factories import RoundFactory, assessed_application

pytestmark = pytest.mark.django_db


def _info(pdf: bytes) -> dict:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {
            "lang": str(document.Root.Lang),
            "tagged": "/StructTreeRoot" in document.Root and bool(document.Root.MarkInfo.Marked),
            "title": str(document.docinfo.get("/Title", "")),
        }


@pytest.fixture(scope="module")
def kinds():
    return sorted(registry.KINDS)


def _context(officer):
    round_ = RoundFactory(ceiling=Decimal("100000"), allocation_method="first_come")
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    decision = services.decide(
        application=application, outcome="granted", amount=Decimal("10000"), reasons="Past goed.", by=officer
    )
    return {**context_for(decision), "kind": None, "reference": f"{application.reference}/B{decision.pk}"}


def test_every_registered_kind_is_a_tagged_dutch_pdf_with_a_title_and_an_english_translation(
    officer, kinds, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    context = _context(officer)
    assert len(kinds) >= 7
    for name in kinds:
        kind = registry.get(name)
        title = f"{str(kind.label).capitalize()} {context['reference']}"
        dutch = _info(render_pdf(kind.template, {**context, "kind": kind, "title": title}))
        assert dutch == {"lang": "nl-NL", "tagged": True, "title": title}, name
        english_title = f"{name} courtesy translation"
        english = _info(render_pdf(kind.translation_template,
                                   {**context, "kind": kind, "translation_title": english_title}, language="en"))  # fmt: skip
        assert english == {"lang": "en-GB", "tagged": True, "title": english_title}, name
