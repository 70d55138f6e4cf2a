"""Data only: the phrases and shapes of site chrome that the filters recognise.

Every phrase here is a widget label of common CMS themes (WordPress, Drupal, Ghost,
news themes such as JNews, Newspaper, Soledad), written from those themes' UI strings,
never taken from an evaluation page. Phrases are compared with `model.match_key`
(casefolded, spaces collapsed), so they are written in lower case.
"""
from __future__ import annotations

import re

# Whole lines that are a widget label and nothing else.
STOCK_PHRASES: frozenset[str] = frozenset({
    # navigation and footers
    "connect with us", "follow us", "follow us on", "follow us on social media", "find us on facebook",
    "skip to content", "skip to main content", "zum inhalt springen", "aller au contenu",
    "saltar al contenido", "vai al contenuto", "pular para o conteúdo", "naar de inhoud springen",
    "skip to navigation", "jump to navigation", "menu", "main menu",
    "toggle navigation", "open menu", "close menu", "search", "search for:", "search...", "search …",
    "home", "back to top", "scroll to top", "go to top", "top", "previous", "next", "previous post",
    "next post", "previous article", "next article", "older posts", "newer posts", "load more",
    "show more", "view all", "see all", "see more", "more", "all rights reserved", "privacy policy",
    "terms of use", "terms of service", "terms and conditions", "cookie policy", "contact us", "about us",
    "sitemap", "site map", "advertise", "advertise with us", "log in", "login", "sign in", "sign up",
    "register", "logout", "log out", "my account", "subscribe", "subscribe now", "newsletter",
    "sign up for our newsletter", "subscribe to our newsletter", "get our newsletter", "join our newsletter",
    "powered by wordpress", "proudly powered by wordpress", "copyright", "loading...", "loading…",
    # article furniture
    "source link", "source", "continue reading", "read more", "read more »", "read more...", "read more…",
    "read the full story", "read full article", "full story", "click here", "click to comment",
    "advertisement", "advertisements", "sponsored", "sponsored content", "ad", "ads", "promoted",
    "story continues below advertisement", "article continues below advertisement",
    "continue reading below", "scroll to continue with content", "trending", "trending now",
    "trending news", "most read", "most popular", "most viewed", "popular posts", "popular", "latest",
    "latest news", "latest posts", "recent posts", "recent comments", "related", "related posts",
    "related articles", "related stories", "related news", "related content", "you may also like",
    "you might also like", "you may like", "recommended", "recommended for you", "more stories",
    "more from", "more news", "don't miss", "don’t miss", "editor's picks", "editor’s picks", "top stories",
    "in case you missed it", "tags", "tags:", "categories", "categories:", "filed under", "filed under:",
    "posted in", "share", "share this", "share this:", "share this article", "share this story",
    "share this post", "share on facebook", "share on twitter", "share via email", "tweet", "pin it",
    "email", "print", "copy link", "link copied", "comments", "comment", "no comments", "0 comments",
    "add comment", "like this:", "like", "loading", "related:", "photo", "video", "watch", "listen",
    "listen to this article", "play video", "image", "gallery", "view gallery", "enlarge", "expand",
    "caption", "hide caption", "toggle caption", "show caption", "close", "dismiss", "accept", "ok",
    "got it", "i agree", "accept all", "accept cookies", "reject all", "manage cookies", "cookie settings",
    "about the author", "author", "written by", "posted by", "published", "updated", "last updated",
    # wiki pages (MediaWiki's section links)
    "[edit]", "edit", "[edit source]", "edit source", "[bearbeiten]", "[modifier]", "[editar]", "[modifica]",
    # comment forms
    "leave a reply", "leave a comment", "post a comment", "add a comment", "write a comment",
    "join the discussion", "join the conversation", "cancel reply", "post comment", "submit comment",
    "submit", "name", "name *", "name*", "email *", "email*", "email address", "website", "comment *",
    "your comment", "your name", "your email", "reply", "required fields are marked *",
    # German, French, Spanish, Italian, Portuguese, Dutch
    "weiterlesen", "mehr lesen", "teilen", "drucken", "anzeige", "werbung", "kommentare", "kommentar",
    "kommentar schreiben", "newsletter abonnieren", "impressum", "datenschutz", "datenschutzerklärung",
    "mehr zum thema", "das könnte sie auch interessieren", "zum seitenanfang", "nach oben", "startseite",
    "lire la suite", "lire aussi", "partager", "imprimer", "publicité", "commentaires", "laisser un commentaire",
    "mentions légales", "à lire aussi", "sur le même sujet", "accueil", "s'abonner", "abonnez-vous",
    "leer más", "seguir leyendo", "compartir", "publicidad", "comentarios", "deja un comentario",
    "noticias relacionadas", "te puede interesar", "inicio", "suscríbete", "aviso legal",
    "leggi anche", "leggi tutto", "continua a leggere", "condividi", "pubblicità", "commenti",
    "lascia un commento", "articoli correlati", "ti potrebbe interessare",
    "leia mais", "leia também", "compartilhe", "compartilhar", "publicidade", "comentários",
    "deixe um comentário", "deixe uma resposta", "notícias relacionadas", "veja também",
    "lees meer", "lees verder", "delen", "reacties", "plaats een reactie", "gerelateerde artikelen",
    "lees ook", "lesen sie auch", "lesen sie mehr", "lea también", "voir aussi", "à voir aussi",
    # Polish, Russian
    "czytaj także", "czytaj też", "zobacz także", "zobacz też", "читайте также", "смотрите также",
})

