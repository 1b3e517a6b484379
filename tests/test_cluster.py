"""`leaflet batch --scheduler`: the same batch on a Dask cluster (a LocalCluster of 2 worker
processes on 127.0.0.1), byte for byte the local batch's PDFs and manifest, written where the
command runs; and every answer from a worker checked before anything is written."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from distributed import LocalCluster

from leaflet import batch
from leaflet.batch import cluster
from leaflet.layout.options import LayoutOptions

from conftest import BRANDS, FORMAT, HAS_PROFILE, LOGO_PNG, MESO

FORMATS = ["a4", "a5-booklet", "dl-trifold"]


@pytest.fixture(scope="module")
def scheduler():
    # 127.0.0.1 only, every port chosen by the system (the scheduler's HTTP endpoint included, which
    # would otherwise take 8787 whether or not a dashboard is wanted)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as local:
        yield local.scheduler_address


@pytest.fixture
def inputs(tmp_path) -> Path:
    """Two contents; brands with a booking link (SVG logo, no logo, PNG logo in a subfolder, fonts
    of their own in a folder next to the brand), a brand that does not load, and the built-in one."""
    for folder in ("content", "brands", "brands/own-fonts", "brands/own-fonts/fonts/clinic", "brands/own-fonts/img"):
        (tmp_path / folder).mkdir(parents=True)
    shutil.copy(MESO, tmp_path / "content")
    shutil.copy(FORMAT / "content-example.yaml", tmp_path / "content")
    for name in ("harbour-skin.yaml", "harbour-skin-logo.svg", "northfield-aesthetics.yaml"):
        shutil.copy(BRANDS / name, tmp_path / "brands")
    own = tmp_path / "brands" / "own-fonts"
    shutil.copy(ROOT_FONTS / "DejaVuSans" / "DejaVuSans.ttf", own / "fonts" / "clinic" / "Clinic-Regular.ttf")
    shutil.copy(LOGO_PNG, own / "img" / "logo.png")
    (own / "brand.yaml").write_text(
        "name: Own Fonts Clinic\nphone: 0117 496 0123\nbooking_url: "
        "https://own.example/book\nlogo: img/logo.png\nfonts:\n  body: fonts/clinic\n",
        encoding="utf-8",
    )
    (tmp_path / "brands" / "broken.yaml").write_text("name: Broken\ncolors:\n  primary: blue-ish\n", encoding="utf-8")
    return tmp_path


ROOT_FONTS = Path(__file__).resolve().parent.parent / "fonts"


def plan(inputs: Path, out: str, options: LayoutOptions = LayoutOptions()) -> list[batch.Job]:
    brands = [inputs / "brands" / n for n in ("harbour-skin.yaml", "northfield-aesthetics.yaml", "broken.yaml")]
    brands += [inputs / "brands" / "own-fonts" / "brand.yaml", None]
    return batch.plan(sorted((inputs / "content").glob("*.yaml")), brands, FORMATS, inputs / out, options)


@pytest.mark.parametrize(
    "options", [LayoutOptions(), LayoutOptions(cmyk=True, bleed=3.0, crop_marks=True)], ids=["rgb", "cmyk"]
)
def test_a_cluster_batch_writes_the_local_batchs_bytes_and_manifest_here(scheduler, inputs, options):
    if options.cmyk and not HAS_PROFILE:
        pytest.skip("no CMYK ICC profile: apt-get install libgs-common")
    local = batch.run(plan(inputs, "local", options), inputs / "local", workers=1, force=True)
    remote = batch.run(plan(inputs, "remote", options), inputs / "remote", force=True, scheduler=scheduler)
    built = [r.key for r in local.results if r.status == "built"]
    assert len(built) >= 20 and [r.key for r in remote.results if r.status == "built"] == built
    for key in built:
        assert (inputs / "remote" / key).read_bytes() == (inputs / "local" / key).read_bytes(), key
    # the same failures, with the same located messages (the brand that does not load, the
    # mesotherapy leaflet that is too long for a tri-fold), and the same warnings
    assert [(r.key, r.status, r.message) for r in remote.results] == [
        (r.key, r.status, r.message) for r in local.results
    ]
    assert [r.warnings for r in remote.results] == [r.warnings for r in local.results]
    assert [r.layout_warnings for r in remote.results] == [r.layout_warnings for r in local.results]
    assert "broken.yaml:3:12:" in "".join(r.message for r in remote.results)
    manifest = json.loads((inputs / "remote" / "manifest.json").read_text())
    assert manifest == json.loads((inputs / "local" / "manifest.json").read_text())
    # and a second run skips what is unchanged, as a local batch does
    again = batch.run(plan(inputs, "remote", options), inputs / "remote", scheduler=scheduler)
    assert again.count("skipped") == len(built)


def test_the_command_with_scheduler(scheduler, inputs, cli):
    cli(
        "batch",
        "content/content-example.yaml",
        "--brand",
        "brands/harbour-skin.yaml",
        "--format",
        "a4",
        "letter",
        "--scheduler",
        scheduler,
    )
    assert cli.code == 0, cli.err
    assert "2 leaflets: 2 built" in cli.out
    assert sorted(p.name for p in (inputs / "output" / "harbour-skin").iterdir()) == [
        "content-example-a4.pdf",
        "content-example-letter.pdf",
    ]
    assert (inputs / "output" / "manifest.json").exists()


def test_release_is_refused_on_a_cluster_as_in_a_local_batch(scheduler, inputs, cli):
    """--release travels with each leaflet: a worker refuses what no clinician signed off, in the
    words a local batch uses."""
    args = ("batch", "content/content-example.yaml", "--brand", "brands/harbour-skin.yaml", "--jobs", "1", "--release")
    cli(*args, "-o", "local")
    local = cli.err
    cli(*args, "-o", "remote", "--scheduler", scheduler)
    assert cli.code == 1 and "1 failed" in cli.err and "a leaflet for release needs a clinical sign-off" in cli.err
    assert cli.err.split("FAILED ")[1].replace("remote/", "local/") == local.split("FAILED ")[1]
    assert not (inputs / "remote" / "harbour-skin").exists()


@pytest.mark.parametrize(
    "address",
    ["inproc://x", "tcp://host", "ws://10.0.0.5:8786", "10.0.0.5:99999", "tcp://a b:8786", "file:///etc/passwd"],
)
def test_a_scheduler_address_that_is_not_one_is_misuse(cli, inputs, address):
    cli("batch", "content/content-example.yaml", "--scheduler", address)
    assert cli.code == 2
    assert "is not a Dask scheduler address" in cli.err and "tcp://HOST:PORT" in cli.err
    assert not (inputs / "output").exists()


def test_a_scheduler_nobody_answers_at_is_a_message_and_nothing_written(cli, inputs, monkeypatch):
    cli("batch", "content/content-example.yaml", "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "2")
    assert cli.code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in cli.err and "dask scheduler" in cli.err
    assert "Traceback" not in cli.err
    assert not (inputs / "output").exists()


def test_a_scheduler_with_no_workers_is_a_message_and_nothing_written(cli, inputs, monkeypatch):
    with LocalCluster(
        n_workers=0, host="127.0.0.1", dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}
    ) as idle:
        # 10 s: the scheduler must answer the handshake within it (in this process, on a busy
        # machine too), then leaflet waits that long for a worker
        cli("batch", "content/content-example.yaml", "--scheduler", idle.scheduler_address, "--scheduler-timeout", "10")
    assert cli.code == 1
    assert f"the Dask scheduler at {idle.scheduler_address} has no workers" in cli.err and "dask worker" in cli.err
    assert not (inputs / "output").exists()


# ---------------------------------------------------------------- what a worker may send back


def jobs(n: int = 2) -> list[batch.Job]:
    return [
        batch.Job(Path("c.yaml"), None, LayoutOptions(), Path(f"out/{i}.pdf"), f"default/c-{i}.pdf") for i in range(n)
    ]


def answer(**item) -> dict:
    good = {
        "status": "built",
        "message": "",
        "warnings": [],
        "layout_warnings": [],
        "pdf": b"%PDF-1.4\n...\n%%EOF\n",
        "seconds": 0.1,
    }
    return {
        "fingerprint": cluster.fingerprint(),
        "results": [{**good, "key": f"default/c-{i}.pdf", **item} for i in range(2)],
    }


def test_a_good_answer_is_taken():
    results = cluster.checked(answer(), jobs(), cluster.fingerprint())
    assert [r.status for r in results] == ["built", "built"] and results[0].pdf.startswith(b"%PDF-1.4")


@pytest.mark.parametrize(
    "bad, why",
    [
        ({"pdf": b"<html>not a pdf</html>"}, "not a PDF"),
        ({"pdf": "%PDF-1.4 %%EOF"}, "neither a PDF nor a failure"),
        ({"status": "written"}, "neither a PDF nor a failure"),
        ({"key": "../../etc/passwd"}, "for another leaflet"),
        ({"warnings": "not a list"}, "warnings are not a list of text"),
        ({"layout_warnings": None}, "warnings are not a list of text"),
        ({"layout_warnings": [b"bytes"]}, "warning is not text"),
        ({"message": 42}, "message is not text"),
    ],
)
def test_an_answer_of_the_wrong_shape_is_refused_leaflet_by_leaflet(bad, why):
    results = cluster.checked(answer(**bad), jobs(), cluster.fingerprint())
    assert all(r.status == "failed" and why in r.message and "nothing was written" in r.message for r in results)
    assert all(r.pdf is None for r in results)


def test_an_answer_from_other_software_is_refused():
    foreign = {**answer(), "fingerprint": "leaflet 0.0.1, reportlab 3.0"}
    results = cluster.checked(foreign, jobs(), cluster.fingerprint())
    assert all("other software than this machine" in r.message and "leaflet 0.0.1" in r.message for r in results)
    assert all(r.status == "failed" for r in cluster.checked(["not", "a", "dict"], jobs(), cluster.fingerprint()))
    assert all(
        r.status == "failed" for r in cluster.checked({**answer(), "results": []}, jobs(), cluster.fingerprint())
    )


def test_a_pdf_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(cluster, "CLUSTER_PDF_BYTES", dataclasses.replace(cluster.CLUSTER_PDF_BYTES, value=10))
    results = cluster.checked(answer(), jobs(), cluster.fingerprint())
    assert all("larger than" in r.message and "PDF from a cluster" in r.message for r in results)


def test_what_a_worker_says_is_escaped_before_it_is_printed():
    results = cluster.checked(
        answer(status="failed", message="\x1b]0;owned\x07red\nline two", warnings=["\x1b[31mwarning"]),
        jobs(),
        cluster.fingerprint(),
    )
    assert results[0].message == "\\x1b]0;owned\\x07red\nline two"
    assert results[0].warnings == ["\\x1b[31mwarning"]


def test_a_worker_whose_shipped_fonts_differ_has_its_leaflets_refused():
    here = cluster.shipped_fonts()
    assert any(name.startswith("DejaVuSans/") for name in here) and any("Arabic" in name for name in here)
    assert cluster._fonts_differ(here) is None
    changed = {**here, "DejaVuSans/DejaVuSans.ttf": "0" * 64}
    assert cluster._fonts_differ(changed) == "DejaVuSans/DejaVuSans.ttf"
    answer = {"fingerprint": cluster.fingerprint(), "fonts_differ": "DejaVuSans/DejaVuSans.ttf", "results": []}
    results = cluster.checked(answer, jobs(), cluster.fingerprint())
    assert all("font file 'DejaVuSans/DejaVuSans.ttf'" in r.message and r.status == "failed" for r in results)


# ---------------------------------------------------------------- peers that are not schedulers


@contextlib.contextmanager
def listener(send: bytes | None):
    """A TCP listener on 127.0.0.1 that accepts every connection and then sends ``send`` (None:
    nothing, ever), as a wrong port or a hostile peer would. Yields its address and the seconds
    each connection lasted, from its accepting to the other end closing it (None: still open),
    as the listener's clock sees them: how long leaflet kept waiting on this peer, whatever the
    time it took to start."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop, held, lasted = threading.Event(), [], []
    readers: list[threading.Thread] = []

    def read_until_closed(conn: socket.socket, index: int, opened: float) -> None:
        with contextlib.suppress(OSError):
            while conn.recv(65536):
                pass
            lasted[index] = time.monotonic() - opened

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            opened = time.monotonic()
            held.append(conn)
            lasted.append(None)
            if send is not None:
                with contextlib.suppress(OSError):
                    conn.sendall(send)
            reader = threading.Thread(target=read_until_closed, args=(conn, len(lasted) - 1, opened), daemon=True)
            reader.start()
            readers.append(reader)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}", lasted
    finally:
        stop.set()
        thread.join()
        for conn in held:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        for reader in readers:
            reader.join()
        server.close()


