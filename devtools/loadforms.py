"""The forms of an HTML page with the values a browser would send, for
scripted users (the load test, tests that talk to a real server)."""

from html.parser import HTMLParser
from urllib.parse import urlencode


class Forms(HTMLParser):
    """Every <form> on a page with the values a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").lower(),
                    "fields": [],
                    "selects": {},
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            form["fields"].append([name, a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": [], "chosen": []}
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            self._select["options"].append(self._option or "")
            if "selected" in a:
                self._select["chosen"].append(self._option or "")
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "select" and self._select is not None:
            s = self._select
            chosen = s["chosen"] or ([] if s["multiple"] or not s["options"] else [s["options"][0]])
            form["selects"][s["name"]] = [o for o in s["options"] if o]
            form["fields"].extend([s["name"], v] for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form["fields"].append([self._textarea[0], self._textarea[1].removeprefix("\n")])
            self._textarea = None


def forms_of(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def post_form(form: dict) -> dict:
    """The keyword arguments that send the form, for requests and for
    Locust's FastHttpSession alike (which takes the body as a string)."""
    return {
        "data": urlencode([(k, v) for k, v in form["fields"]]),
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
    }


def set_field(form: dict, name: str, value: str) -> None:
    form["fields"] = [f for f in form["fields"] if f[0] != name] + [[name, value]]


def field(form: dict, name: str) -> str | None:
    return next((v for k, v in form["fields"] if k == name), None)
