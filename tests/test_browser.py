"""Browser tests of the built book in headless Chromium (Debian's package, driven by playwright).

Every page listed in _toc.yml is opened from disk as a reader would open it, with every request
that is not a local file refused and recorded, so a page that needs the network fails here.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")

# Flags that keep Chromium from calling home, because on a closed network those calls fail noisily.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
# pydata-sphinx-theme 0.17 logs this on file:// pages before it reads the stored theme mode.
KNOWN_CONSOLE_ERRORS = ("invalid theme mode",)
MAX_PAGE_BYTES = 1_500_000

pytestmark = pytest.mark.browser


def toc_pages() -> list[str]:
    """Return the source path (without suffix) of every page in _toc.yml, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages.extend(chapter["file"] for chapter in part["chapters"])
    return pages


PAGES = toc_pages()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageVisit:
    """One page opened in a fresh context, with its refused requests and console errors."""

    def __init__(self, browser, path: Path, query: str = ""):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.goto(path.as_uri() + query, wait_until="load")

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            self.external_requests.append(url)
            route.abort()

    def _console(self, message):
        if message.type == "error" and not any(k in message.text for k in KNOWN_CONSOLE_ERRORS):
            self.console_errors.append(message.text)

    def close(self):
        self.context.close()


def html_path(page: str) -> Path:
    return HTML / f"{page}.html"


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_offline(browser, built_html, page):
    path = html_path(page)
    assert path.is_file(), f"{path} was not built"
    visit = PageVisit(browser, path)
    try:
        has_math = visit.page.evaluate("document.querySelectorAll('.math').length") > 0
        if has_math:
            visit.page.wait_for_function("window.MathJax && MathJax.startup", timeout=20_000)
            visit.page.evaluate("MathJax.startup.promise")
        math_sources = visit.page.evaluate("document.querySelectorAll('.math').length")
        typeset = visit.page.evaluate("document.querySelectorAll('mjx-container').length")
        math_errors = visit.page.evaluate("document.querySelectorAll('mjx-merror').length")
        text = visit.page.evaluate(
            "(() => { const main = document.querySelector('main') || document.body;"
            " const copy = main.cloneNode(true);"
            " copy.querySelectorAll('pre, code, mjx-container, script').forEach(e => e.remove());"
            " return copy.innerText; })()"
        )
        images = visit.page.evaluate(
            "Array.from(document.querySelectorAll('main img')).map(i => "
            "({src: i.getAttribute('src'), alt: i.getAttribute('alt') || '',"
            " loaded: i.complete && i.naturalWidth > 0}))"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(SCREENSHOTS / f"{Path(page).name}.png"), full_page=True)
    finally:
        visit.close()

    assert visit.external_requests == [], "requests left the machine"
    assert visit.console_errors == [], "console errors"
    assert typeset >= math_sources, f"{math_sources} math blocks but {typeset} typeset"
    assert math_errors == 0, "MathJax reported TeX errors"
    leftovers = re.findall(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\frac|\\sum", text)
    assert leftovers == [], f"raw TeX left in the text: {leftovers[:5]}"
    for image in images:
        assert image["loaded"], f"image {image['src']} did not load"
        alt = image["alt"].strip()
        name = Path(urlsplit(image["src"]).path).name
        assert alt, f"image {image['src']} has no alt text"
        assert alt != name, f"image {image['src']} uses its file name as alt text"
        assert not alt.endswith((".png", ".svg", ".jpg")), f"alt text {alt!r} is a file name"


def local_links(path: Path) -> list[str]:
    html = path.read_text(encoding="utf-8")
    return re.findall(r'<a[^>]+href="([^"]+)"', html)


@pytest.mark.parametrize("page", PAGES)
def test_local_links_resolve(built_html, page):
    path = html_path(page)
    broken = []
    for href in local_links(path):
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
            continue
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(href)
            continue
        if parts.fragment and target.suffix == ".html":
            ids = set(re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8")))
            if unquote(parts.fragment) not in ids:
                broken.append(href)
    assert broken == [], f"broken local links on {page}: {broken}"


@pytest.mark.parametrize("page", PAGES)
def test_page_weight(built_html, page):
    path = html_path(page)
    html = path.read_text(encoding="utf-8")
    total = path.stat().st_size
    for source in set(re.findall(r'<img[^>]+src="([^"]+)"', html)):
        if urlsplit(source).scheme:
            continue
        total += (path.parent / unquote(source)).stat().st_size
    assert total <= MAX_PAGE_BYTES, f"{page} weighs {total} bytes with its images"


def test_search_finds_term_offline(browser, built_html):
    visit = PageVisit(browser, built_html / "search.html", "?q=entropy")
    try:
        visit.page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        hits = visit.page.evaluate("document.querySelectorAll('#search-results ul.search li').length")
    finally:
        visit.close()
    assert hits > 0
    assert visit.external_requests == []


def test_visit_records_external_request(browser, tmp_path):
    page = tmp_path / "external.html"
    page.write_text(
        '<html><body><img src="https://cdn.example.invalid/x.png" alt="remote">'
        "<script>console.error('broken script')</script></body></html>"
    )
    visit = PageVisit(browser, page)
    visit.close()
    assert visit.external_requests == ["https://cdn.example.invalid/x.png"]
    assert any("broken script" in error for error in visit.console_errors)
