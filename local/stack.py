"""Starts and stops the whole local stack: emulators, resources, handlers, gateway, scheduler, pollers.

Order matters: every port is bound first (a busy port fails in milliseconds), DynamoDB Local is
launched (it starts while the template is synthesized), then the template is reproduced (tables on
DynamoDB Local, or on moto where Java 17+ is missing; the rest on moto), the environment is set,
the handlers are imported, the demo data is seeded, and only then does the gateway accept requests.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local import aws, providers
from local.auth import JwtAuthorizer
from local.capture import capture, install
from local.console import OUTPUT_KEY
from local.dynamodb_local import DynamoDBLocal, EngineUnavailable
from local.gateway import Gateway, GatewayServer
from local.intrinsics import Resolver
from local.lambdas import LambdaRuntime, merged_environment
from local.queues import QueuePoller, create_queues
from local.ready import ENGINE_LOCAL
from local.routing import Router
from local.scheduler import JobRunner, Scheduler
from local.streams import StreamPoller, wait_quiet
from local.synth import TemplateSynth
from local.template import ACCOUNT_ID, StackSpec, TemplateError, parse_template
from local.web import DEFAULT_DIST, WebApp, WebServer, local_config

log = logging.getLogger("local.stack")


def _preload_libraries() -> None:
    """Import the handlers' heavy dependencies (none reads configuration at import)."""
    for name in (
        "pydantic",
        "pynamodb.models",
        "aws_lambda_powertools",
        "aws_lambda_powertools.event_handler",
    ):
        try:
            importlib.import_module(name)
        except ImportError:
            log.debug("cannot preload %s", name)


def local_cors(cors: dict[str, Any], web_origin: str, deployed_origin: str) -> dict[str, Any]:
    """The API's CORS as the template declares it, with the local web origin allowed: it stands for
    the distribution's (`deployed_origin`, as resolved locally). A template without CORS stays so."""
    if not cors:
        log.warning("the HTTP API has no CORS in the template: the web app at %s cannot call it", web_origin)
        return cors
    origins = [web_origin if o == deployed_origin else o for o in cors.get("AllowOrigins") or []]
    if web_origin not in origins:
        origins.append(web_origin)
    return {**cors, "AllowOrigins": origins}


@dataclass
class Options:
    port: int = 3000
    aws_port: int = 5005
    web_port: int = 3001
    web_dist: Path = DEFAULT_DIST
    state_dir: Path = Path(".local")
    scheduler: bool = True
    stage: str = "dev"
    seed: bool = True
    cache_dir: Path | None = None
    exit_with_parent: bool = False
    # Fraction of stream batches delivered twice, as Lambda's at-least-once delivery may (0: never).
    stream_redeliver: float = 0.0
    verbose: bool = False  # the console also shows what the functions print (records, metrics)
    # Where the tables live: "auto" (DynamoDB Local, or moto where it cannot run), "local" or "moto".
    dynamodb: str = "auto"
    dynamodb_port: int = 0  # DynamoDB Local's port (0: any free port)


