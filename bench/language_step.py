"""A slider step's script time in each language, against English, in one run.

One AppTest session per language opens the map page on the same day, then every session
steps the date slider one day right, one day left, ... in turn (so a slow spell of the
shared host falls on all alike); each step is timed from the slider's new value until the
page's run has finished. The first round warms each language's caches (its views, labels
and catalogue) and is not counted. AppTest runs the whole page on each step (it has no
fragment runs), the map's fragment and all: this measures the script alone, without a
server or a browser around it, which is where a language could cost more.

    python bench/language_step.py [--steps 40]

Target (issue 24): a step in any language costs no more than in English (median ratio to
English <= 1.1, the noise of this measure on the shared host).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from apphelpers import run_app  # noqa: E402

from geo.i18n import LANGUAGES  # noqa: E402

START = date(2020, 11, 19)
TARGET = 1.1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    sessions = {code: run_app({"date": START.isoformat(), "lang": code}) for code in LANGUAGES}
    timings: dict[str, list[float]] = {code: [] for code in LANGUAGES}
    days = [date(2020, 11, 20), START]
    for step in range(args.steps + 1):
        for code, at in sessions.items():
            slider = at.select_slider(key="date_slider")
            started = time.perf_counter()
            slider.set_value(days[step % 2]).run()
            elapsed = time.perf_counter() - started
            assert not at.exception, at.exception
            if step:  # the first round fills the caches
                timings[code].append(elapsed)
    english = statistics.median(timings["en"])
    print(f"{args.steps} steps per language, median script time of a step:")
    for code, times in timings.items():
        ratio = statistics.median(times) / english
        print(f"  {code}: {statistics.median(times) * 1000:6.1f} ms  "
              f"(p90 {statistics.quantiles(times, n=10)[-1] * 1000:6.1f} ms)  "
              f"x{ratio:.2f} of English  {'ok' if ratio <= TARGET else 'SLOWER'}")


if __name__ == "__main__":
    main()
