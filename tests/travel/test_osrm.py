"""The OSRM client against a local HTTP server that answers OSRM's table protocol from
lastleg's own RoadNetwork (no outside network): same matrices, tiles within the server's
table limit, retries, and clear errors for a refused connection, HTTP errors and
malformed answers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

pytest.importorskip("osmium")

from lastleg import OSRM, InputError
from lastleg.travel.roads import RoadNetwork

EXTRACT = Path(__file__).resolve().parents[1] / "data" / "osm" / "helsinki.osm.pbf"
LIMIT = 10


class FakeOSRM:
    """A table server over a RoadNetwork; ``fail`` scripts HTTP errors or junk."""

    def __init__(self, net: RoadNetwork) -> None:
        self.net = net
        self.requests: list[tuple[int, int]] = []
        self.fail: list[int | str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:
                outer.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        if self.fail:
            what = self.fail.pop(0)
            if what == "junk":
                self.reply(h, 200, b"{not json")
            else:
                self.reply(h, int(what), b'{"code": "Error"}')
            return
        url = urlsplit(h.path)  # (urlparse would cut the path at its first ";")
        coords = url.path.split("/")[-1]
        lonlat = np.array([[float(x) for x in c.split(",")] for c in coords.split(";")])
        query = parse_qs(url.query)
        src = [int(x) for x in query["sources"][0].split(";")]
        dst = [int(x) for x in query["destinations"][0].split(";")]
        if len(src) * len(dst) > LIMIT * LIMIT:
            self.reply(h, 400, b'{"code": "TooBig"}')
            return
        self.requests.append((len(src), len(dst)))
        dist, dur = self.net.matrix(lonlat[src][:, ::-1], lonlat[dst][:, ::-1])
        body = {"code": "Ok",
                "durations": [[None if not np.isfinite(v) else v for v in r] for r in dur.tolist()],
                "distances": [[None if not np.isfinite(v) else v for v in r] for r in dist.tolist()]}
        self.reply(h, 200, json.dumps(body).encode())

    @staticmethod
    def reply(h: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> RoadNetwork:
    return RoadNetwork.from_osm(EXTRACT, cache_dir=tmp_path_factory.mktemp("c"))


@pytest.fixture
def server(net: RoadNetwork) -> Iterator[FakeOSRM]:
    fake = FakeOSRM(net)
    yield fake
    fake.server.shutdown()


def points(net: RoadNetwork, n: int, seed: int) -> np.ndarray:
    b = net.bbox
    rng = np.random.default_rng(seed)
    return net.on_roads(np.column_stack([rng.uniform(b[0], b[2], n), rng.uniform(b[1], b[3], n)]))


def test_tiled_matrix_equals_the_network(net: RoadNetwork, server: FakeOSRM) -> None:
    client = OSRM(server.url, max_table_size=LIMIT, concurrency=3)
    a, b = points(net, 23, 1), points(net, 17, 2)
    dist, dur = client.matrix(a, b)
    want_d, want_t = net.matrix(a, b)
    assert np.allclose(dist, want_d) and np.allclose(dur, want_t)
    assert len(server.requests) == 3 * 2
    assert all(s <= LIMIT and d <= LIMIT for s, d in server.requests)
    pd, pt = client.pairs(a[:5], b[:5])
    assert np.allclose(pd, want_d[np.arange(5), np.arange(5)])
    assert np.allclose(pt, want_t[np.arange(5), np.arange(5)])


def test_retries_then_succeeds(net: RoadNetwork, server: FakeOSRM) -> None:
    server.fail = [503, 503]
    client = OSRM(server.url, max_table_size=LIMIT, retries=2, backoff=0.01)
    dist, _ = client.matrix(points(net, 3, 4))
    assert dist.shape == (3, 3) and server.fail == []


@pytest.mark.parametrize(("fail", "message"), [
    ([500, 500], "HTTP 500"), ([404], "HTTP 404"), (["junk"], "not JSON"),
])
def test_server_errors_name_the_request(net: RoadNetwork, server: FakeOSRM, fail: list,
                                        message: str) -> None:
    server.fail = list(fail)
    client = OSRM(server.url, retries=1, backoff=0.01)
    with pytest.raises(InputError, match=message) as info:
        client.matrix(points(net, 2, 5))
    assert "/table/v1/driving/" in str(info.value)


def test_refused_connection_is_a_clear_error() -> None:
    fake = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = fake.server_address[1]
    fake.server_close()  # nothing listens there now
    client = OSRM(f"http://127.0.0.1:{port}", retries=1, backoff=0.01, timeout=2)
    with pytest.raises(InputError, match=r"no answer .* after 2 tries"):
        client.matrix([[60.17, 24.94], [60.175, 24.95]])


def test_bad_settings() -> None:
    with pytest.raises(InputError, match="http"):
        OSRM("localhost:5000")
    with pytest.raises(InputError, match="max_table_size"):
        OSRM("http://x", max_table_size=0)