@dataclass
class LocalStack:
    """The running stack; `start()` returns the stack.json document, `stop()` undoes everything."""

    options: Options
    info: dict[str, Any] = field(default_factory=dict)
    _moto: aws.MotoServer | None = None
    _engine: DynamoDBLocal | None = None
    _synth: TemplateSynth | None = None
    _gateway: GatewayServer | None = None
    _web: WebServer | None = None
    _threads: list[Scheduler | StreamPoller | QueuePoller] = field(default_factory=list)
    _queue_urls: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def _runtime(spec: StackSpec, envs: dict[str, dict[str, str]]) -> tuple[LambdaRuntime, list[str]]:
        """The functions, imported (the handlers that cannot be, named), the pool's mail trigger wired."""
        runtime = LambdaRuntime(spec.functions, envs)
        failures = runtime.warm()
        aws.use_mail_trigger(spec, runtime)
        return runtime, failures

    def start(self) -> dict[str, Any]:
        install()  # before any handler is imported: the console sorts what the functions print
        self._gateway = GatewayServer(self.options.port)
        self._web = WebServer(self.options.web_port)
        self._moto, fallback = self._bind_aws()
        self._synth = TemplateSynth(
            self.options.stage, self.options.cache_dir or self.options.state_dir / "cache"
        )
        if not self._synth.cached:
            log.info("synthesizing the CDK template (infra or functions changed since the last start; ~20 s)")
        self._moto.start()
        endpoint = self._moto.url
        tables_endpoint = self._tables_endpoint()
        self._set_base_env(endpoint, tables_endpoint)
        _preload_libraries()  # overlaps the synth: the imports handlers will need anyway

        spec = parse_template(self._synth.result())
        log.info(
            "template synthesized: %d tables, %d functions, %d routes, %d schedules, %d stream mappings",
            len(spec.tables),
            len(spec.functions),
            len(spec.routes),
            len(spec.schedules),
            len(spec.stream_mappings),
        )
        refs, attrs = self._local_names(spec)
        tables = aws.create_tables(tables_endpoint, spec, Resolver(aws.REGION, refs, attrs))
        attrs.update(aws.table_attributes(tables))
        pool_lid, pool_id, client_lid, client_id = aws.create_user_pool(
            endpoint, spec, Resolver(aws.REGION, refs, attrs)
        )
        for lid, arn in aws.create_secrets(endpoint, spec, Resolver(aws.REGION, refs, attrs)).items():
            refs[lid] = attrs[(lid, "Id")] = arn
        self._create_queues_and_buckets(endpoint, spec, refs, attrs)
        refs[pool_lid], refs[client_lid] = pool_id, client_id
        attrs[(pool_lid, "Arn")] = f"arn:aws:cognito-idp:{aws.REGION}:{ACCOUNT_ID}:userpool/{pool_id}"
        attrs[(pool_lid, "ProviderURL")] = f"cognito-idp.{aws.REGION}.amazonaws.com/{pool_id}"
        attrs[(pool_lid, "ProviderName")] = attrs[(pool_lid, "ProviderURL")]
        emulated = {lid for lid, _ in attrs} | set(refs)
        unemulated = {lid: t for lid, t in spec.resource_types.items() if lid not in emulated}
        resolve = Resolver(aws.REGION, refs, attrs, unemulated)

        envs = {
            lid: {k: str(v) for k, v in resolve(fn.environment).items()} for lid, fn in spec.functions.items()
        }
        connections = providers.provision(endpoint, self._gateway.url, self._web.url)
        for env in envs.values():
            if "CONNECTIONS_TABLE" in env:  # the api function connects accounts at the gateway's fakes
                env.update(connections)
            if "WEB_URL" in env:
                env["WEB_URL"] = self._web.url  # digests link to this web app (CloudFront is not emulated)
            if "PUBLIC_BASE_URL" in env and not env["PUBLIC_BASE_URL"]:
                env["PUBLIC_BASE_URL"] = self._gateway.url  # short links point at this gateway
            if "POWERTOOLS_LOG_LEVEL" in env:
                # The console reads the caller's role from the api's DEBUG record (shown with --verbose).
                env["POWERTOOLS_LOG_LEVEL"] = "DEBUG"
        os.environ.update(merged_environment(envs))
        aws.verify_sender_domains(endpoint, [v for env in envs.values() for v in env.values() if "@" in v])
        runtime, failures = self._runtime(spec, envs)

        users = self._seed(endpoint, pool_id)

        authorizers = {
            lid: JwtAuthorizer(
                jwks_url=f"{endpoint}/{pool_id}/.well-known/jwks.json",
                issuer=str(resolve(a.issuer)),
                audiences=[str(resolve(x)) for x in a.audience],
            )
            for lid, a in spec.authorizers.items()
        }
        runner = JobRunner(spec.schedules, runtime)
        gateway = Gateway(
            Router(spec.routes),
            runtime,
            authorizers,
            run_job=runner,
            cors=local_cors(resolve(spec.cors), self._web.url, f"https://{self._web.netloc}"),
            streams=self.stream_control,
        )
        self._start_threads(spec, runtime, runner, (tables_endpoint, endpoint), attrs)
        self._gateway.start(gateway)
        web = self._start_web(pool_id, client_id, endpoint)

        self.info = {
            "web_url": self._web.url,
            "web_dist": str(web.dist),
            "api_url": self._gateway.url,
            "aws_endpoint_url": endpoint,
            # The tables (and their streams): DynamoDB Local, any dummy credentials; moto's otherwise.
            "dynamodb_endpoint_url": tables_endpoint,
            "dynamodb_engine": "moto" if self._engine is None else ENGINE_LOCAL,
            **({"dynamodb_fallback": fallback} if fallback else {}),
            "region": aws.REGION,
            "user_pool_id": pool_id,
            "user_pool_client_id": client_id,
            "tables": {lid: aws.local_table_name(lid) for lid in spec.tables},
            # The functions' table variables, so tools can bind the store models to this stack.
            "table_env": {
                name: value
                for env in envs.values()
                for name, value in sorted(env.items())
                if name.endswith("_TABLE")
            },
            "stream_redeliver": self.options.stream_redeliver,
            "jobs": sorted(runner.schedules),
            "handler_import_failures": failures,
            "users": users,
        }
        self._write_info()
        return self.info

    def _create_queues_and_buckets(
        self, endpoint: str, spec: StackSpec, refs: dict[str, str], attrs: dict[tuple[str, str], str]
    ) -> None:
        """The queues (a queue's Ref is its URL) and the buckets, by the names the functions get."""
        self._queue_urls = create_queues(endpoint, spec, Resolver(aws.REGION, refs, attrs))
        refs.update(self._queue_urls)
        for lid, bucket in aws.create_buckets(endpoint, spec).items():
            refs[lid] = bucket
            attrs[(lid, "Arn")] = f"arn:aws:s3:::{bucket}"

    def _bind_aws(self) -> tuple[aws.MotoServer, str | None]:
        """moto bound and DynamoDB Local launched (the JVM starts while the template is synthesized);
        also returns why the tables are on moto when DynamoDB Local cannot run here (else None)."""
        self._engine, fallback = self._dynamodb_engine()
        moto = aws.MotoServer(self.options.aws_port, dynamodb=self._engine is None)
        if self._engine is not None:
            self._engine.launch()
        return moto, fallback

    def _tables_endpoint(self) -> str:
        """Where the tables are: DynamoDB Local once it answers, else moto."""
        assert self._moto is not None
        if self._engine is None:
            return self._moto.url
        self._engine.wait_ready()
        log.info("tables on DynamoDB Local at %s", self._engine.url)
        return self._engine.url

    def _dynamodb_engine(self) -> tuple[DynamoDBLocal | None, str | None]:
        """DynamoDB Local (not yet launched) unless told to use moto; with "auto", moto and the reason
        when the engine cannot run here (no Java 17+, no npm package)."""
        if self.options.dynamodb == "moto":
            return None, None
        try:
            return DynamoDBLocal(
                self.options.state_dir / "dynamodb-local.log", self.options.dynamodb_port
            ), None
        except EngineUnavailable as exc:
            if self.options.dynamodb == "local":
                raise
            log.warning("the tables are on moto: %s", exc)
            return None, str(exc)

    def _start_web(self, pool_id: str, client_id: str, endpoint: str) -> WebApp:
        """The web origin, its config.json naming this gateway, pool, client and Cognito (moto)."""
        assert self._gateway is not None and self._web is not None
        config = local_config(self._gateway.url, aws.REGION, pool_id, client_id, cognito_endpoint=endpoint)
        web = WebApp(self.options.web_dist, config, connect_src=[self._gateway.url, endpoint])
        self._web.start(web)
        return web

    def _write_info(self) -> None:
        self.options.state_dir.mkdir(parents=True, exist_ok=True)
        path = self.options.state_dir / "stack.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.info, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file

    def _seed(self, endpoint: str, pool_id: str) -> list[dict[str, str]]:
        """The demo orgs (none with --no-seed): their users for stack.json."""
        if not self.options.seed:
            return []
        from local.seed import seed

        with capture() as output:  # the functions' records and metrics: shown with --verbose
            users = seed(endpoint, pool_id)
        orgs = len({u["org_id"] for u in users})
        log.info("seeded %d demo orgs, %d users", orgs, len(users), extra={OUTPUT_KEY: output})
        return users

    def _set_base_env(self, endpoint: str, tables_endpoint: str) -> None:
        """What every handler and boto3 client in this process sees: the emulators, never real AWS
        (botocore takes a service's own endpoint variable over AWS_ENDPOINT_URL)."""
        os.environ.update(
            {
                "AWS_ENDPOINT_URL": endpoint,
                "AWS_ENDPOINT_URL_DYNAMODB": tables_endpoint,
                "AWS_ENDPOINT_URL_DYNAMODB_STREAMS": tables_endpoint,
                "AWS_DEFAULT_REGION": aws.REGION,
                "AWS_REGION": aws.REGION,
                "AWS_ACCESS_KEY_ID": aws.CREDENTIALS["aws_access_key_id"],
                "AWS_SECRET_ACCESS_KEY": aws.CREDENTIALS["aws_secret_access_key"],
                "POWERTOOLS_TRACE_DISABLED": "true",
                "NO_PROXY": "127.0.0.1,localhost",
                # Link previews and feeds may fetch 127.0.0.1 (the gateway's /_local/pages); the
                # deployed functions never set it (tests/infra checks).
                "ALLOW_LOOPBACK_FETCH": "1",
            }
        )
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            os.environ.pop(name, None)

    def _local_names(self, spec: StackSpec) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        """What Ref and Fn::GetAtt return locally for everything known before the pool exists."""
        assert self._gateway is not None
        refs: dict[str, str] = {lid: aws.local_table_name(lid) for lid in spec.tables}
        attrs: dict[tuple[str, str], str] = {}
        for lid in spec.functions:
            refs[lid] = f"advocacy-local-{lid}"
            attrs[(lid, "Arn")] = f"arn:aws:lambda:{aws.REGION}:{ACCOUNT_ID}:function:advocacy-local-{lid}"
        for lid in spec.apis:
            refs[lid] = "local"
            attrs[(lid, "ApiEndpoint")] = self._gateway.url
            attrs[(lid, "ApiId")] = "local"
        assert self._web is not None
        for lid in spec.distributions:  # the web app's origin is the local web server
            refs[lid] = f"local-{lid}"
            attrs[(lid, "DomainName")] = self._web.netloc
        for lid in spec.queues:
            refs[lid] = f"{aws.REGION}/queue/advocacy-local-{lid}"
            attrs[(lid, "Arn")] = f"arn:aws:sqs:{aws.REGION}:{ACCOUNT_ID}:advocacy-local-{lid}"
            attrs[(lid, "QueueName")] = f"advocacy-local-{lid}"
        return refs, attrs

    def _start_threads(
        self,
        spec: StackSpec,
        runtime: LambdaRuntime,
        runner: JobRunner,
        endpoints: tuple[str, str],
        attrs: dict[tuple[str, str], str],
    ) -> None:
        """Stream pollers read the tables' endpoint (DynamoDB Local or moto), queue pollers moto's."""
        tables_endpoint, aws_endpoint = endpoints
        for mapping in spec.stream_mappings:
            if not mapping.enabled:
                continue
            stream_arn = attrs.get((mapping.table_id, "StreamArn"))
            if stream_arn is None:
                raise TemplateError(
                    f"{mapping.logical_id} reads the stream of {mapping.table_id}, which has none"
                )
            poller = StreamPoller(
                mapping,
                stream_arn,
                tables_endpoint,
                runtime,
                self.options.state_dir,
                redeliver=self.options.stream_redeliver,
                label=spec.functions[mapping.function_id].name,
            )
            poller.start()
            self._threads.append(poller)
        for queued in spec.queue_mappings:  # SQS event sources (the auto-share poster)
            if queued.enabled:
                consumer = QueuePoller(queued, self._queue_urls[queued.queue_id], aws_endpoint, runtime)
                consumer.start()
                self._threads.append(consumer)
        if self.options.scheduler and spec.schedules:
            scheduler = Scheduler(
                spec.schedules, runner, async_invoke=spec.async_invoke, state_dir=self.options.state_dir
            )
            scheduler.start()
            self._threads.append(scheduler)

    def stream_control(
        self, redeliver: float | None = None, quiet_within: float | None = None, enabled: bool | None = None
    ) -> dict[str, Any]:
        """`/_local/streams`: what each stream poller has delivered (and duplicated) so far; with
        `redeliver`, first sets the fraction of batches every poller delivers twice; with
        `quiet_within`, first waits up to that many seconds for every stream to be quiet (`quiet`
        in the answer says whether they were); `enabled` false holds every poller (its records wait
        on the stream, as behind a disabled event source mapping), true lets them poll again."""
        pollers = [t for t in self._threads if isinstance(t, StreamPoller)]
        if redeliver is not None:
            self.options.stream_redeliver = redeliver
            for poller in pollers:
                poller.redeliver = redeliver
        if enabled is not None:
            for poller in pollers:
                poller.enabled = enabled
                poller.poke()
        answer: dict[str, Any] = {}
        if quiet_within is not None:
            answer["quiet"] = wait_quiet(pollers, quiet_within)
        return {
            **answer,
            "redeliver": self.options.stream_redeliver,
            "mappings": [p.status() for p in pollers],
        }

    def stop(self) -> None:
        """Stop accepting requests first, then the background threads, then the emulator."""
        if self._synth is not None:
            self._synth.cancel()
        if self._web is not None:
            self._web.stop()
        if self._gateway is not None:
            self._gateway.stop()
        for thread in self._threads:
            thread.stop()
        for thread in self._threads:
            thread.join(timeout=10)
            if thread.is_alive():
                log.warning("%s did not stop within 10s", thread.name)
        if self._moto is not None:
            self._moto.stop()
        if self._engine is not None:
            self._engine.stop()
