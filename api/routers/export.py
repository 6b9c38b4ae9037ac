"""The documents in the standards of the field: ``/id/{doc}.akn.xml`` (Akoma Ntoso 3.0) and
``/id/{doc}.lrml.xml`` (LegalRuleML), read from the graph by :mod:`dvo_kb.export`. Registered
before the ``/id/{path:path}`` pages, so these two suffixes are answered here."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from ...errors import UserError
from ...export.write import exporter
from ...store import KnowledgeBase
from ..deps import kb_dep
from ..errors import ApiError

router = APIRouter(tags=["export"])
MEDIA = {"akn": "application/akn+xml", "legalruleml": "application/xml"}


async def _export(kb: KnowledgeBase, fmt: str, doc: str) -> Response:
    try:
        data = await asyncio.to_thread(exporter(fmt), kb, doc)
    except UserError as exc:
        raise ApiError(404, "unknown_document", str(exc)) from None
    return Response(data, media_type=MEDIA[fmt])


@router.get("/id/{doc}.akn.xml", summary="A document as Akoma Ntoso 3.0 XML (OASIS LegalDocML)",
            response_class=Response, responses={200: {"content": {"application/akn+xml": {}}},
                                                404: {"description": "no document with articles of that id"}})
async def akn_xml(doc: str, kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    return await _export(kb, "akn", doc)


@router.get("/id/{doc}.lrml.xml", summary="The norms of a document as LegalRuleML (OASIS, 2021)",
            response_class=Response, responses={200: {"content": {"application/xml": {}}},
                                                404: {"description": "no document with articles of that id"}})
async def lrml_xml(doc: str, kb: KnowledgeBase = Depends(kb_dep)) -> Response:
    return await _export(kb, "legalruleml", doc)