# Headings that open a new section after an article: its end, seldom crossed by its text.
SECTION_BARRIERS: frozenset[str] = frozenset({
    "comments", "comment", "leave a reply", "leave a comment", "add a comment", "post a comment",
    "join the discussion", "join the conversation", "related", "related posts", "related articles",
    "related stories", "related news", "related content", "you may also like", "you might also like",
    "you may like", "recommended", "recommended for you", "more stories", "more news", "read next",
    "trending", "trending now", "most read", "most popular", "most viewed", "popular posts",
    "latest news", "latest posts", "recent posts", "recent comments", "top stories", "editor's picks",
    "editor’s picks", "don't miss", "don’t miss", "about the author", "more from the author", "more articles",
    "up next", "what to read next",
    "das könnte dich auch interessieren", "das könnte sie auch interessieren", "auch interessant",
    "ähnliche artikel", "weitere artikel", "vous aimerez aussi", "vous aimerez peut-être aussi",
    "vous pourriez aussi aimer", "te puede gustar", "también te puede interesar", "te puede interesar",
    "potrebbe interessarti", "ti potrebbe interessare", "potrebbero interessarti", "você pode gostar",
    "você também pode gostar", "você pode se interessar", "misschien ook interessant", "dit vind je misschien ook leuk",
    "kommentare", "commentaires", "comentarios", "commenti", "comentários",
    "reacties", "mehr zum thema", "lire aussi", "à lire aussi",
    "noticias relacionadas", "articoli correlati", "notícias relacionadas", "gerelateerde artikelen",
})

# Headings that open a reader comment thread.
COMMENT_HEADINGS: frozenset[str] = frozenset({
    "comments", "comment", "reader comments", "user comments", "leave a reply", "leave a comment",
    "add a comment", "post a comment", "join the discussion", "join the conversation", "discussion",
    "responses", "kommentare", "commentaires", "comentarios", "commenti", "comentários", "reacties",
})
# "34 Comments", "12 responses to …": the count that heads a comment thread.
COMMENT_COUNT = re.compile(
    r"^\d+\s+(comments?|responses?|replies|reactions?|kommentare?|commentaires?|comentarios?|commenti|comentários|reacties)\b")

