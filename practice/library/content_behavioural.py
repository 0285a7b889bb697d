"""Behavioural questions per Leadership Principle, portfolio probes, resources, in our words.

Each principle gets three questions: one pitched at L6 scope (a team and its neighbours), one at
L7 scope (an organisation, several years), one for both. The follow-ups are the probes an
interviewer uses to test depth; every question also gets the common ones below.
"""

COMMON_FOLLOW_UPS = [
    "What would you do differently if it happened again?",
    "Give me another example of the same thing.",
    "What was your part, as opposed to the team's?",
]

# principle slug -> [(level, question, [specific follow-ups])]
QUESTIONS: dict[str, list[tuple[str, str, list[str]]]] = {
    "customer-obsession": [
        (
            "L6",
            "Tell me about a feature you shipped where customer feedback changed the design late.",
            ["How did you hear from customers?", "What did the change cost the schedule?"],
        ),
        (
            "L7",
            "Describe how you made a whole organisation measure itself by a customer outcome "
            "rather than an output.",
            ["Which metric did you pick and why?", "Who resisted, and how did you win them over?"],
        ),
        (
            "both",
            "When did you say no to a customer request, and how did you handle it?",
            ["How did the customer react?", "What did you offer instead?"],
        ),
    ],
    "ownership": [
        (
            "L6",
            "Tell me about an operational problem you fixed even though another team owned "
            "the system.",
            ["How did the owning team respond?", "Who maintains the fix now?"],
        ),
        (
            "L7",
            "Describe a long-running risk across several teams that you decided to own.",
            ["How did you fund the work?", "How did you know it was retired?"],
        ),
        (
            "both",
            "When did you have to clean up after a decision you had made?",
            ["When did you realise it was wrong?", "What did you tell your team?"],
        ),
    ],
    "invent-and-simplify": [
        (
            "L6",
            "Tell me about a design you simplified so a smaller team could run it.",
            ["What did you remove?", "How did you measure the simpler result?"],
        ),
        (
            "L7",
            "Describe a new approach you introduced that other organisations later adopted.",
            ["How did it spread?", "What did you do about teams that did not adopt it?"],
        ),
        (
            "both",
            "When did you choose an off-the-shelf solution over building your own?",
            ["What did you give up?", "How did you convince the builders on your team?"],
        ),
    ],
    "are-right-a-lot": [
        (
            "L6",
            "Tell me about a technical bet you made that others doubted.",
            ["What evidence did you use?", "How would you have known early if you were wrong?"],
        ),
        (
            "L7",
            "Describe a strategic call about your organisation's direction that proved right.",
            ["What alternatives did you reject?", "Whose input changed your mind on a detail?"],
        ),
        (
            "both",
            "When did you change your mind after hearing a junior engineer's view?",
            ["What made their argument convincing?", "How did you credit them?"],
        ),
    ],
    "learn-and-be-curious": [
        (
            "L6",
            "Tell me about a technology you learned to make a better decision for your team.",
            ["How long did it take?", "What did you share with the team?"],
        ),
        (
            "L7",
            "Describe how you built a habit of learning across the organisation.",
            ["How did you know it worked?", "What did it cost in delivery time?"],
        ),
        (
            "both",
            "What did you learn from a field outside engineering that you used at work?",
            ["Where did you come across it?", "What changed because of it?"],
        ),
    ],
    "hire-and-develop-the-best": [
        (
            "L6",
            "Tell me about an engineer you promoted and how you prepared them.",
            ["What gap did they have to close?", "How did you give hard feedback?"],
        ),
        (
            "L7",
            "Describe how you raised the hiring bar across several teams.",
            ["How did you calibrate interviewers?", "What happened to time-to-hire?"],
        ),
        (
            "both",
            "When did you have to let someone go, and how did you handle it?",
            ["What support did you give before?", "How did the team react?"],
        ),
    ],
    "insist-on-the-highest-standards": [
        (
            "L6",
            "Tell me about a quality standard you introduced that the team first pushed back on.",
            ["How did you measure quality before and after?", "What did it slow down?"],
        ),
        (
            "L7",
            "Describe how you raised the operational bar for a whole organisation.",
            ["Which mechanism did you put in place?", "How did you handle teams that lagged?"],
        ),
        (
            "both",
            "When did you accept a lower standard on purpose, and why?",
            ["How did you limit the risk?", "Did you come back to it?"],
        ),
    ],
    "think-big": [
        (
            "L6",
            "Tell me about a time you proposed a bigger goal than your team had planned.",
            ["How did you make it credible?", "What did you deliver first?"],
        ),
        (
            "L7",
            "Describe a multi-year technical vision you wrote and how it changed plans.",
            ["Who had to agree?", "What part of it has not happened yet?"],
        ),
        (
            "both",
            "When did you turn a one-off solution into something many teams use?",
            ["How did you find the other users?", "Who owns it now?"],
        ),
    ],
    "bias-for-action": [
        (
            "L6",
            "Tell me about a decision you made during an incident without full information.",
            ["What did you do to limit the risk?", "What did you learn afterwards?"],
        ),
        (
            "L7",
            "Describe how you sped up decision-making in a slow organisation.",
            ["Which decisions did you push down?", "What went wrong as a result?"],
        ),
        (
            "both",
            "When did you decide to wait instead of acting, and was it right?",
            ["What were you waiting for?", "What did waiting cost?"],
        ),
    ],
    "frugality": [
        (
            "L6",
            "Tell me about a time you delivered with fewer engineers than you asked for.",
            ["What did you cut from scope?", "How did the team cope?"],
        ),
        (
            "L7",
            "Describe a cost reduction you drove across several teams' systems.",
            ["How did you find the savings?", "How did you keep them from creeping back?"],
        ),
        (
            "both",
            "When did spending more turn out to be the frugal choice?",
            ["How did you justify it?", "How did you measure the return?"],
        ),
    ],
    "earn-trust": [
        (
            "L6",
            "Tell me about feedback you received that was hard to hear, and what you did.",
            ["Who gave it?", "What changed in how you work?"],
        ),
        (
            "L7",
            "Describe how you rebuilt trust between two organisations that blamed each other.",
            ["What was the first step?", "How did you know trust was back?"],
        ),
        (
            "both",
            "When did you share a mistake before anyone noticed it?",
            ["Why did you share it?", "What did it cost you?"],
        ),
    ],
    "dive-deep": [
        (
            "L6",
            "Tell me about a bug or incident where you went into the code or data yourself.",
            ["What did you find that others missed?", "How deep do you usually go as a manager?"],
        ),
        (
            "L7",
            "Describe how you keep in touch with details across a large organisation.",
            ["Which signals do you read weekly?", "When did one of them surprise you?"],
        ),
        (
            "both",
            "When did a number in a review not add up, and what did you do?",
            ["Who owned the number?", "What was the real figure?"],
        ),
    ],
    "have-backbone-disagree-and-commit": [
        (
            "L6",
            "Tell me about a time you disagreed with a peer team's design.",
            ["How did you make your case?", "What was decided in the end?"],
        ),
        (
            "L7",
            "Describe a time you challenged a director or VP on strategy.",
            ["What was at stake for you?", "How did you commit once decided?"],
        ),
        (
            "both",
            "When were you the one who was wrong in a disagreement?",
            ["When did you realise?", "How did you repair the relationship?"],
        ),
    ],
    "deliver-results": [
        (
            "L6",
            "Tell me about a project you delivered despite losing key people mid-way.",
            ["How did you re-plan?", "What slipped?"],
        ),
        (
            "L7",
            "Describe the most important result your organisation delivered under you.",
            ["How did you measure it?", "What would have happened without you?"],
        ),
        (
            "both",
            "When did you decide to stop a project, and how did you handle it?",
            ["What signals told you to stop?", "What happened to the people on it?"],
        ),
    ],
    "strive-to-be-earths-best-employer": [
        (
            "L6",
            "Tell me how you handled burnout on your team.",
            ["How did you notice?", "What did you change for good?"],
        ),
        (
            "L7",
            "Describe how you improved career growth across several teams.",
            ["What mechanism did you create?", "How did you measure it?"],
        ),
        (
            "both",
            "When did you make a decision unpopular with your team for their long-term good?",
            ["How did you explain it?", "How did it turn out?"],
        ),
    ],
    "success-and-scale-bring-broad-responsibility": [
        (
            "L6",
            "Tell me about a privacy or security risk you raised that was not on the plan.",
            ["Who did you involve?", "What did it delay?"],
        ),
        (
            "L7",
            "Describe how your organisation took responsibility for a wider effect of its systems.",
            ["How did you weigh it against growth?", "Who outside the company was affected?"],
        ),
        (
            "both",
            "When did you choose the more sustainable option at a cost?",
            ["How did you quantify the cost?", "Would you do it again?"],
        ),
    ],
}

