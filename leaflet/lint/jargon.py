"""Medical words a patient may not know, each with a plain alternative.

A term is fine when its plain meaning is given in the same sentence ("repair cells called
fibroblasts"): that is how a leaflet teaches a word the patient will hear in the clinic.
Matching is case-insensitive and takes plurals and common spellings (British and American).
"""

from __future__ import annotations

import re

from .patterns import Patterns, find

# term pattern (a regular expression, whole words) -> (the word as usually written, plain words)
JARGON: dict[str, tuple[str, str]] = {
    r"subcutaneous(?:ly)?": ("subcutaneous", "under the skin"),
    r"intradermal(?:ly)?": ("intradermal", "into the skin"),
    r"intramuscular(?:ly)?": ("intramuscular", "into the muscle"),
    r"intravenous(?:ly)?": ("intravenous", "into a vein"),
    r"transdermal": ("transdermal", "through the skin"),
    r"epiderm(?:is|al)": ("epidermis", "the top layer of skin"),
    r"erythema(?:tous)?": ("erythema", "redness"),
    r"o?edema(?:tous)?": ("oedema", "swelling"),
    r"ha?ematomas?|ha?ematomata": ("haematoma", "a bruise"),
    r"ecchymos[ie]s": ("ecchymosis", "bruising"),
    r"pruritus|pruritic": ("pruritus", "itching"),
    r"urticaria": ("urticaria", "hives (an itchy rash)"),
    r"anaphyla(?:xis|ctic)": ("anaphylaxis", "a severe allergic reaction"),
    r"hypersensitivity": ("hypersensitivity", "allergy"),
    r"necros[ie]s|necrotic": ("necrosis", "death of skin or tissue"),
    r"an(?:a)?esthe(?:tic|sia)s?": ("anaesthetic", "numbing medicine"),
    r"analges(?:ic|ics|ia)": ("analgesic", "painkiller"),
    r"topical(?:ly)?": ("topical", "put on the skin"),
    r"contraindicat(?:ion|ions|ed)": ("contraindication", "a reason not to have the treatment"),
    r"adverse (?:events?|reactions?|effects?)": ("adverse event", "side effect"),
    r"efficacy|efficacious": ("efficacy", "how well it works"),
    r"prophyla(?:xis|ctic)": ("prophylaxis", "prevention"),
    r"aseptic(?:ally)?": ("aseptic", "germ-free"),
    r"asymptomatic": ("asymptomatic", "with no symptoms"),
    r"bilateral(?:ly)?": ("bilateral", "on both sides"),
    r"cutaneous": ("cutaneous", "of the skin"),
    r"dermal": ("dermal", "skin"),
    r"fibroblasts?": ("fibroblast", "repair cells"),
    r"papules?": ("papule", "small bumps"),
    r"pustules?": ("pustule", "spots with pus"),
    r"hyperpigmentation": ("hyperpigmentation", "dark patches"),
    r"hypopigmentation": ("hypopigmentation", "pale patches"),
    r"in vitro": ("in vitro", "in a lab dish"),
    r"in vivo": ("in vivo", "in people"),
    r"granulomas?": ("granuloma", "a lump under the skin"),
    r"panniculitis": ("panniculitis", "swelling of the fat under the skin"),
    r"lipolysis": ("lipolysis", "breaking down fat"),
    r"sequelae": ("sequelae", "after-effects"),
    r"aetiology|etiology": ("aetiology", "cause"),
    r"idiopathic": ("idiopathic", "with no known cause"),
    r"iatrogenic": ("iatrogenic", "caused by the treatment"),
    r"placebo-controlled|randomi[sz]ed controlled trials?": (
        "randomised controlled trial",
        "a fair test against a dummy treatment",
    ),
    r"percutaneous(?:ly)?": ("percutaneous", "through the skin"),
    r"mesoderm(?:al)?": ("mesoderm", "the middle layer of skin"),
    r"collagenesis|neocollagenesis": ("neocollagenesis", "making new collagen"),
}

_USUAL = list(JARGON.values())
# A term is explained by its plain words, or their main word (singular or plural) at a word's start.
_MAIN_WORD = [
    re.compile(rf"\b{re.escape(key[:-1] if key.endswith('s') else key)}")
    for key in (max(re.findall(r"[a-z]+", plain.lower()), key=len) for _, plain in _USUAL)
]
ANY_TERM = Patterns(list(JARGON))  # one scan of each sentence for all the terms (patterns.py)


def jargon_in(sentence: str) -> list[tuple[str, str, str]]:
    """(as typed, the usual word, plain alternative) for each unexplained term in one sentence, in
    the order of the list."""
    first: dict[int, str] = {}
    for index, _, typed in find(ANY_TERM, sentence):
        first.setdefault(index, typed)
    if not first:
        return []
    lower = sentence.lower()
    return [(typed, *_USUAL[index]) for index, typed in first.items() if not _explained(lower, index)]


def _explained(sentence: str, index: int) -> bool:
    """The plain words of term ``index`` (or their main word, singular or plural) are in the sentence."""
    return _USUAL[index][1].lower() in sentence or _MAIN_WORD[index].search(sentence) is not None