# A line that starts with one of these and is short is a widget, whatever follows.
STOCK_PREFIXES: tuple[str, ...] = (
    "share this", "share on", "click to ", "follow us", "follow @", "subscribe to", "sign up for", "sign up to",
    "click here to", "click to share", "read more:", "read more about", "read also:", "see also:",
    "related:", "related posts:", "related articles:", "tags:", "tagged:", "tagged with", "filed under",
    "categories:", "category:", "posted in", "copyright ©", "© copyright", "©", "all rights reserved",
    "this article was originally published", "this story was originally published", "originally published",
    "photo:", "photo by", "photos by", "photograph:", "photographs by", "photography by", "image:", "image by",
    "image source:", "image credit", "illustration by", "illustrations by",
    "picture:", "credit:", "photo credit", "video:", "getty images", "(photo", "[photo",
    "we use cookies", "this site uses cookies", "this website uses cookies", "by continuing to use",
    "your email address will not be published", "save my name, email", "notify me of",
    "this site uses akismet", "you must be logged in", "log in to reply", "logged in as",
    "previous article", "next article", "previous post", "next post", "prev post",
    "leave a reply", "leave a comment", "download our app", "get the app", "listen to this",
    "weiterlesen", "mehr zum thema", "lire aussi", "à lire aussi", "leer también", "lee también",
    "leggi anche", "leia também", "lees ook", "lesen sie auch", "lea también", "voir aussi", "czytaj także",
    "czytaj też", "читайте также", "foto:", "bild:",
)
# Labels that stay labels whatever follows: 'Tags: politics, europe', '© 2025 The Daily Courier. …'.
LABEL_PREFIXES: tuple[str, ...] = (
    "tags:", "tagged:", "tagged with:", "filed under:", "categories:", "category:", "posted in:", "related:",
    "read more:", "read also:", "see also:", "©", "copyright ©", "© copyright", "all rights reserved",
    "schlagwörter:", "étiquettes:", "etiquetas:",
)
LEGAL_MAX_WORDS = 40
PREFIX_MAX_WORDS = 12
SHORT_LABEL_WORDS = 6  # a prefix line this short is a label even when it ends with a full stop

# Consent banners: a line about cookies that speaks of using, accepting or managing them.
COOKIE_NOTICE = re.compile(
    r"\b(we|this (web)?site|our (web)?site|uses?|accept|consent|agree|browsing|experience|preferences|settings|"
    r"verwendet|nutzt|akzeptieren|utilise|accepter|utiliza|aceptar|utilizza|accetta|utiliza|aceitar|gebruikt)\b")
NOTICE_MAX_WORDS = 120

# Share bars: lines made only of network names and share verbs.
SHARE_WORDS: frozenset[str] = frozenset({
    "facebook", "twitter", "x", "linkedin", "pinterest", "whatsapp", "reddit", "email", "e-mail", "mail",
    "print", "telegram", "tumblr", "share", "shares", "tweet", "pin", "copy", "link", "messenger",
    "flipboard", "pocket", "vk", "xing", "line", "viber", "sms", "instagram", "youtube", "tiktok",
    "threads", "bluesky", "mastodon", "rss", "feed", "google", "google+", "on", "via", "to", "teilen",
    "partager", "compartir", "condividi", "compartilhar", "delen", "|", "·", "•", "/",
    "article", "artikel", "beitrag", "artículo", "articolo", "artigo",  # "Artikel teilen:"
})
# Share words that make no share bar alone ('Link', 'On', 'Article'): a share bar names a network or a share verb.
SHARE_FILLERS: frozenset[str] = frozenset({"on", "via", "to", "|", "·", "•", "/", "link", "line", "copy", "feed",
                                           "mail", "article", "artikel", "beitrag", "artículo", "articolo", "artigo"})

# Comment forms: the first line of one, and the lines that can end it.
COMMENT_FORM_START: frozenset[str] = frozenset({
    "leave a reply", "leave a comment", "click to comment", "post a comment", "add a comment",
    "write a comment", "join the discussion", "join the conversation", "leave a reply cancel reply",
    "comments", "no comments", "0 comments", "add comment", "deja un comentario", "laisser un commentaire",
    "kommentar schreiben", "lascia un commento", "deixe um comentário", "deixe uma resposta",
    "plaats een reactie",
})
COMMENT_FORM_END = re.compile(
    r"^(post comment|submit comment|submit|send|publish|kommentar abschicken|laisser un commentaire|"
    r"publicar comentario|pubblica il commento|publicar comentário|"
    r"required fields are marked \*|.*required fields are marked \*|"
    r"save my name, email,? and website in this browser for the next time i comment\.?|"
    r"notify me of (follow-up comments|new posts|new comments) by email\.?|"
    r"this site uses akismet to reduce spam.*|your email address will not be published\.?.*)$"
)
COMMENT_FORM_MAX_LINES = 25

