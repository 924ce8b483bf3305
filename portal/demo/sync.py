"""Bring a table to a planned set of rows, identified by natural keys, in bulk.

The demo loader describes the rows it wants as dicts of field values (foreign keys by
their ``*_id`` attribute). :func:`sync` creates the missing rows, updates the ones whose
values differ and leaves everything else alone, so loading twice changes nothing and
rows added by hand survive. Bulk writes skip ``save()`` and signals, so objects of
searchable models are (re)indexed here.
"""

from dataclasses import dataclass, field

from django.db import models
from wagtail.search.backends import get_search_backends
from wagtail.search.index import class_is_indexed

BATCH_SIZE = 500


@dataclass
class SyncResult:
    """The primary keys of the synced rows by natural key, and how many were written."""

    pks: dict[tuple, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0

    def pk(self, *key) -> int:
        return self.pks[key]


def sync(model: type[models.Model], rows: list[dict], key_fields: tuple[str, ...]) -> SyncResult:
    """Make ``model``'s rows with the natural keys of ``rows`` hold exactly their values.

    ``key_fields`` name the fields that identify a row (unique among ``rows``); rows of
    the table whose key is not planned are not touched.
    """
    wanted: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[name] for name in key_fields)
        if key in wanted:
            raise ValueError(f"{model.__name__}: the natural key {key} is planned twice")
        wanted[key] = row

    fields = list(rows[0]) if rows else []
    existing = {
        tuple(values[name] for name in key_fields): values
        for values in model._default_manager.filter(
            **{f"{key_fields[0]}__in": {key[0] for key in wanted}}
        ).values("pk", *fields)
    }

    result = SyncResult()
    to_create, to_update, changed_fields = [], [], set()
    for key, row in wanted.items():
        stored = existing.get(key)
        if stored is None:
            to_create.append(model(**row))
            continue
        result.pks[key] = stored["pk"]
        changed = [name for name, value in row.items() if stored[name] != value]
        if changed:
            to_update.append(model(pk=stored["pk"], **row))
            changed_fields.update(changed)

    model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
    for obj in to_create:
        result.pks[tuple(getattr(obj, name) for name in key_fields)] = obj.pk
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
    result.created, result.updated = len(to_create), len(to_update)

    if class_is_indexed(model) and (to_create or to_update):
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, to_create + to_update)
    return result
