"""The rules under the layout: text is never eaten by markup, and every text colour stays readable."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from leaflet.colours import AA_GRAPHICS, AA_TEXT, WHITE, contrast
from leaflet.layout.fonts import font_set
from leaflet.layout.styles import make_styles
from leaflet.load import Brand
from leaflet.load.brand import Colors
from leaflet.load.media import read_fonts
from leaflet.text import markup, sandbox, templating
from leaflet.text.money import price_text

colour = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")
STYLES = make_styles(Brand(name="x"), font_set(read_fonts(Brand(name="x")), Brand(name="x")))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(primary=colour, warning=colour)
def test_every_text_colour_reaches_aa_contrast(primary, warning):
    if contrast(warning, WHITE) < AA_GRAPHICS:
        return  # such a warning colour is refused when the brand is loaded
    brand = Brand(name="x", colors=Colors(primary=primary, warning=warning))
    p = make_styles(brand, STYLES.fonts).colours
    assert contrast(p.on_band, p.band) >= AA_TEXT
    assert contrast(p.heading, WHITE) >= AA_TEXT
    assert contrast(p.ink, p.glance_tint) >= AA_TEXT
    assert contrast(p.warning_text, p.warning_tint) >= AA_TEXT
    assert contrast(p.ink, p.warning_tint) >= AA_TEXT


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80))
@example("00000 0")  # digits in groups read as a phone number, whose spaces become no-break ones
def test_any_text_survives_markup_unchanged(text):
    printed = Paragraph(markup.inline(text.replace("*", "")), STYLES.body).getPlainText()
    folded = re.sub(r"[^\S\u00a0\u2007\u202f]+", " ", text.replace("*", "")).strip(" ")
    # Runs of spaces fold to one, and a no-break space stays one; the only other change allowed
    # is a space inside a phone number becoming a no-break space.
    assert printed.replace(markup.NBSP, " ") == folded.replace(markup.NBSP, " ")
    assert printed.count(markup.NBSP) >= folded.count(markup.NBSP)


def test_bold_and_escaping_together():
    assert markup.inline("**R&D** at <5 °C") == "<b>R&amp;D</b> at &lt;5 °C"


def test_paragraphs_and_bullets():
    blocks = markup.blocks("Intro line\ncontinues.\n\nIt is used for:\n- acne scars\n- fine\n  lines\nAfter.")
    assert blocks == [
        markup.Paragraph("Intro line continues."),
        markup.Paragraph("It is used for:"),
        markup.Bullets(("acne scars", "fine lines")),
        markup.Paragraph("After."),
    ]


def test_prices_drop_pence_only_when_whole():
    assert price_text(200, "GBP", "en_GB") == "£200"
    assert price_text([1000, 2000], "GBP", "en_GB") == "£1,000 to £2,000"
    assert price_text(99.5, "GBP", "en_GB") == "£99.50"
    assert price_text([150, 150], "GBP", "en_GB") == "£150"


CLINIC = {"clinic": {"name": "R&D {{ Clinic }}", "phone": "0117 496 0000", "tagline": ""}}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(
            [
                "{{ clinic.name }}",
                "{{clinic.phone}}",
                "{{  clinic.phone }}",
                "{{ clinic.tagline }}",
                "{{ clinic.name}}",
                "{{-clinic.name }}",
                "{{ clinic.fax }}",
                "{{ clinic.name | upper }}",
                "{ x }",
                "{",
                "}",
                "}}",
                "{% if clinic.phone %}call{% endif %}",
                "{# note #}",
                "a ",
                "\n",
            ]
        ),
        max_size=6,
    ).map("".join)
)
def test_names_filled_in_without_jinja_read_exactly_as_jinja_would(text):
    def outcome(render):
        try:
            return render(text, CLINIC)
        except templating.TemplateFailure as failure:
            return failure.message

    assert outcome(templating.render_text) == outcome(sandbox.render)
