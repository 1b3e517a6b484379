"""The governance and advertising rules' phrases, one table per language the project ships content in.

LF109 (a claimed clinical check), LF304 (a prescription-only medicine beside a booking link, prices
or an offer), LF305 (a regulator named as approving the treatment), LF306 (a registration line that
reads as if the regulator oversees it) and LF307 (booking wording) read a leaflet's text with the
table of its language *and* English: a brand's footer, a medicine's brand name or an English
regulator's name often stays English inside a translated leaflet.

Each table is a set of regular expressions for the same claims, written for how the language says
them: Polish inflects ("sprawdzona", "sprawdzone"), Arabic joins prefixes to words ("وتمت"), Urdu
puts its verb, and the negation before it, at the end of the sentence ("... جائزہ نہیں لیا"). So a
table says where a negation must stand to take a claim back: before it in its sentence (``before``),
or anywhere in it (``sentence``).

A language without a table is read with English alone. To add one, copy a table, write each pattern
for the language, and add a triggering and a non-triggering fixture to tests/test_governance.py.
The translations here are the project's own drafts, like the catalogues: a fluent reviewer should
check them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .medicines import POM_NAMES


@dataclass(frozen=True)
class Phrases:
    language: str
    clinical_check: re.Pattern  # LF109: the leaflet (or its advice) checked by a clinician
    approved: re.Pattern  # LF305: a regulator approving the treatment
    registered: re.Pattern  # LF306: registered with, or regulated by, a regulator
    booking: re.Pattern  # LF307 (and LF304's booking link): "book now", "scan to book"
    offer: re.Pattern  # LF304's offer: "20% off", "special offer"
    medicines: re.Pattern  # LF304: prescription-only medicines, by the names the language uses
    injectable: re.Pattern  # whether the leaflet is about an injectable (LF305, LF306, LF505)
    negation: re.Pattern  # a word that takes a claim back ("not yet reviewed by a clinician")
    negation_scope: Literal["before", "sentence"] = "before"

    def affirmed(self, pattern: re.Pattern, text: str) -> list[re.Match]:
        """The matches of ``pattern`` (one of this table's) that no negation in their sentence takes
        back. The sentence ends are found once, not again for each match (linear in the text)."""
        matches = list(pattern.finditer(text))
        if not matches:
            return []
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]  # where each next sentence starts
        found = []
        for match in matches:
            before = bisect.bisect_right(ends, match.start())
            start = ends[before - 1] if before else 0
            if self.negation_scope == "before":
                end = match.start()
            else:
                after = bisect.bisect_right(ends, match.end())
                end = ends[after] if after < len(ends) else len(text)
            if not self.negation.search(text, start, end):
                found.append(match)
        return found


_SENTENCE_END = re.compile(r"[.!?\u06d4\u061f]\s|[\u06d4\u061f]")  # . ! ? and Urdu's ۔ and Arabic's ؟
_I = re.IGNORECASE


def _any(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


# -- English ------------------------------------------------------------------------------------------
_EN_WHO = (
    r"(?:clinicians?|doctors?|nurses?|dermatologists?|consultants?|surgeons?|pharmacists?|"
    r"prescribers?|(?:clinical|medical) (?:team|director|staff|experts?))"
)
# "A doctor has approved it" is about a treatment; "our doctors have checked this leaflet" is the
# claim: the active form needs the leaflet (or its advice) as its object.
_EN_WHAT = r"(?:this|the|our|these|its) (?:leaflet|advice|information|content|text|facts)"
# The regulators a UK leaflet names, in English: every table adds these to its own.
_EN_REGULATOR = (
    r"(?:the )?(?:Care Quality Commission|CQC|MHRA|Medicines and Healthcare products Regulatory "
    r"Agency|General Medical Council|GMC|Nursing and Midwifery Council|NMC|General Dental Council|"
    r"GDC|General Pharmaceutical Council|GPhC|Health and Care Professions Council|HCPC|NHS)"
)
ENGLISH = Phrases(
    "en",
    clinical_check=re.compile(
        r"\b(?:clinically|medically) (?:checked|reviewed|approved|verified|validated|signed off)\b"
        r"|\b(?:checked|reviewed|verified|validated|signed off) by (?:(?:a|an|our|the) )?(?:[\w-]+ )?"
        + _EN_WHO
        + r"|\b(?:clinical|medical) team (?:who |that )?(?:wrote and )?(?:checked|reviewed|approved)\b"
        r"|\b" + _EN_WHO + r" (?:have|has) (?:checked|reviewed|approved) " + _EN_WHAT,
        _I,
    ),
    approved=re.compile(
        r"\b(?:approved|endorsed|certified|accredited|licensed|sanctioned) (?:by|with) "
        + _EN_REGULATOR
        + r"|\b"
        + _EN_REGULATOR
        + r"[ -](?:approved|endorsed|certified|accredited|"
        r"licensed)\b",
        _I,
    ),
    registered=re.compile(
        r"\b(?:registered|regulated|inspected) (?:with|by) "
        + _EN_REGULATOR
        + r"|\b"
        + _EN_REGULATOR
        + r"[ -](?:registered|regulated|ref(?:erence)?|registration)\b",
        _I,
    ),
    booking=re.compile(
        r"\b(?:book (?:now|today|online|your|a|an)\b|scan to book|call to book|booking link)|"
        r"\{\{-? ?clinic\.booking_url",
        _I,
    ),
    offer=re.compile(
        r"\b(?:limited[\s-]time|special offers?|\d+\s?% off|half[\s-]price|offer ends?|"
        r"(?:buy|book) (?:one|1),? get)\b",
        _I,
    ),
    medicines=re.compile(r"\b(?:" + "|".join(re.escape(name) for name in POM_NAMES) + r")\b", _I),
    injectable=re.compile(r"\binject|\bfillers?\b|botulinum|\bbotox|mesotherap", _I),
    negation=re.compile(r"\b(?:not|no|never|nobody|none|yet to|awaiting|until|without)\b", _I),
)

# -- Polish -------------------------------------------------------------------------------------------
# Participles inflect for gender and number ("sprawdzona ulotka", "sprawdzone informacje"): \w* takes them.
_PL_WHO = (
    r"(?:lekarz\w*|pielęgniar\w*|dermatolog\w*|chirurg\w*|farmaceut\w*|specjalist\w*|klinicyst\w*|"
    r"(?:nasz\w* )?zesp[oó]\w* (?:medyczn|kliniczn)\w*|personel\w* medyczn\w*)"
)
_PL_WHAT = r"(?:(?:tę|tą|te|nasz\w*|t\w+) )?(?:ulotk\w*|porad\w*|informacj\w*|treś\w*|tekst\w*)"
_PL_CHECKED = r"(?:sprawdz\w*|zweryfikowa\w*|zatwierdz\w*|zatwierdzi\w*|przejrza\w*|zrecenzowa\w*|skontrolowa\w*)"
_PL_REGULATOR = _any(
    _EN_REGULATOR,
    r"Urz[eę]d\w* Rejestracji\w*(?: [\w-]+){0,4}",
    r"URPL",
    r"Ministerstw\w* Zdrowia",
    r"NFZ",
    r"Narodow\w* Fundusz\w* Zdrowia",
    r"Naczeln\w* Izb\w* Lekarsk\w*",
    r"NIL",
    r"Naczeln\w* Izb\w* Pielęgniarek(?: i Położnych)?",
    r"Główn\w* Inspektorat\w* Sanitarn\w*",
    r"GIS",
    r"Rzecznik\w* Praw Pacjenta",
)


def _polish() -> Phrases:
    return Phrases(
        "pl",
        clinical_check=re.compile(
            r"\b(?:klinicznie|medycznie) "
            + _PL_CHECKED
            + r"|\b"
            + _PL_CHECKED
            + r" (?:i \w+ )?przez (?:\w+ )?"
            + _PL_WHO
            + r"|\b"
            + _PL_WHO
            + r" (?:"
            + _PL_CHECKED
            + r") "
            + _PL_WHAT,
            _I,
        ),
        approved=re.compile(
            r"\b(?:zatwierdz\w*|zaaprobowa\w*|certyfikowa\w*|akredytowa\w*|licencjonowa\w*|"
            r"dopuszczo\w*|rekomendowa\w*) (?:przez|w|przy) "
            + _PL_REGULATOR
            + r"|\b"
            + _PL_REGULATOR
            + r" (?:zatwierdzi\w*|zaaprobowa\w*|dopuści\w*)",
            _I,
        ),
        registered=re.compile(
            r"\b(?:zarejestrowa\w*|regulowa\w*|nadzorowa\w*|kontrolowa\w*|wpisa\w* do rejestru) "
            r"(?:w|przez|przy|u) " + _PL_REGULATOR + r"|\b(?:pod nadzorem|w rejestrze) " + _PL_REGULATOR,
            _I,
        ),
        booking=re.compile(
            r"\b(?:umów (?:się |wizytę)|umów (?:teraz|dziś|online)|zarezerwuj\w*|zapisz się (?:teraz|dziś|"
            r"online|na)|zeskanuj\w*,? (?:aby|by|żeby) (?:się )?(?:umówić|zapisać|zarezerwować)|"
            r"rezerwacj\w* online)",
            _I,
        ),
        offer=re.compile(
            r"\b(?:promocj\w*|ofert\w* specjaln\w*|specjaln\w* ofert\w*|ofert\w* (?:ważn\w*|ograniczon\w*)|"
            r"\d+\s?% (?:zniżki|taniej|rabatu)|(?:zniżk\w*|rabat\w*) \d+\s?%|o połowę taniej|"
            r"tylko (?:dziś|dzisiaj|"
            r"w tym tygodniu))",
            _I,
        ),
        medicines=re.compile(r"\b(?:toksyn\w* botulinow\w*|botoks\w*|botuliny)\b", _I),
        injectable=re.compile(r"wstrzyk|\bzastrzyk|wypełniacz|\bbotoks|botulin|mezoterap", _I),
        negation=re.compile(r"\b(?:nie|nikt|nigdy|żad\w*|bez|dopóki|jeszcze nie)\b", _I),
    )


# -- Arabic -------------------------------------------------------------------------------------------
# Words take joined prefixes (و "and", ف "so", ب "by", ال "the") and suffixes (ها "it"): a pattern
# starts a word at a space or the start, with an optional prefix, and lets a suffix follow.
_AR_START = r"(?:(?<=\s)|^)(?:و|ف)?"
_AR_WHO = (
    r"(?:ال)?(?:طبيب|أطباء|أطباؤ|أطبائ|طبيبة|ممرض|ممرضة|ممرضون|ممرضات|صيدلي|جراح|استشاري|اختصاصي|أخصائي|"
    r"فريق(?:نا)? (?:ال)?طبي|(?:ال)?فريق الطبي|طاقم(?:نا)? (?:ال)?طبي|(?:ال)?طاقم الطبي)\S*"
)
_AR_WHAT = r"(?:هذه )?(?:ال)?(?:نشرة|معلومات|نصائح|نصيحة|محتوى|إرشادات)\S*"
_AR_REVIEW = r"(?:مراجع|فحص|تدقيق|اعتماد|التحقق من)\S*"
_AR_REGULATOR = _any(
    _EN_REGULATOR,
    r"هيئة جودة الرعاية",
    r"لجنة جودة الرعاية",
    r"(?:ال)?هيئة التنظيمية للأدوية\S*",
    r"وكالة تنظيم الأدوية\S*(?: ومنتجات الرعاية الصحية)?",
    r"(?:ال)?مجلس الطبي العام",
    r"مجلس التمريض والقبالة",
    r"(?:ال)?مجلس العام لطب الأسنان",
    r"هيئة الخدمات الصحية الوطنية",
    r"(?:ال)?خدمة الصحية الوطنية",
    r"وزارة الصحة",
    r"هيئة الغذاء والدواء",
)


def _arabic() -> Phrases:
    return Phrases(
        "ar",
        clinical_check=re.compile(
            # "it was reviewed by a doctor": تمت مراجعة هذه النشرة من قبل طبيب
            _AR_START + r"(?:تمت?|جرت?)\s" + _AR_REVIEW + r"(?:\s" + _AR_WHAT + r")?\s(?:من قبل|من قِبل|بواسطة|على يد)\s"
            r"(?:\S+\s)?"
            + _AR_WHO
            +
            # "clinically / medically reviewed": مراجعة طبيًا، معتمدة سريريًا
            r"|"
            + _AR_START
            + r"(?:مراجَع|مُراجَع|مراجع|مفحوص|معتمد|مدقق|خضعت?\sلمراجعة)\S*\s"
            r"(?:سريري|طبي)(?:ًا|ا)(?=\s|$|[.،])"
            # "a clinical / medical review" as what the leaflet had: خضعت لمراجعة طبية
            r"|" + _AR_START + r"(?:خضعت?|خضع)\s(?:ل|إلى\s)?(?:ال)?(?:مراجعة|فحص|تدقيق)\S*\s(?:ال)?(?:طبية|سريرية)"
            # "our doctors reviewed this leaflet" (SVO) and "doctors reviewed it" (VSO, with the leaflet)
            r"|"
            + _AR_START
            + _AR_WHO
            + r"\s(?:قد\s|قاموا\s|قام\s)?(?:ب)?(?:راجع|فحص|دقق|اعتمد|مراجعة|تدقيق)\S*\s"
            + _AR_WHAT
            + r"|"
            + _AR_START
            + r"(?:قد\s)?(?:راجع|فحص|دقق|اعتمد)\S*\s"
            + _AR_WHAT
            + r"\s(?:\S+\s)?"
            + _AR_WHO,
            _I,
        ),
        approved=re.compile(
            _AR_START
            + r"(?:معتمد|موافق عليه|مرخص|مصادق عليه|مجاز)\S*\s(?:من|من قبل|من قِبل|لدى|بواسطة)\s(?:\S+\s)?"
            + _AR_REGULATOR
            + r"|"
            + _AR_START
            + r"(?:وافقت|وافق|اعتمدت|اعتمد|رخصت|رخص|أجازت|أجاز)\s(?:عليه\s|عليها\s)?"
            + _AR_REGULATOR,
            _I,
        ),
        registered=re.compile(
            _AR_START + r"(?:مسجل|مسجلة|خاضع|خاضعة|منظم|منظمة|تحت)\S*\s(?:لدى|في|مع|عند|من قبل|لرقابة|لإشراف|لتنظيم|"
            r"رقابة|إشراف)\s(?:\S+\s)?" + _AR_REGULATOR,
            _I,
        ),
        booking=re.compile(
            _AR_START + r"(?:احجز|احجزي|احجزوا)\S*\s(?:الآن|اليوم|موعد\S*|عبر الإنترنت|أونلاين)"
            r"|" + _AR_START + r"امسح\S*\s(?:الرمز\s)?(?:لل|لت)حجز\S*"
            r"|" + _AR_START + r"(?:للحجز|للحجوزات)\s(?:الآن|اتصل)"
            r"|" + _AR_START + r"اتصل\S*\s(?:بنا\s)?للحجز",
            _I,
        ),
        offer=re.compile(
            _AR_START + r"(?:عرض|عروض)\s(?:خاص|خاصة|محدود|لفترة محدودة)|لفترة محدودة|خصم\s\d+\s?[%٪]|"
            r"(?<!\d)\d+\s?[%٪]\sخصم|نصف السعر|ينتهي العرض",
            _I,
        ),
        medicines=re.compile(
            _AR_START + r"(?:ال|ب|بال|لل)?(?:بوتوكس|بوتولينوم|بوتولينيوم|توكسين\s(?:ال)?بوتولين\S*|"
            r"ذيفان\s(?:ال)?وشيقي\S*|ديسبورت|أزالور|فيستابيل|بوكوتور)",
            _I,
        ),
        injectable=re.compile(r"حقن|الحقنة|ميزوثيراب|ميزوثيرابي|مالئ|فيلر|بوتوكس|بوتولين"),
        negation=re.compile(r"(?:(?<=\s)|^)(?:و|ف)?(?:لم|لا|ليس|ليست|لن|غير|بدون|دون|لما|حتى\sالآن)(?=\s|$)"),
    )


# -- Urdu ---------------------------------------------------------------------------------------------
# Subject-object-verb, the negation just before the verb at the end ("جائزہ نہیں لیا"): a negation
# anywhere in the sentence takes the claim back.
_UR_WHO = (
    r"(?:(?<=\s)|^)(?:ڈاکٹر\S*|نرس\S*|معالج\S*|طبی ٹیم|میڈیکل ٹیم|کلینیکل ٹیم|ماہر(?:ین)? امراض جلد|"
    r"سرجن\S*|فارماسسٹ\S*)"
)
_UR_WHAT = r"(?:اس |ان |ہمارے |ہماری )?(?:کتابچ\S*|معلومات|مشور\S*|مواد|تحریر|ہدایات|لیف لیٹ)"
_UR_CHECKED = r"(?:جائزہ لیا|جائزہ لے لیا|جانچ کی|جانچا|جانچی|چیک کیا|چیک کی|تصدیق کی|منظوری دی|منظور کیا)"
_UR_REGULATOR = _any(
    _EN_REGULATOR,
    r"کیئر کوالٹی کمیشن",
    r"سی کیو سی",
    r"ایم ایچ آر اے",
    r"جنرل میڈیکل کونسل",
    r"نرسنگ اینڈ مڈوائفری کونسل",
    r"جنرل ڈینٹل کونسل",
    r"این ایچ ایس",
    r"نیشنل ہیلتھ سروس",
    r"وزارت صحت",
    r"ڈریپ",
    r"DRAP",
    r"پاکستان میڈیکل (?:اینڈ ڈینٹل )?کونسل",
)


def _urdu() -> Phrases:
    return Phrases(
        "ur",
        clinical_check=re.compile(
            # "doctors have reviewed this leaflet": ڈاکٹروں نے اس کتابچے کا جائزہ لیا ہے
            _UR_WHO
            + r"(?: \S+){0,2} نے "
            + _UR_WHAT
            + r" (?:کا |کی |کو )?"
            + _UR_CHECKED
            +
            # "reviewed by a doctor": ڈاکٹر سے جانچ شدہ، ڈاکٹروں کی طرف سے تصدیق شدہ
            r"|"
            + _UR_WHO
            + r" (?:سے|کی طرف سے|کے ذریعے) (?:جانچ|تصدیق|منظور|چیک)\S*(?: شدہ| کیا گیا| کی گئی)"
            # "clinically / medically checked": طبی طور پر جانچا گیا
            r"|(?:طبی|کلینیکل) طور پر (?:جانچ|جانچا|جائزہ|تصدیق|منظور|چیک)\S*",
            _I,
        ),
        approved=re.compile(
            _UR_REGULATOR + r" (?:سے|کی طرف سے|کے ذریعے) (?:منظور\S*|تصدیق شدہ|لائسنس یافتہ|سند یافتہ)"
            r"|" + _UR_REGULATOR + r" (?:نے )?(?:\S+ ){0,3}(?:منظوری دی|منظور کیا|منظور کی)",
            _I,
        ),
        registered=re.compile(
            _UR_REGULATOR + r" (?:کے ساتھ|کے پاس|میں|سے|کی نگرانی میں|کے تحت) (?:رجسٹرڈ|رجسٹر)"
            r"|" + _UR_REGULATOR + r" (?:کے ذریعے|کی طرف سے|کی نگرانی میں) "
            r"(?:ریگولیٹ|منظم|زیر نگرانی)\S*",
            _I,
        ),
        booking=re.compile(
            r"(?:ابھی|آج ہی) (?:بک کریں|بکنگ کریں|اپائنٹمنٹ (?:بک|لیں))|(?:آن لائن|ابھی) بک کریں|"
            r"بکنگ کے لیے (?:اسکین|سکین) کریں|(?:اسکین|سکین) کر کے بک|اپنی اپائنٹمنٹ بک کریں",
            _I,
        ),
        offer=re.compile(
            r"خصوصی (?:پیشکش|آفر)|محدود وقت|(?<!\d)\d+\s?[%٪] (?:رعایت|چھوٹ|ڈسکاؤنٹ)|آدھی قیمت|پیشکش ختم", _I
        ),
        medicines=re.compile(r"بوٹوکس|بوٹولینم|بوٹولائنم|بوٹولینیم ٹاکسن|ڈسپورٹ|ازالور", _I),
        injectable=re.compile(r"انجیکشن|ٹیکے|ٹیکا|میسوتھراپی|میزوتھراپی|فلر|بوٹوکس"),
        negation=re.compile(r"(?:(?<=\s)|^)(?:نہیں|نہ|مت|بغیر|بنا|جب تک|ابھی تک)(?=\s|$|[\u06d4.،])"),
        negation_scope="sentence",
    )


# The other languages' tables are compiled when a leaflet in that language is first read: compiling
# all of them took 30 ms of every cold `leaflet build`, whatever its language.
_OTHER_LANGUAGES = {"pl": _polish, "ar": _arabic, "ur": _urdu}


@lru_cache(maxsize=64)
def phrases_for(language: str | None) -> tuple[Phrases, ...]:
    """The tables to read a leaflet in ``language`` with: its own (by its primary subtag: 'pl-PL' is
    Polish) and English, which every leaflet may carry in names, a brand's footer and its sources."""
    primary = (language or "en").replace("_", "-").split("-")[0].lower()
    make = _OTHER_LANGUAGES.get(primary)
    return (ENGLISH,) if make is None else (make(), ENGLISH)