# "Published" / "Posted on" / "Updated:" headers, possibly with the date on the same line; the labels that date an
# update are told apart (UPDATED_LABEL): a publication date is read before an update's.
_UPDATE_LABELS = "updated|last updated|aktualisiert|mis à jour|actualizado|aggiornato"
_PUBLICATION_LABELS = (
    "published|posted|first published|date|veröffentlicht|publié|publicado|pubblicato|gepubliceerd|publicerad|"
    "publiceret|publisert|data publikacji|opublikowano|publikováno|опубликовано|дата публикации|yayınlanma tarihi|"
    "yayın tarihi")
PUBLISHED_LABEL = re.compile(
    rf"^({_PUBLICATION_LABELS}|{_UPDATE_LABELS})(\s+(on|at|am|le|el|il|op|em))?\s*:?\s*(?P<rest>.*)$")
UPDATED_LABEL = re.compile(rf"^({_UPDATE_LABELS})\b")
ON_WORD = frozenset({"on", "at", "am", "le", "el", "il", "op", "em", "|", "-", "—", "–"})

# The capital letters a name or a place may begin with: Latin (with its accented and extended letters: Élodie,
# Łukasz, Šimon), Greek and Cyrillic.
CAPITALS = "A-Z" + "".join(c for c in map(chr, [*range(0xC0, 0x250), *range(0x370, 0x530)]) if c.isupper())
# "By Jane Doe", "By Jane Doe and John Smith, CNN", "Written by ...", "Von ...", "Par ...", "Автор: ...".
_NAME = rf"(?:[{CAPITALS}][\w'’.-]*|(?:van|von|de|da|di|del|der|den|la|le|du|dos|bin|al|ter)(?= [{CAPITALS}]))"
BYLINE = re.compile(
    r"^(?i:by|written by|words by|story by|posted by|author:|autor:|автор:|von|par|por|di|door|av)\s+"
    rf"(?P<name>{_NAME}(?:\s+{_NAME}){{0,4}}(?:\s*(?:,|and|&|und|et|y|e|en)\s+{_NAME}(?:\s+{_NAME}){{0,4}}){{0,3}})"
    rf"(?:\s*[,|·•–—-]\s*(?P<org>[{CAPITALS}][\w&.'’-]*(?:\s+[{CAPITALS}&][\w&.'’-]*){{0,4}}))?\s*$"
)
# "By Tuesday, …", "By Christmas …": times, not people.
NOT_A_NAME = re.compile(
    r"^(?:by|von|par|por|di|door|av)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"christmas|easter|tonight|today|tomorrow|noon|midnight|then|now|law|far|god)\b", re.I
)

IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic|mp4|mov|webm|m4v|mp3|wav)(\?\S*)?$", re.I)
DURATION = re.compile(r"^(\d{1,2}:)?\d{1,2}:\d{2}$")
DASH_ONLY = re.compile(r"^[\s\u00a0]*[—–-]{1,2}[\s\u00a0]*$")
# An inline wire dateline opening a paragraph: "SEOUL, South Korea (Reuters) — ", "MADRID — ", 'PARIS, May 3
# (Reuters) - ', 'MÜNCHEN, 3. Mai (dpa) - ', 'MADRID, 15 ene (EFE).- ': a place in capitals, perhaps its country or
# state, a date with the month after or before the day, the agency.
INLINE_DATELINE = re.compile(
    rf"^(?P<place>[{CAPITALS}][{CAPITALS}.'’ -]{{1,30}}[{CAPITALS}.](?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){{0,2}})?)"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}|,\s+\d{1,2}\.?\s+[^\W\d_]{3,10}\.?)?"
    r"\s*(?:\((?P<source>[A-Za-z][\w .&-]{0,30})\))?\s*\.?[—–-]{1,2}\s+\S"
)
# Marks that close what came before them: a line of them ends the sentence above it.
CLOSING_MARKS = ",.;:!?)]}’”»%…"
CLOSING_ONLY = re.compile(f"^[{re.escape(CLOSING_MARKS)}]+$")
LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]|[•·*▪►–-])\s*$")
OPENING_QUOTES = ("“", "\"", "„", "«", "‘", "'", "‹", "「", "『")
SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]]$")
