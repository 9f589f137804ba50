"""Every Markdown `plan` writes from hostile plan text renders inert in cmark-gfm.

Builds tests/fixtures/handbook/hostile.yaml into a temporary folder, runs
`plan diff --format markdown` between it and a copy with more hostile text,
renders every .md output and the diff with GitHub's cmark-gfm (its GFM
extensions, raw HTML *not* filtered, so nothing is hidden) and asserts: no
<script>, <img>, <iframe> or other active element, no event handler
attribute, and every href/src is http, https, mailto, a fragment, or one of
the site's own pages beside it (`card.md`, `handbook.md#meeting-sync`).

Usage: python .ci/check_markdown.py target/release/plan
"""

import pathlib
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm import cmark

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "handbook" / "hostile.yaml"
ACTIVE = {"script", "img", "iframe", "object", "embed", "style", "link", "meta",
          "form", "button", "svg", "math", "video", "audio", "source", "base"}
SCHEMES = ("http://", "https://", "mailto:", "#")
# The site's own pages link to each other (a view's handbook and its card):
# a relative .md file beside the page, an optional fragment, nothing more.
SITE_PAGE = re.compile(r"^[a-z0-9-]+\.md(#[A-Za-z0-9_-]*)?$")


def render(markdown):
    return cmark.markdown_to_html_with_extensions(
        markdown,
        options=cmarkgfm.Options.CMARK_OPT_UNSAFE,
        extensions=["table", "autolink", "strikethrough", "tasklist"],
    )


class Inspector(HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE:
            self.problems.append(f"<{tag}> element")
        # The checklists' task boxes are the only inputs.
        if tag == "input" and dict(attrs).get("type") != "checkbox":
            self.problems.append(f"<input {attrs}> element")
        for key, value in attrs:
            value = (value or "").strip()
            if key.startswith("on"):
                self.problems.append(f"<{tag} {key}=...> handler")
            own_page = key == "href" and SITE_PAGE.match(value)
            if key in ("href", "src", "action", "formaction", "srcset") and not (value.lower().startswith(SCHEMES) or own_page):
                self.problems.append(f"<{tag} {key}={value!r}>")
            if "javascript:" in value.lower():
                self.problems.append(f"<{tag} {key}={value!r}>")

    handle_startendtag = handle_starttag


def check(name, markdown):
    inspector = Inspector(name)
    inspector.feed(render(markdown))
    inspector.close()
    return [f"{name}: {problem}" for problem in inspector.problems]


def main():
    plan = pathlib.Path(sys.argv[1]).resolve()
    problems = []
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        site = tmp / "site"
        subprocess.run([str(plan), "build", "-q", str(HOSTILE), "-o", str(site)], check=True)
        for md in sorted(site.rglob("*.md")):
            problems += check(str(md.relative_to(site)), md.read_text(encoding="utf-8"))
            checked += 1
        old = HOSTILE.read_text(encoding="utf-8")
        new = (old.replace("Reply within a day", "Reply <img src=x onerror=alert(1)> ![t](https://tracker.example/n.png) [r]: javascript:alert(2)\\n\\n[r] xmpp:a@b.example ftp://x.example")
                  .replace("Client {% raw %}", "Client <script>alert(3)</script> [x](javascript:alert(4)) "))
        (tmp / "old.yaml").write_text(old, encoding="utf-8")
        (tmp / "new.yaml").write_text(new, encoding="utf-8")
        diff = subprocess.run([str(plan), "diff", "old.yaml", "new.yaml", "--format", "markdown"],
                              cwd=tmp, check=True, capture_output=True, text=True).stdout
        if "Client &lt;script&gt;" not in diff:
            problems.append("plan diff: the hostile change is missing from its output")
        problems += check("plan diff", diff)
        checked += 1
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    print(f"cmark-gfm {cmark.CMARK_VERSION}: {checked} Markdown outputs of hostile text render inert")


if __name__ == "__main__":
    main()
