"""A generated corpus of action plans whose recommendations repeat across reviews, for
``benchmarks/repeats.py``.

Each recommendation says who should do what about which concern ("health visitors receive
training on bruising in babies who are not mobile"), after an opening that the partnership
writes on every line ("The LSCB should seek assurance that"). What it says is its *concept*:
(who, what, about what). Most recommendations have a concept of their own; a planted repeat is
one concept made again in two to four other plans, reworded each time: other words for each
part, another sentence shape, another opening, a clause added or dropped. Recommendations that
share two of the three parts (the same people and the same ask, about another concern) are the
near misses that must not be grouped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Who: each with the words different plans use for them.
WHO = [
    ["health visitors", "the health visiting service", "health visiting staff"],
    ["GPs", "general practitioners", "GP practices"],
    ["school staff", "schools", "designated safeguarding leads in schools"],
    ["midwives", "the midwifery service", "maternity staff"],
    ["police officers", "the police", "West Midlands Police officers"],
    ["children's social care", "CSC", "social workers"],
    ["emergency department staff", "A&E staff", "staff in the emergency department"],
    ["adult mental health services", "adult mental health practitioners", "mental health teams"],
    ["probation officers", "the probation service", "offender managers"],
    ["housing officers", "housing providers", "the housing service"],
    ["early help workers", "early help practitioners", "the early help service"],
    ["substance misuse services", "drug and alcohol workers", "substance misuse practitioners"],
    ["CAMHS clinicians", "child and adolescent mental health services", "CAMHS"],
    ["ambulance crews", "the ambulance service", "paramedics"],
    ["school nurses", "the school nursing service", "school nursing staff"],
    ["nursery staff", "early years settings", "childminders and nurseries"],
    ["adult social care", "adult social workers", "adult services"],
    ["the multi-agency safeguarding hub", "the MASH", "MASH staff"],
    ["paediatricians", "consultant paediatricians", "the paediatric service"],
    ["youth offending workers", "the youth offending service", "youth justice workers"],
]

# What: each with sentence shapes that say it; {who} and {topic} are filled in.
WHAT = [
    [
        "{who} receive training on {topic}",
        "{who} are trained to recognise and respond to {topic}",
        "training on {topic} is provided to {who}",
        "{who} attend regular training about {topic}",
    ],
    [
        "{who} have a clear procedure for responding to {topic}",
        "a written procedure on {topic} is in place for {who}",
        "{who} follow written guidance when they identify {topic}",
    ],
    [
        "{who} record concerns about {topic} in the child's record",
        "concerns about {topic} are recorded by {who} in the case file",
        "{who} document every concern about {topic} on the child's file",
    ],
    [
        "{who} share information about {topic} with partner agencies without delay",
        "information about {topic} held by {who} is shared promptly with partners",
        "{who} pass on what they know about {topic} to other agencies straight away",
    ],
    [
        "{who} discuss cases involving {topic} in supervision",
        "supervision of {who} includes reflective discussion of {topic}",
        "cases with {topic} are reviewed in the supervision of {who}",
    ],
    [
        "{who} escalate concerns about {topic} when they are not resolved",
        "unresolved concerns about {topic} are escalated by {who}",
        "{who} use the escalation policy when concerns about {topic} persist",
    ],
    [
        "{who} are invited to strategy meetings where there are concerns about {topic}",
        "strategy meetings about {topic} include {who}",
        "{who} take part in strategy discussions when {topic} is suspected",
    ],
    [
        "a multi-agency audit of how {who} respond to {topic} is completed",
        "the response of {who} to {topic} is audited",
        "{who} audit their practice on {topic}",
    ],
    [
        "{who} ask routinely about {topic}",
        "routine enquiry about {topic} is made by {who}",
        "{who} always ask parents and carers about {topic}",
    ],
    [
        "{who} refer concerns about {topic} to children's social care",
        "referrals about {topic} are made by {who} to children's services",
        "{who} make a referral to social care whenever {topic} is identified",
    ],
    [
        "{who} review their policy on {topic}",
        "the policy of {who} on {topic} is reviewed and updated",
        "{who} revise their guidance on {topic}",
    ],
    [
        "{who} consider the impact of {topic} on the child in every assessment",
        "assessments by {who} take account of {topic}",
        "{who} assess how {topic} affects the child",
    ],
    [
        "{who} seek advice from the named safeguarding lead about {topic}",
        "advice on {topic} is sought by {who} from their safeguarding lead",
        "{who} consult the designated lead when they see {topic}",
    ],
    [
        "{who} have access to specialist support for {topic}",
        "specialist advice on {topic} is available to {who}",
        "{who} can call on specialist services for {topic}",
    ],
    [
        "{who} give families written information about {topic}",
        "leaflets on {topic} are given to parents by {who}",
        "{who} provide parents with information on {topic}",
    ],
    [
        "{who} keep a chronology of events where there is {topic}",
        "a chronology is kept by {who} in cases of {topic}",
        "{who} maintain a multi-agency chronology when {topic} is a concern",
    ],
]

# About what: the concerns reviews return to, each in the words different plans use.
TOPICS = [
    [
        "bruising in babies who are not mobile",
        "bruises on non-mobile infants",
        "bruising in immobile babies",
    ],
    ["domestic abuse", "domestic violence and abuse", "abuse between partners"],
    ["neglect", "chronic neglect", "the neglect of children"],
    ["parental mental ill health", "the mental health of parents", "parents' mental illness"],
    ["parental substance misuse", "parents' drug and alcohol use", "substance misuse by carers"],
    ["the voice of the child", "the child's wishes and feelings", "what the child says"],
    [
        "children who are not brought to appointments",
        "missed health appointments",
        "was not brought episodes",
    ],
    ["safe sleeping", "the risks of co-sleeping", "safe sleep for babies"],
    ["fathers and male carers", "men in the household", "hidden men"],
    [
        "disguised compliance",
        "parents who appear to cooperate but do not change",
        "false compliance",
    ],
    ["child sexual exploitation", "sexual exploitation of children", "CSE"],
    ["children missing from home", "children who go missing", "missing episodes"],
    ["private fostering", "privately fostered children", "private fostering arrangements"],
    ["fabricated or induced illness", "fabricated illness", "illness induced by carers"],
    ["coercive control", "controlling and coercive behaviour", "coercion and control"],
    ["children with disabilities", "disabled children", "children with special needs"],
    ["self-harm in adolescents", "self-harm by young people", "teenagers who self-harm"],
    ["online abuse", "abuse of children online", "online grooming"],
    ["criminal exploitation and county lines", "county lines", "child criminal exploitation"],
    ["children home educated", "elective home education", "home-educated children"],
    ["pre-birth assessment", "assessment before birth", "unborn babies at risk"],
    [
        "parents with learning disabilities",
        "carers with a learning disability",
        "learning disabled parents",
    ],
    ["head injury in infants", "abusive head trauma", "shaking injuries in babies"],
    ["repeat referrals", "children referred again and again", "re-referrals"],
    ["cumulative harm", "the build-up of harm over time", "accumulating concerns"],
    ["children living with a violent parent", "a violent parent at home", "violence by a parent"],
    ["female genital mutilation", "FGM", "female genital cutting"],
    ["forced marriage", "marriage under duress", "forced marriages"],
    ["honour-based abuse", "honour based violence", "so-called honour abuse"],
    ["radicalisation", "extremism and radicalisation", "children drawn into extremism"],
    ["trafficked children", "child trafficking", "modern slavery of children"],
    ["children in temporary accommodation", "homeless families", "families in temporary housing"],
    ["young carers", "children caring for a parent", "child carers"],
    ["poor school attendance", "children missing education", "persistent absence from school"],
    ["dental neglect", "untreated tooth decay", "neglect of children's teeth"],
    ["faltering growth", "failure to thrive", "poor weight gain in infants"],
    ["parental alcohol misuse", "parents who drink heavily", "alcohol misuse by parents"],
    ["animal cruelty in the home", "cruelty to pets", "harm to animals at home"],
    [
        "children who display harmful sexual behaviour",
        "harmful sexual behaviour",
        "sexually harmful behaviour by children",
    ],
    ["bullying", "children who are bullied", "persistent bullying"],
    [
        "children in care placed out of area",
        "out of area placements",
        "looked after children placed far from home",
    ],
    ["care leavers", "young people leaving care", "children leaving care"],
    ["fire setting", "children who set fires", "deliberate fire setting"],
    ["unexplained injuries", "injuries with no explanation", "injuries that are not explained"],
    ["historic abuse disclosures", "disclosures of past abuse", "non-recent abuse"],
    ["children of prisoners", "a parent in prison", "children with imprisoned parents"],
    ["gang involvement", "young people in gangs", "gang affiliation"],
    [
        "children who run away from care",
        "runaways from care homes",
        "looked after children who go missing",
    ],
    [
        "postnatal depression",
        "maternal depression after birth",
        "mothers with postnatal depression",
    ],
    ["sudden unexpected death in infancy", "SUDI", "unexpected infant death"],
    ["children living in overcrowded homes", "overcrowding", "families in overcrowded housing"],
    [
        "parents who are hostile to professionals",
        "hostile and aggressive parents",
        "aggression towards practitioners",
    ],
    ["children exposed to pornography", "exposure to sexual images", "children shown pornography"],
    [
        "older siblings caring for babies",
        "siblings left in charge",
        "young children left with siblings",
    ],
    ["injuries in children under one", "injuries to babies under twelve months", "infant injuries"],
    ["families who move between areas", "families who move house often", "transient families"],
    [
        "language barriers and interpreters",
        "the use of interpreters",
        "parents who do not speak English",
    ],
    ["teenage parents", "young mothers", "parents under twenty"],
    ["children with medical needs", "complex health needs", "children with long-term illness"],
    ["neonatal abstinence", "babies born withdrawing from drugs", "withdrawal in newborns"],
    ["elective caesarean concealment", "concealed pregnancy", "pregnancies hidden from services"],
    ["sexual abuse within the family", "intrafamilial sexual abuse", "incest"],
    ["children excluded from school", "school exclusions", "excluded pupils"],
    [
        "child protection medicals",
        "medical examinations for child protection",
        "child protection examinations",
    ],
]

# Local names: the schemes, panels and tools a recommendation names ("the Ashbrook protocol").
# They give the corpus the long tail of rare words that real plans have.
_SYLLABLES = (
    "ash brook cal dun el fern glen hal ing kel lang mor nor oak pen ral stan thorn wick wood "
    "bar cot den far gate holm lea mere ney port"
).split()
PLACES = [(a + b).capitalize() for a in _SYLLABLES for b in _SYLLABLES if a != b]
SCHEMES = ["protocol", "pathway", "panel", "toolkit", "forum", "programme", "checklist", "model"]
DETAILS = [f" using the {place} {kind}" for place in PLACES for kind in SCHEMES]

# What each partnership writes before every recommendation (its boilerplate).
OPENINGS = [
    "{board} should seek assurance that",
    "{board} should seek assurance from partner agencies that",
    "The {board} should ensure that",
    "{board} to seek assurance that",
    "It is recommended that {board} ensures that",
    "{board} partners should ensure that",
    "The {board} should be assured that",
]
# Why, added to some recommendations; a repeat may keep it or not.
PURPOSES = [
    "",
    "",
    "",
    " so that risks to the child are identified early",
    " so that no concern is missed",
    " to improve outcomes for children",
    " so that children are protected from harm",
    " and that this is evidenced in practice",
    " so that help is offered before problems escalate",
    " and that managers check this happens",
    " so that the whole family is considered",
    " so that decisions are based on all the information",
]
CLOSINGS = [
    "",
    "",
    "",
    ", and report on progress to the {board}",
    " within six months",
    " as a matter of priority",
    ", in line with the procedures",
]
BOARDS = ["LSCB", "DSCB", "SSCB", "BSCB", "WSCP", "Partnership", "Safeguarding Children Board"]


Concept = tuple[int, int, int]
"""What a recommendation says: who, what, and about which concern (indexes)."""


@dataclass
class Rec:
    """One generated recommendation and what it says."""

    text: str
    concept: Concept
    planted: int | None = None
    """The planted repeat it belongs to, if any."""


@dataclass
class GeneratedPlan:
    name: str
    board: str
    year: int
    recs: list[Rec] = field(default_factory=list)


Wording = tuple[int, int, int, int, int]
"""Which of the words for who, what and the topic a recommendation uses, its purpose, and the
local scheme it names (-1 for none)."""


def sentence(
    rng: random.Random, concept: Concept, wording: Wording, board: str, opening: str
) -> str:
    """``concept`` in ``wording``, in a plan of ``board`` that opens with ``opening``."""
    who, what, topic = concept
    body = WHAT[what][wording[1]].format(who=WHO[who][wording[0]], topic=TOPICS[topic][wording[2]])
    body += (DETAILS[wording[4]] if wording[4] >= 0 else "") + PURPOSES[wording[3]]
    closing = rng.choice(CLOSINGS).format(board=board)
    text = f"{opening.format(board=board)} {body}{closing}."
    return text[0].upper() + text[1:]


def any_wording(rng: random.Random, concept: Concept) -> Wording:
    who, what, topic = concept
    return (
        rng.randrange(len(WHO[who])),
        rng.randrange(len(WHAT[what])),
        rng.randrange(len(TOPICS[topic])),
        rng.randrange(len(PURPOSES)),
        rng.randrange(len(DETAILS)) if rng.random() < 0.5 else -1,
    )


def reworded(rng: random.Random, concept: Concept, first: Wording, keep: float) -> Wording:
    """Another plan's wording of a repeat: each part as the first plan put it with chance
    ``keep``, else in other words."""
    other = any_wording(rng, concept)
    return tuple(f if rng.random() < keep else o for f, o in zip(first, other, strict=True))  # type: ignore[return-value]


def corpus(
    plans: int, per_plan: int = 20, planted: int = 1000, seed: int = 16, keep: float = 0.7
) -> list[GeneratedPlan]:
    """``plans`` plans of ``per_plan`` recommendations, with ``planted`` concepts each made in
    two to four different plans and every other concept made once.

    Args:
        plans: how many plans.
        per_plan: recommendations in each.
        planted: how many planted repeats.
        seed: the same seed gives the same corpus.
        keep: how often a repeat keeps the first plan's words for each part.
    """
    rng = random.Random(seed)
    every = [
        (w, a, t) for w in range(len(WHO)) for a in range(len(WHAT)) for t in range(len(TOPICS))
    ]
    rng.shuffle(every)
    out = []
    for n in range(plans):
        board = rng.choice(BOARDS)
        out.append(GeneratedPlan(f"review-{n:04d}", board, 2012 + n * 13 // max(plans, 1)))
    slots = [(p, k) for p in range(plans) for k in range(per_plan)]
    rng.shuffle(slots)
    placed: dict[tuple[int, int], Rec] = {}
    wordings: dict[tuple[int, int], Wording] = {}
    free = iter(slots)
    concepts = iter(every)
    for group in range(planted):
        concept = next(concepts)
        copies = rng.choice((2, 2, 2, 3, 3, 4))
        used: set[int] = set()
        first = any_wording(rng, concept)
        while len(used) < copies:
            p, k = next(free)
            if p in used:
                continue  # this slot is taken by a unique concept below
            wordings[(p, k)] = reworded(rng, concept, first, keep) if used else first
            used.add(p)
            placed[(p, k)] = Rec("", concept, group)
    for p, k in slots:
        if (p, k) not in placed:
            concept = next(concepts)
            placed[(p, k)] = Rec("", concept)
            wordings[(p, k)] = any_wording(rng, concept)
    for p, plan in enumerate(out):
        # A partnership writes most of a plan's recommendations after one opening.
        opening = rng.choice(OPENINGS)
        for k in range(per_plan):
            rec = placed[(p, k)]
            this_opening = opening if rng.random() < 0.7 else rng.choice(OPENINGS)
            rec.text = sentence(rng, rec.concept, wordings[(p, k)], plan.board, this_opening)
            plan.recs.append(rec)
    return out


def yaml_text(plan: GeneratedPlan) -> str:
    """The plan as a plan file: title, partnership, report date and its recommendations."""
    lines = [
        f"title: {plan.name} action plan",
        f"partnership: {plan.board}",
        f"report_date: {plan.year}-{int(plan.name[-2:]) % 12 + 1:02d}",
        "recommendations:",
    ]
    for k, rec in enumerate(plan.recs, 1):
        text = rec.text.replace('"', "'")
        lines += [f"  - id: {k}", f'    recommendation: "{text}"']
        if k % 3 == 0:
            lines += ["    rag: blue", "    evidence: Audit report to the board."]
    return "\n".join(lines) + "\n"