@pytest.mark.parametrize(
    "send, message",
    [
        (None, "no answer from a Dask scheduler at {address} within 2 s (the 'scheduler answer' limit"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "what answered at {address} is not a Dask scheduler"),
        (bytes(range(256)) * 64, "what answered at {address} is not a Dask scheduler"),
        (
            b"\x01\x00\x00\x00\x00\x00\x00\x00" + b"\x10\x00\x00\x00\x00\x00\x00\x00" + b"\xc1" * 16,
            "what answered at {address} is not a Dask scheduler",
        ),
    ],
    ids=["silent", "http-server", "garbage", "unreadable-frame"],
)
def test_a_peer_that_is_not_a_scheduler_is_a_message_in_bounded_time(tmp_path, send, message):
    from bounded import PEAK, run_bounded, snapshot

    shutil.copy(FORMAT / "content-example.yaml", tmp_path)
    before = snapshot(tmp_path)
    with listener(send) as (address, lasted):
        run = run_bounded(
            ["batch", "content-example.yaml", "--scheduler", address, "--scheduler-timeout", "2"], tmp_path, seconds=20
        )
        # leaflet gave up within its 2 s limit (and its one second of grace), then exited: the
        # connections it opened were all closed. Without the limit a silent peer is waited on for
        # ever (Dask's own timeout covers reaching it, not its answer), with Dask's defaults 30 s.
        # Measured from the peer's side, so the time to start Python and import Dask, which a
        # busy machine stretches many times over, is not in it; the margin is for its exit.
        deadline = time.monotonic() + 60  # the readers see the close the child's exit made (an event, not a bound)
        while None in lasted and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lasted and None not in lasted and max(lasted) < 12, lasted
    assert run.code == 1, run.err
    assert run.err.startswith(message.format(address=address)), run.err
    assert "Traceback" not in run.err and "internal error" not in run.err and run.err.splitlines()[1].startswith("    ")
    assert run.peak < PEAK  # and its processor time is bounded by run_bounded
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("text", ["0", "601", "soon", "-5"])
def test_the_scheduler_timeout_is_1_to_600_seconds(cli, inputs, text):
    cli("batch", "content/content-example.yaml", "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", text)
    assert cli.code == 2 and "is not a number of seconds from 1 to 600" in cli.err


