"""One page in, its article records out: the pure function a distributed engine maps over its partitions.

`clean_record` takes an item as a scraper writes it (a dict holding the page under `field`, as in a JSON Lines
file) and returns the JSON objects of its articles, exactly as `cleaner clean items.jsonl -f jsonl` writes them
when given the same `file` and `record`. It reads nothing and writes nothing, so dask.bag, Spark's
mapPartitions or a plain multiprocessing pool can call it on any worker.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from .pipeline import clean
from .sources import item_page
from .writers import article_record


def clean_record(item: Mapping[str, Any], *, field: str | None = None, input_type: str = "auto",
                 skip: Iterable[str] = (), favor: str = "balanced", template: frozenset[str] = frozenset(),
                 file: str = "-", record: Any = None) -> list[dict[str, Any]]:
    """The article records of one item: its page is `item[field]` (default: "html", else "text"), HTML or a
    text dump (`input_type`), and its other fields are carried under `meta`, the last key.

    `file` and `record` fill the `file` and `record` keys (a record key only when given); `template` holds the
    site's template keys (`templates.learn`). Raises CleanerError when the item has no such field or its page
    cannot be cleaned (binary data), ValueError for an unknown filter or input type.
    """
    page, meta = item_page(dict(item), field)
    result = clean(page, input_type, skip=skip, favor=favor, template=template)
    extra: dict[str, Any] = {} if record is None else {"record": record}
    extra["meta"] = meta
    return [article_record(article, file, index, extra) for index, article in enumerate(result.articles)]
