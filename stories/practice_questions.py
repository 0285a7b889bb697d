"""Behavioural practice questions per Leadership Principle, in PrepSite's own words.

Loaded into PracticeQuestion by a data migration; keyed by principle slug.
"""

PRACTICE_QUESTIONS: dict[str, list[str]] = {
    "customer-obsession": [
        "Describe a time you changed a technical plan because of what you learned from customers.",
        "Tell me about a decision where the customer's interest and your team's interest pulled "
        "in different directions.",
        "Walk me through how you found out a customer problem that nobody had reported yet.",
    ],
    "ownership": [
        "Tell me about a problem outside your team's area that you took on anyway.",
        "Describe a time you gave up a short-term win to protect a long-term outcome.",
        "When did you notice something broken that others had learned to live with, and what "
        "did you do?",
    ],
    "invent-and-simplify": [
        "Tell me about the simplest solution you found to a problem others had made complicated.",
        "Describe an idea you brought in from another field or company and adapted.",
        "When did you remove a process, system or step instead of adding one?",
    ],
    "are-right-a-lot": [
        "Tell me about a call you made with incomplete data that turned out right; how did you "
        "decide?",
        "Describe a time you were wrong about something important and how you found out.",
        "When did you look for people who disagreed with you before deciding?",
    ],
    "learn-and-be-curious": [
        "What is the most valuable thing you taught yourself in the last year, and how did you "
        "use it?",
        "Tell me about a time curiosity about a detail led you to a bigger finding.",
        "Describe how you got up to speed in a domain where you started as the least informed "
        "person.",
    ],
    "hire-and-develop-the-best": [
        "Tell me about someone you coached who went on to outgrow their role.",
        "Describe a hiring decision where you held the bar despite pressure to fill the seat.",
        "How did you handle an engineer who was not meeting expectations?",
    ],
    "insist-on-the-highest-standards": [
        "Tell me about a time you refused to ship because the quality was not good enough.",
        "Describe a recurring defect you fixed at its root rather than patching again.",
        "When did you raise the bar for your whole team, and how did you get them there?",
    ],
    "think-big": [
        "Describe a vision you set that was bigger than what your team thought possible.",
        "Tell me about a time you turned a local fix into a platform others could use.",
        "How did you convince leadership to invest in something with a multi-year payoff?",
    ],
    "bias-for-action": [
        "Tell me about a decision you made quickly because it was easy to reverse.",
        "Describe a time you moved forward without waiting for every approval.",
        "When did acting fast go wrong, and what did you change afterwards?",
    ],
    "frugality": [
        "Tell me about a goal you reached with fewer people or less budget than planned.",
        "Describe a time you cut a large cost without hurting customers.",
        "When did a constraint push your team to a better design?",
    ],
    "earn-trust": [
        "Tell me about a time you delivered bad news to a senior stakeholder.",
        "Describe how you rebuilt trust with a team or partner after a mistake.",
        "When did you admit in public that you were wrong?",
    ],
    "dive-deep": [
        "Tell me about a metric that looked fine but hid a problem you uncovered.",
        "Describe the hardest incident you debugged personally, and how you found the cause.",
        "When did you challenge a number in a report, and what happened?",
    ],
    "have-backbone-disagree-and-commit": [
        "Tell me about a time you pushed back on your manager or a senior leader.",
        "Describe a decision you disagreed with but committed to fully; how did it turn out?",
        "When did you hold your position under pressure because the data supported you?",
    ],
    "deliver-results": [
        "Tell me about the hardest deadline you met and what you gave up to meet it.",
        "Describe a project that was failing when you took it over and how you recovered it.",
        "When did you miss a goal, and what did you deliver instead?",
    ],
    "strive-to-be-earths-best-employer": [
        "Tell me how you made your team a place where people wanted to stay.",
        "Describe a time you noticed someone struggling and changed how the team worked.",
        "How have you made on-call, workload or growth fairer for your engineers?",
    ],
    "success-and-scale-bring-broad-responsibility": [
        "Tell me about a time you weighed the wider effect of a system on people outside your "
        "customers.",
        "Describe a decision where you chose the more responsible option at a cost to speed.",
        "When did you reduce the environmental or societal footprint of something you built?",
    ],
}