# Probes asked about portfolio examples (seed: portfolio review), grouped as the seed groups them.
PORTFOLIO_PROBES: list[tuple[str, str]] = [
    ("technical", "Walk me through the architecture of the system you led."),
    ("technical", "What were the hardest technical problems, and how did you solve them?"),
    ("technical", "How did you keep data consistent across the components?"),
    ("technical", "Looking back, what would you design differently?"),
    ("leadership", "How did you get people to agree to the plan?"),
    ("leadership", "Tell me about a conflict in this project and how you resolved it."),
    ("leadership", "How did you balance competing priorities on this work?"),
    ("leadership", "What failed in this project, and what did you learn?"),
    ("strategy", "How did this work connect to the business goals?"),
    ("strategy", "What was the return on the investment?"),
    ("strategy", "How did you measure success?"),
    ("strategy", "What is the lasting effect, a year or more later?"),
]

# (title, author, plan weeks, area) - names and authors only.
RESOURCES: list[tuple[str, str, list[int], str]] = [
    ("Well-Architected Framework", "Amazon Web Services", [1, 2], "design"),
    ("Designing Data-Intensive Applications (chapters 1-5)", "Martin Kleppmann", [3, 4], "design"),
    ("Amazon-tagged top 100 problem list", "LeetCode", [5, 6], "coding"),
    ("System Design Interview - An Insider's Guide, Volume 1", "Alex Xu", [7, 8], "design"),
    ("System Design Interview, Volume 2", "Alex Xu and Sahn Lam", [17, 18], "design"),
    (
        "re:Invent conference talks on large-scale architecture",
        "Amazon Web Services",
        [9, 10],
        "design",
    ),
    (
        "Dynamo: Amazon's Highly Available Key-value Store",
        "Giuseppe DeCandia et al.",
        [11, 12],
        "design",
    ),
    (
        "In Search of an Understandable Consensus Algorithm (Raft)",
        "Diego Ongaro and John Ousterhout",
        [11],
        "design",
    ),
    ("Machine learning learning path", "Amazon Web Services", [13, 14], "design"),
    ("AWS Architecture Blog", "Amazon Web Services", [15, 16], "design"),
    ("Prime Video monitoring service architecture write-up", "Prime Video Tech", [15], "design"),
    ("S3 availability and durability design", "Amazon Web Services", [20], "design"),
    ("Peer mock interviews", "Pramp", [17, 18, 23], "mocks"),
    ("Mock interviews with engineers", "interviewing.io", [17, 18, 23], "mocks"),
    ("Public post-mortem collections", "Various companies", [19, 20], "design"),
    ("Leadership Principles", "Amazon", [21, 22], "behavioural"),
]
