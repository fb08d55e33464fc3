"""Osprey's `kestra` module: the API of Kestra's Python library (pip `kestra`) over the outputs
protocol Osprey reads from a task's output (`::{"outputs": …}::`, metrics, logs), standard library
only, so flows written for Kestra run unchanged:

    from kestra import Kestra
    Kestra.outputs({"rows": 42})
    Kestra.counter("rows", 42, {"table": "orders"})
    Kestra.timer("load", 1.5)
    Kestra.logger().info("done")
    rows = Kestra.read("data.ion")
"""

import json
import logging
import re
import sys
import time
from datetime import datetime, timezone


class Kestra:
    _logger = None

    @staticmethod
    def format(map_):
        return "::" + json.dumps(map_, default=str) + "::"

    @staticmethod
    def _send(map_):
        print(Kestra.format(map_), flush=True)

    @staticmethod
    def _metrics(name, type_, value, tags=None):
        Kestra._send({"metrics": [{"name": name, "type": type_, "value": value, "tags": tags or {}}]})

    @staticmethod
    def outputs(map_):
        Kestra._send({"outputs": map_})

    @staticmethod
    def counter(name, value, tags=None):
        Kestra._metrics(name, "counter", value, tags)

    @staticmethod
    def timer(name, duration, tags=None):
        """A duration in seconds, or a callable whose run is timed."""
        if callable(duration):
            start = time.monotonic()
            duration()
            duration = time.monotonic() - start
        Kestra._metrics(name, "timer", duration, tags)

    @staticmethod
    def logger():
        if Kestra._logger is not None:
            return Kestra._logger
        logger = logging.getLogger("Kestra")
        logger.setLevel(logging.DEBUG)
        out = logging.StreamHandler(sys.stdout)
        out.setLevel(logging.DEBUG)
        out.addFilter(lambda record: record.levelno <= logging.INFO)
        out.setFormatter(_JsonFormatter())
        err = logging.StreamHandler(sys.stderr)
        err.setLevel(logging.WARNING)
        err.setFormatter(_JsonFormatter())
        logger.addHandler(out)
        logger.addHandler(err)
        Kestra._logger = logger
        return logger

    @staticmethod
    def read(path_):
        """The records of an Ion file as Kestra writes them (one value per line) as dicts."""
        with open(path_, "r", encoding="utf-8") as file:
            return [_convert(v) for v in _IonReader(file.read()).values()]


class _JsonFormatter(logging.Formatter):
    _LEVELS = {logging.DEBUG: "DEBUG", logging.INFO: "INFO", logging.WARNING: "WARN"}

    def format(self, record):
        level = self._LEVELS.get(record.levelno, "ERROR" if record.levelno >= logging.ERROR else "TRACE")
        when = datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
        message = when.replace("+00:00", "Z") + " - " + record.getMessage()
        return Kestra.format({"logs": [{"level": level, "message": message}]})


def _convert(value):
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, _Timestamp):
        return datetime.fromisoformat(value.text.replace("Z", "+00:00"))
    # As Kestra's library: a string holding an ISO-8601 date-time (a LocalDateTime::"…") is a datetime.
    if isinstance(value, str) and _ISO_TEXT.match(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


_ISO_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


class _Timestamp:
    def __init__(self, text):
        self.text = text


class _IonReader:
    """Ion text: structs, lists, s-expressions, strings, symbols, numbers, timestamps, null, bool, annotations."""

    _TOKEN = re.compile(
        r"""\s+|//[^\n]*|/\*.*?\*/|(?P<str>"(?:[^"\\]|\\.)*")|(?P<long>'''(?:[^'\\]|\\.)*?''')|(?P<sym>'(?:[^'\\]|\\.)*')"""
        r"""|(?P<ts>\d{4}-\d{2}-\d{2}(?:T(?:\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)?(?![\w-]))"""
        r"""|(?P<punct>::|[{}\[\](),:])|(?P<word>[^\s{}\[\](),:"']+)""",
        re.S,
    )

    def __init__(self, text):
        self.tokens = [
            (m.lastgroup, m.group(m.lastgroup)) for m in self._TOKEN.finditer(text) if m.lastgroup is not None
        ]
        self.pos = 0

    def values(self):
        while self.pos < len(self.tokens):
            value = self._value()
            if value is not _IVM:
                yield value

    def _next(self):
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def _value(self):
        kind, text = self._next()
        while self._peek() == ("punct", "::"):  # an annotation: the value follows
            self._next()
            kind, text = self._next()
        if kind == "punct" and text == "{":
            out = {}
            while self._peek() != ("punct", "}"):
                key = self._name(*self._next())
                self._next()  # ':'
                out[key] = self._value()
                if self._peek() == ("punct", ","):
                    self._next()
            self._next()
            return out
        if kind == "punct" and text in "[(":
            close = "]" if text == "[" else ")"
            out = []
            while self._peek() != ("punct", close):
                out.append(self._value())
                if self._peek() == ("punct", ","):
                    self._next()
            self._next()
            return out
        if kind in ("str", "long", "sym"):
            return self._name(kind, text)
        if kind == "ts":
            return _Timestamp(text if "T" in text and len(text) > 11 else text.rstrip("T") + "T00:00:00Z")
        return self._word(text)

    @staticmethod
    def _name(kind, text):
        if kind == "str":
            return json.loads(re.sub(r"\\x([0-9a-fA-F]{2})", r"\\u00\1", text.replace("\\'", "'")))
        if kind in ("sym", "long"):
            inner = text[3:-3] if kind == "long" else text[1:-1]
            return json.loads('"' + re.sub(r"\\x([0-9a-fA-F]{2})", r"\\u00\1", inner.replace("\\'", "'").replace('"', '\\"')) + '"')
        return text

    @staticmethod
    def _word(text):
        if text == "$ion_1_0":
            return _IVM
        if text == "null" or text.startswith("null."):
            return None
        if text in ("true", "false"):
            return text == "true"
        number = text.replace("_", "")
        try:
            if re.match(r"^[+-]?(0x[0-9a-fA-F]+|0b[01]+|\d+)$", number):
                return int(number, 0)
            return float(number.lower().replace("d", "e"))
        except ValueError:
            return text


_IVM = object()
