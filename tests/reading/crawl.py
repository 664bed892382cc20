"""Crawl what each demo role can reach and find the words no person should read (issue 20).

A page, PDF or export fails when what a person reads shows a seed file name, a developer's note, a Python value,
escaped markup, an internal key or a year grouped as a quantity ("2,012"). The crawl follows every link a role's pages
offer, GET only, and visits a bounded number of each URL pattern (two agreements show what every agreement shows), so
it stays cheap enough for the suite. Text a staff member asks for with the "sources" toggle (``data-sources``) is
left out: that is where staff read the file-and-section citations on demand.
"""

import io
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

# Each check: a name and a pattern over the text a person reads (page text, titles, PDF text, CSV cells).
CHECKS = {
    "seed file name": re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b|\bseeds?/|\(seed\b|\bseed:|\bseed's\b", re.I),
    "developer note": re.compile(
        r"portal default|left to the agreement|\bthe seeds?\b|\bseed_demo\b|(?-i:\bTODO\b|\bFIXME\b)|\bdocstring|\bselectors?\.py|\bservices\.py|"
        r"\bpa20\d\d_0\d\.py|\brules/|\bmanage\.py|\bdemo\.py",
        re.I,
    ),
    # "None listed." is English; "None" as a table cell's value, "(None)" or "= None" is Python's.
    "python value": re.compile(
        r"(?:[:=(,] |\()(?:None|True|False)\b|\b(?:None|True|False)(?= ?[,)\]}]| -)|\bDecimal\(|\bdatetime\.date\("
        r"|\[\]|\{'|\{\"\w+\": |<bound method"
    ),
    "escaped markup": re.compile(
        r"</?(?:a|span|div|p|strong|em|br|ul|li|small|code)\b[^>]*>|&lt;|&gt;|&amp;\w+;|&quot;"
    ),
    # A snake_case word: a term, event or rule key shown as it is stored.
    "internal key": re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z0-9]+)+(?![\w@.-])"),
    # A year (1900-2099) with a thousands separator, as a quantity would be printed: "Vehicle model year 2,012".
    "grouped year": re.compile(r"(?<![\d$.,])(?:1,9\d\d|2,0\d\d)(?![\d,]|\.\d)"),
}
# Texts that look like a key but are what a person types or reads: e-mail user names (``port_la``) and the demo's
# sign-in names shown in "Signed in as ...".
ALLOWED_KEYS = {"port_la"}


@dataclass
class Finding:
    role: str
    url: str
    check: str
    excerpt: str

    def __str__(self):
        return f"{self.role} {self.url} [{self.check}] ...{self.excerpt}..."


@dataclass
class CrawlResult:
    pages: int = 0
    pdfs: int = 0
    exports: int = 0
    findings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)


class _Reader(HTMLParser):
    """The text a person reads on a page: element text, ``title``/``aria-label``/``placeholder`` and option
    labels, without scripts, styles and anything inside a ``data-sources`` element; and the page's links."""

    SKIP = {"script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._stack = [], [], []

    def _hidden(self):
        return any(skip for _, skip in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = tag in self.SKIP or "data-sources" in attrs or (tag != "html" and attrs.get("lang") == "en")
        if tag not in self.VOID:
            self._stack.append((tag, skip))
        if self._hidden() or skip:
            return
        for name in ("title", "aria-label", "placeholder", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)

    def text(self):
        return re.sub(r"\s+", " ", " ".join(self.parts))


def read_html(html):
    """(text a person reads, links) of a page."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.text(), reader.links


def read_pdf(content):
    """The text of a PDF the portal wrote; ``None`` for a file that is not one (a demo upload's placeholder bytes)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = PdfReader(io.BytesIO(content)).pages
    except PdfReadError:
        return None
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))


def findings_in(text, *, role="", url="", checks=CHECKS):
    """Every check's matches in ``text``, with a little context each side."""
    found = []
    for name, pattern in checks.items():
        for match in pattern.finditer(text):
            if name == "internal key" and match.group(0) in ALLOWED_KEYS:
                continue
            start, end = max(0, match.start() - 60), min(len(text), match.end() + 60)
            found.append(Finding(role, url, name, text[start:end]))
    return found


# Links not followed: they change state, leave the site, or download what people uploaded (their files are theirs).
SKIP_PATHS = re.compile(
    r"^/(?:accounts/(?:logout|language|verify|password)|admin/(?:logout|password_change|jsi18n|r/)|api/|static/|media/)"
    r"|/(?:delete|history|read|read-all|withdraw|recall)/$"
    r"|/(?:attachments|documents|photos)/\d+/$"
)
# Each URL pattern is visited this many times per role (query strings count as their own pattern once each).
PER_PATTERN = 2
# In the admin, the crawl reads the staff's workspace: the application list and each application's review page, and
# the announcement rounds. The rest of the admin is the records as stored (its raw JSON, keys and flags), left to
# Django's own forms.
ADMIN_READ = re.compile(
    r"^/admin/(?:applications/application/(?:\d+/review/)?|programs/round/(?:\d+/change/)?|programs/program/)$"
)


def _pattern(path, query):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.route}?{'&'.join(sorted(k.split('=')[0] for k in query.split('&')))}" if query else match.route