# ---------------------------------------------------------------- translations: their sources travel too

LANGUAGES = ("pl", "ar", "ur")


@pytest.fixture
def translations(tmp_path) -> Path:
    """The mesotherapy leaflet and its translations; in stale/, the same with the source moved on to
    version 1.3; in orphan/, the Polish translation without its source."""
    for folder in ("content", "stale", "orphan", "brands"):
        (tmp_path / folder).mkdir()
    for name in ("harbour-skin.yaml", "harbour-skin-logo.svg"):
        shutil.copy(BRANDS / name, tmp_path / "brands")
    names = [MESO.name] + [f"{MESO.stem}-{language}.yaml" for language in LANGUAGES]
    for name in names:
        shutil.copy(MESO.parent / name, tmp_path / "content")
    shutil.copy(MESO.parent / names[1], tmp_path / "stale" / "stale-pl.yaml")  # a name of its own to write
    text = MESO.read_text(encoding="utf-8")
    assert 'version: "1.3"' in text
    (tmp_path / "stale" / MESO.name).write_text(text.replace('version: "1.3"', 'version: "1.4"', 1), encoding="utf-8")
    shutil.copy(MESO.parent / names[1], tmp_path / "orphan" / "orphan-pl.yaml")
    return tmp_path


def test_translations_built_on_a_cluster_are_the_local_batchs_bytes(scheduler, translations):
    """Each worker gets the source a translation names (`translation_of`), which the lint reads: the
    same PDFs as a local batch, byte for byte, and the same findings, the source's version included."""

    def jobs(out: str) -> list[batch.Job]:
        contents = sorted((translations / "content").glob("*.yaml")) + [
            translations / "stale" / "stale-pl.yaml",
            translations / "orphan" / "orphan-pl.yaml",
        ]
        return batch.plan(contents, [translations / "brands" / "harbour-skin.yaml", None], ["a4"], translations / out)

    local = batch.run(jobs("local"), translations / "local", workers=1, force=True)
    remote = batch.run(jobs("remote"), translations / "remote", force=True, scheduler=scheduler)
    built = [r.key for r in local.results if r.status == "built"]
    # the leaflet and its three translations with both brands, and the stale translation
    assert len(built) == 10 and [r.key for r in remote.results if r.status == "built"] == built
    assert {language for language in LANGUAGES if any(f"-{language}-a4.pdf" in key for key in built)} == set(LANGUAGES)
    for key in built:
        assert (translations / "remote" / key).read_bytes() == (translations / "local" / key).read_bytes(), key
    assert [(r.key, r.status, r.message, r.warnings) for r in remote.results] == [
        (r.key, r.status, r.message, r.warnings) for r in local.results
    ]
    stale = [w for r in remote.results if "stale-pl" in r.key for w in r.warnings if "LF108" not in w]  # each
    assert len(stale) == 2 and all("LF703" in w and "version 1.4" in w for w in stale), stale  # also unsigned
    assert not any("LF703" in w for r in remote.results if "stale-pl" not in r.key for w in r.warnings)
    orphans = [r for r in remote.results if r.status == "failed"]
    assert len(orphans) == 2 and all(
        "LF706" in r.message
        and "leaflet-worker" not in r.message
        and str(translations / "orphan" / MESO.name) in r.message
        for r in orphans
    )
    # the manifest records the source as one of a translation's inputs
    manifest = json.loads((translations / "remote" / "manifest.json").read_text())
    assert manifest == json.loads((translations / "local" / "manifest.json").read_text())
    polish = manifest["outputs"][f"harbour-skin/{MESO.stem}-pl-a4.pdf"]
    assert str(translations / "content" / MESO.name) in polish["inputs"]
