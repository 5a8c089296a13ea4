"""What every step of the scale data generator shares."""

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from ..writer import TableWriter, next_id
from .tables import volumes


@dataclass
class Generated:
    counts: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)


class GeneratorBase:
    """What every step shares: the scale, one seeded random generator, the clock, the ids handed
    out per model, and the rows written and seconds spent per table."""

    def __init__(self, *, scale: float, seed: int = 20150101, today: dt.date | None = None):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        # The data's clock is this morning's midnight, not the minute it runs: dates derived
        # from moments (an exchange's day, its step's due date) then decide the same draws at
        # any hour, so a seed gives the same data all day long.
        self.now = timezone.make_aware(dt.datetime.combine(self.today, dt.time.min))
        self.volumes = volumes(scale)
        self.result = Generated()
        self.ids = {}

    # --- helpers

    def _id(self, model) -> int:
        value = self.ids.get(model) or next_id(model)
        self.ids[model] = value + 1
        return value

    def _writer(self, model, fields) -> TableWriter:
        return TableWriter(model, ["id", *fields] if "id" not in fields else fields)

    def _done(self, name: str, writer_or_count, started: float) -> None:
        count = writer_or_count.close() if isinstance(writer_or_count, TableWriter) else 0
        self.result.counts[name] += count
        self.result.seconds[name] = round(
            self.result.seconds.get(name, 0) + time.perf_counter() - started, 2
        )

    def _moment(self, days_ago_max: int, days_ago_min: int = 0) -> dt.datetime:
        seconds = self.rng.randint(days_ago_min * 86400, max(days_ago_min, days_ago_max) * 86400)
        return self.now - dt.timedelta(seconds=seconds)

    def _weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]