# A Spanish reader's pages (issue 20): common English words that Spanish does not use, as whole words. What is English
# by right is taken out first (``without_names``): program titles, the district's, ports' and organizations' names,
# people's names, and what people typed; an element marked ``lang="en"`` (a notice written in English to an account that
# then read English) is left out by the reader like a ``data-sources`` element.
ENGLISH = {
    "English leftover": re.compile(
        r"\b(?:the|and|your|you|with|for|from|this|that|will|are|have|been|which|when|not|yet|due|of|to|is|by|or|on|at"
        r"|an|none|save|submit|request|download|view|sign|open|back|cancel|send|add|upload|edit|show|hide|status"
        r"|amount|date|payment|agreement|report|paid|approved|signed|executed|draft|submitted|released|total due)\b",
        re.I,
    )
}


# A citation of the English public document by its name and section, in parentheses: "(Program Announcement PA2026-02,
# Section 4.2 "SCRAPPING REQUIREMENTS")". A page marks it ``lang="en"``; a PDF's text cannot, so it is taken out.
CITATION = re.compile(r"\((?:Program Announcement|Announcement|Convocatoria)[^()]*(?:\([^()]*\)[^()]*)*\)")


def without_names(text, names, *, citations=True):
    """``text`` with every one of ``names`` (longest first) and, unless ``citations`` is false, every citation of a
    public document taken out: English that is a name, not a sentence."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " · ")
    return CITATION.sub(" · ", text) if citations else text


def crawl(
    client, role, *, start=("/",), budget=400, visited=None, checks=CHECKS, names=(), within=None, pdfs=None, skip=None
):
    """Visit what ``client`` (signed in as ``role``) reaches from ``start``; returns a ``CrawlResult``. Each URL
    answered with a page, PDF or export is appended to ``visited`` when given.

    ``checks`` are looked for in each page's and PDF's text once ``names`` are taken out of it; ``within`` (a pattern
    over paths) keeps the crawl to part of the site and ``skip`` leaves pages out; ``pdfs`` (a pattern over paths)
    names the PDFs whose text is checked (all when not given). An export's cells are data: only the names and notes that are
    not data are looked for in it, and only by the default checks."""
    result = CrawlResult()
    queue, seen, per_pattern = deque(start), set(start), {}
    while queue and result.pages + result.pdfs + result.exports < budget:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response.headers["Location"]
            if target not in seen and urlsplit(target).netloc in ("", "testserver"):
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            if response.status_code >= 500:
                result.errors.append(f"{role} {url}: {response.status_code}")
            continue
        if visited is not None:
            visited.append(url)
        content_type = response.headers.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if content_type.startswith("application/pdf"):
            text = read_pdf(body)
            if text is None:
                result.unreadable.append(url)
                continue
            result.pdfs += 1
            if pdfs is not None and not pdfs.search(urlsplit(url).path):
                continue
            result.findings += findings_in(
                without_names(text, names, citations=checks is not CHECKS), role=role, url=url, checks=checks
            )
            continue
        if not content_type.startswith("text/html"):
            result.exports += 1
            if checks is not CHECKS:
                continue
            text = body.decode("utf-8", "replace")
            # An export's cells are data: only names, notes and values that are not data are looked for.
            checks = {name: CHECKS[name] for name in ("seed file name", "developer note", "escaped markup")}
            result.findings += findings_in(text, role=role, url=url, checks=checks)
            continue
        result.pages += 1
        text, links = read_html(body.decode("utf-8"))
        result.findings += findings_in(
            without_names(text, names, citations=checks is not CHECKS), role=role, url=url, checks=checks
        )
        for link in links:
            link = urldefrag(link).url
            parts = urlsplit(link)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver") or not parts.path:
                continue
            if not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            admin_skipped = parts.path.startswith("/admin/") and not ADMIN_READ.match(parts.path)
            outside = (within is not None and not within.search(parts.path)) or (
                skip is not None and skip.search(parts.path)
            )
            if target in seen or SKIP_PATHS.search(parts.path) or admin_skipped or outside:
                continue
            seen.add(target)
            pattern = _pattern(parts.path, parts.query)
            if pattern is None or per_pattern.get(pattern, 0) >= PER_PATTERN:
                continue
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            queue.append(target)
    return result
