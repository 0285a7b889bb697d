"""The 16 Leadership Principles as PrepSite describes them (our own one-line summaries)."""

LEADERSHIP_PRINCIPLES: list[tuple[str, str, str]] = [
    (
        "customer-obsession",
        "Customer Obsession",
        "Start from what customers need and work backwards; earn and keep their trust.",
    ),
    (
        "ownership",
        "Ownership",
        "Act for the long term like an owner, beyond your own team, and never say “not my job”.",
    ),
    (
        "invent-and-simplify",
        "Invent and Simplify",
        "Look for new ideas everywhere, make things simpler, and accept being misunderstood "
        "for a while.",
    ),
    (
        "are-right-a-lot",
        "Are Right, A Lot",
        "Show sound judgement and good instincts; seek out views that challenge your own.",
    ),
    (
        "learn-and-be-curious",
        "Learn and Be Curious",
        "Keep learning, stay curious about new possibilities, and act on what you find.",
    ),
    (
        "hire-and-develop-the-best",
        "Hire and Develop the Best",
        "Raise the bar with every hire and promotion, and coach people to grow.",
    ),
    (
        "insist-on-the-highest-standards",
        "Insist on the Highest Standards",
        "Hold a bar others may find too high, fix defects at the root, and keep raising it.",
    ),
    (
        "think-big",
        "Think Big",
        "Set a bold direction that inspires results and look for new ways to serve customers.",
    ),
    (
        "bias-for-action",
        "Bias for Action",
        "Move quickly when a decision can be undone; calculated risk beats waiting.",
    ),
    (
        "frugality",
        "Frugality",
        "Achieve more with less: constraints breed resourcefulness and invention.",
    ),
    (
        "earn-trust",
        "Earn Trust",
        "Listen carefully, speak candidly, admit mistakes, and treat others with respect.",
    ),
    (
        "dive-deep",
        "Dive Deep",
        "Stay close to the details, audit often, and question numbers that do not add up.",
    ),
    (
        "have-backbone-disagree-and-commit",
        "Have Backbone; Disagree and Commit",
        "Challenge decisions respectfully when you disagree, then commit fully once decided.",
    ),
    (
        "deliver-results",
        "Deliver Results",
        "Focus on the inputs that matter and deliver them with quality and on time.",
    ),
    (
        "strive-to-be-earths-best-employer",
        "Strive to be Earth's Best Employer",
        "Build a safe, fair and growing workplace where people do their best work.",
    ),
    (
        "success-and-scale-bring-broad-responsibility",
        "Success and Scale Bring Broad Responsibility",
        "Weigh the wider effects of what you build on people, communities and the planet.",
    ),
]
