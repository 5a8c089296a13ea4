"""The importers by kind: each app registers its own from its ready(), so that the worker that
confirms an import finds the importer the import was previewed with."""

from .importer import Importer

_importers: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _importers[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    return _importers[kind]
