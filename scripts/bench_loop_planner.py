"""Benchmark the loop story planner on a realistic loop: 6 rounds, 60 stories.

    .venv/bin/python scripts/bench_loop_planner.py [--rounds 6] [--stories 60] [--runs 50]

Pure Python, no database: it times interviews.planner.plan_loop alone, on a seeded random
bank where every story maps to one primary and up to two secondary principles, and each
round covers three principles. Prints min / median / max over the runs and the plan's size.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interviews.planner import PlanRequest, RoundSpec, StoryFacts, plan_loop
from stories.principles import LEADERSHIP_PRINCIPLES

SLUGS = [slug for slug, _, _ in LEADERSHIP_PRINCIPLES]


def build_request(rounds: int, stories: int, seed: int) -> PlanRequest:
    rng = random.Random(seed)
    bank = tuple(
        StoryFacts(
            id=i + 1,
            title=f"Story {i + 1}",
            primary_principle=rng.choice(SLUGS),
            secondary_principles=tuple(rng.sample(SLUGS, rng.randint(0, 2))),
            checks_passed=rng.randint(0, 7),
            status=rng.choice(["idea", "draft", "ready", "polished"]),
            level=rng.choice(["", "L6", "L7"]),
            confidence=rng.randint(1, 5),
            rehearsed=rng.random() < 0.6,
            rehearsal_overdue=rng.random() < 0.3,
            last_rating=rng.randint(1, 4),
        )
        for i in range(stories)
    )
    loop_rounds = tuple(
        RoundSpec(r + 1, f"round {r + 1}", tuple(rng.sample(SLUGS, 3))) for r in range(rounds)
    )
    return PlanRequest(rounds=loop_rounds, stories=bank, level="L7")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--stories", type=int, default=60)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    timings, plan = [], None
    for run in range(args.runs):
        request = build_request(args.rounds, args.stories, seed=run)
        started = time.perf_counter()
        plan = plan_loop(request)
        timings.append((time.perf_counter() - started) * 1000)
    slots = args.rounds * 3
    print(
        f"plan_loop: {args.rounds} rounds x 3 principles ({slots} main + {slots} backup slots), "
        f"{args.stories} stories, {args.runs} seeded banks"
    )
    print(
        f"time per plan: min {min(timings):.1f} ms, median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms (target < 100 ms)"
    )
    print(
        f"last plan: {plan.main_covered}/{slots} main, {plan.backups_covered}/{slots} backups, "
        f"{len(plan.gaps)} gaps explained"
    )


if __name__ == "__main__":
    main()
