"""Realistic story texts for tests, written for PrepSite (not copied from any source)."""

STRONG_STAR = {
    "situation": (
        "Our checkout service slowed from 200 ms to over three seconds during seasonal peaks, "
        "and abandoned carts rose sharply two weeks before the biggest sale of the year."
    ),
    "task": (
        "As the lead engineer for the order service I owned the fix. I had to keep p95 below "
        "300 ms at four times normal traffic without a rewrite, and prove it before the sale."
    ),
    "action": (
        "I started by profiling the hot path under a replayed peak load and found three causes: "
        "an exhausted connection pool, synchronous payment calls that held threads, and two "
        "queries that locked the orders table. I wrote a one-page plan ranking them by impact "
        "and risk and I reviewed it with the architects the same day. I resized and instrumented "
        "the pool first because it was reversible in minutes. I then moved inventory and payment "
        "calls behind a queue with circuit breakers, and I paired with two junior engineers on "
        "the query rewrites so they could own them afterwards. When product asked to add a new "
        "promotion feature in the same release, I pushed back with the load-test data and we "
        "agreed to ship it a week later. I set up dashboards and alerts on latency and error "
        "rate, and I ran a game day with the infrastructure team to rehearse failures of the "
        "payment provider. Each change went out behind a flag so I could roll back in seconds, "
        "and I published the numbers after every step so everyone could see progress. I also "
        "wrote a short runbook so that on-call engineers knew which flag to flip and which graph "
        "to watch, and I walked the support team through what customers would notice."
    ),
    "result": (
        "Average checkout latency fell from 3 s to 180 ms, we handled 250,000 orders on sale "
        "day with 99.97 % availability, and abandonment during peak fell by 18 %. Support "
        "tickets about slow checkout dropped by 85 %. The load-testing practice I introduced "
        "became part of every release checklist in the department, and both engineers I "
        "paired with now lead performance reviews for their own services."
    ),
}

WEAK_STAR = {
    "situation": (
        "The company had a big legacy platform that everyone complained about for years and "
        "many teams were involved and there were a lot of meetings about it over a long time "
        "and nobody could agree on anything at all, which made the whole department slow."
    ),
    "task": "We needed to make it better.",
    "action": "We worked hard as a team and we fixed it together.",
    "result": "It was much better afterwards and the team was happy.",
}

PSI_STORY = {
    "problem": "Fraud checks ran in a nightly batch, so losses grew by about $1.2M a month.",
    "solution": (
        "I designed a streaming pipeline, I compared three engines on latency and cost, and I "
        "convinced risk and compliance to pilot it on one market before a full rollout."
    ),
    "impact": "Fraud losses fell 78 % and approvals took under one second instead of two days.",
}
