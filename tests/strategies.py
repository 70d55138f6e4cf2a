"""Hypothesis strategies for pages: stock boilerplate lines, realistic sentences and headlines, random text."""
from __future__ import annotations

import string

from hypothesis import strategies as st

# Chrome of common site themes, as scrapers leave it: one widget per line.
BOILERPLATE_LINES = [
    "Connect with us", "Source link", "Continue Reading", "Click to comment", "Leave a Reply",
    "Your email address will not be published. Required fields are marked *", "Comment *", "Name *", "Email *",
    "Website", "Save my name, email, and website in this browser for the next time I comment.", "Post Comment",
    "Published", "on", "April 29, 2025", "Asia", "CNN", "\u00a0—\u00a0", "Seoul, South Korea", "By Jane Doe",
    "SK_Deepfakes_HZ.00_00_36_01.Still001.jpg", "03:55", "Share this:", "Facebook", "Twitter", "Tweet | Pin | Email",
    "Related posts", "You may also like", "Trending", "Most read", "Advertisement", "Subscribe to our newsletter",
    "Follow us", "Read more", "Tags: politics, europe", "•••", "Weiterlesen", "Teilen", "Kommentar schreiben",
]
SENTENCES = [
    "Ruma was having lunch on a summer day in 2021 when her phone began blowing up with notifications.",
    "The regional council approved a plan on Tuesday to rebuild the old harbor wall, which was badly damaged in storms.",
    "Engineers have warned for years that the wall could give way in a severe storm and flood the streets behind it.",
    "“This is something that has been delayed for far too long,” she said.",
    "Continue reading the report, she said.",
    "The source link was broken.",
    "By the way, the mayor disagreed.",
    "Health officials in India are investigating reports that hundreds of children were served contaminated food.",
    "Volunteers counted more monarch butterflies on the California coast than in any year since the survey began.",
    "The library will stay open until midnight four evenings a week from next month, the council announced.",
    "Electricity returned to almost every home in Spain and Portugal on Tuesday morning after the blackout.",
    "Die Stadtbibliothek bleibt ab dem kommenden Monat an vier Abenden in der Woche bis Mitternacht geöffnet.",
    "Police told CNN further investigations identified at least 61 victims, including 12 current and former students.",
    "Why?",
]
HEADLINES = [
    "Deepfake porn is destroying real lives in South Korea",
    "Harbor wall to be rebuilt after winter storms",
    "Library lends out telescopes, and the waiting list keeps growing",
    "Tariff war: China rejects Trump’s claim that Xi has called him by phone",
]

# Printable ASCII cannot look like mojibake, so lines made of it reach the filters unchanged.
ascii_lines = st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " ", max_size=60)
realistic_lines = st.one_of(
    st.sampled_from(BOILERPLATE_LINES), st.sampled_from(SENTENCES), st.sampled_from(HEADLINES),
    st.just(""), ascii_lines,
)
# A realistic page: its lines are what cleaning should see as they are (no line breaks or controls inside).
realistic_pages = st.lists(realistic_lines, max_size=60).map("\n".join)
# Anything at all: controls, surrogates, lone CRs, line separators, mojibake-looking letters.
any_pages = st.one_of(st.text(max_size=2000), st.lists(st.one_of(realistic_lines, st.text(max_size=40)), max_size=40).map("\n".join))
