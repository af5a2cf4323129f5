"""Fakes of LinkedIn's and X's APIs on the local gateway (`/_local/providers/{network}/...`), with their
real wire formats, so connecting and posting run end to end here without the networks.

- `GET  .../authorize`: consents at once; 302 back to `redirect_uri` with `code` and `state`.
- `POST .../token` (LinkedIn `/oauth/v2/accessToken`, X `/2/oauth2/token`): the code for tokens.
  LinkedIn: a 60-day token, no refresh token. X: a 2-hour token and a refresh token that rotates
  (each one works once); the PKCE verifier is checked against the authorize's S256 challenge.
- `GET  .../v2/userinfo` (LinkedIn: `sub`), `GET .../2/users/me` (X: `data.id`; with
  `user.fields=public_metrics`, `data.public_metrics.followers_count` too: `X_FOLLOWERS` unless
  `POST .../followers {"count": n}` set another).
- `POST .../2/oauth2/revoke` (X): the token stops working.
- `POST .../rest/posts` (LinkedIn): `LinkedIn-Version` (YYYYMM, else 426 NONEXISTENT_VERSION) and
  `X-Restli-Protocol-Version: 2.0.0` required; the author must be the token's member (403
  ACCESS_DENIED); a body without commentary/visibility/distribution/lifecycleState is a 422; 201 with
  `x-restli-id`. `POST .../2/tweets` (X): 201 `{"data": {"id", "text"}}` with `x-rate-limit-*`
  headers; the same text twice is the 403 duplicate.
- `GET /_local/providers/{network}/posts` lists what was posted; `POST .../faults`
  `{"status": 429, "headers": {...}, "count": 1, "path": "/2/tweets"}` makes the next `count` calls
  (to `path` only, if given) answer that status in the network's error format (401, 402, 403, 422,
  426, 429, 5xx). `POST .../reset` forgets everything.

State is in memory, one per process. Clients are not registered: the token request must name the
client the authorize named, with a non-empty secret. Local only, never deployed."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from local.payload import HttpResponse

PROVIDERS_PREFIX = "/_local/providers/"
LINKEDIN_TOKEN_SECONDS = 60 * 24 * 3600
X_TOKEN_SECONDS = 2 * 3600
X_RATE_LIMIT = 100
X_FOLLOWERS = 1_234
TOKEN_PATHS = {"linkedin": "/oauth/v2/accessToken", "x": "/2/oauth2/token"}
USER_PATHS = {"linkedin": "/v2/userinfo", "x": "/2/users/me"}
POST_PATHS = {"linkedin": "/rest/posts", "x": "/2/tweets"}
LINKEDIN_VERSIONS = frozenset({"202401", "202406", "202410", "202501", "202506", "202510", "202601"})
_JSON = ("content-type", "application/json")


@dataclass
class _Fault:
    status: int
    headers: dict[str, str]
    count: int
    path: str | None


@dataclass
class _Network:
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    access: dict[str, str] = field(default_factory=dict)  # token -> user id
    refresh: dict[str, str] = field(default_factory=dict)  # refresh token -> user id (single use)
    posts: list[dict[str, Any]] = field(default_factory=list)
    faults: list[_Fault] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)  # users whose token was revoked (for tests)
    followers: int = X_FOLLOWERS  # what X's users/me reports as every user's follower count


_lock = threading.Lock()
_state: dict[str, _Network] = {"linkedin": _Network(), "x": _Network()}


def reset() -> None:
    with _lock:
        for network in _state:
            _state[network] = _Network()


def _json(status: int, body: Any, headers: list[tuple[str, str]] | None = None) -> HttpResponse:
    return HttpResponse(status, [_JSON, *(headers or [])], json.dumps(body).encode())


def _oauth_error(error: str, description: str) -> HttpResponse:
    return _json(400, {"error": error, "error_description": description})


def _linkedin_error(status: int, code: str, message: str) -> HttpResponse:
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if status in (401, 403):
        body["serviceErrorCode"] = 65600 if status == 401 else 100
    return _json(status, body)


def _x_error(
    status: int, title: str, detail: str, headers: list[tuple[str, str]] | None = None
) -> HttpResponse:
    body = {"title": title, "detail": detail, "type": "about:blank", "status": status}
    return _json(status, body, headers)


LINKEDIN_FAULTS = {
    401: ("INVALID_ACCESS_TOKEN", "Invalid access token"),
    403: ("ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260101"),
    422: ("UNPROCESSABLE_ENTITY", "ERROR :: /commentary :: is invalid"),
    426: ("NONEXISTENT_VERSION", "Requested version 20990101 is not active"),
    429: (
        "TOO_MANY_REQUESTS",
        "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
    ),
}
X_FAULTS = {
    401: ("Unauthorized", "Unauthorized"),
    402: ("CreditsDepleted", "Your enrolled account does not have any credits to fulfill this request."),
    403: ("Forbidden", "You are not allowed to create a Tweet with duplicate content."),
    429: ("Too Many Requests", "Too Many Requests"),
}


def _fault_answer(network: str, fault: _Fault) -> HttpResponse:
    headers = list(fault.headers.items())
    if network == "linkedin":
        code, message = LINKEDIN_FAULTS.get(fault.status, ("SERVER_ERROR", "Internal Server Error"))
        answer = _linkedin_error(fault.status, code, message)
        answer.headers.extend(headers)
        return answer
    title, detail = X_FAULTS.get(fault.status, ("Service Unavailable", "Service Unavailable"))
    return _x_error(fault.status, title, detail, headers)


def _take_fault(network: str, path: str) -> _Fault | None:
    faults = _state[network].faults
    for fault in faults:
        if fault.path is None or fault.path == path:
            fault.count -= 1
            if fault.count <= 0:
                faults.remove(fault)
            return fault
    return None


def _bearer(network: str, headers: dict[str, str]) -> str | None:
    """The user of the request's access token, or None."""
    auth = headers.get("authorization", "")
    if not auth.lower().startswith("bearer "):
        return None
    return _state[network].access.get(auth[7:].strip())


def _client_of(headers: dict[str, str], form: dict[str, str]) -> tuple[str, str]:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        return client_id, secret
    return form.get("client_id", ""), form.get("client_secret", "")


def _authorize(network: str, query: dict[str, str]) -> HttpResponse:
    redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
    if query.get("response_type") != "code" or not redirect_uri or not query.get("client_id"):
        return _oauth_error("invalid_request", "response_type=code, client_id and redirect_uri are required")
    if network == "x" and query.get("code_challenge_method") != "S256":
        return _oauth_error("invalid_request", "code_challenge with code_challenge_method=S256 is required")
    code = secrets.token_urlsafe(16)
    user = query.get("login_hint") or hashlib.sha256(state.encode()).hexdigest()[:12]
    _state[network].codes[code] = {
        "client_id": query["client_id"],
        "redirect_uri": redirect_uri,
        "challenge": query.get("code_challenge", ""),
        "user": user,
    }
    location = (
        f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{urlencode({'code': code, 'state': state})}"
    )
    return HttpResponse(302, [("location", location), ("content-type", "text/plain")], b"")


def _issue(network: str, user: str) -> dict[str, Any]:
    token = secrets.token_urlsafe(24)
    _state[network].access[token] = user
    if network == "linkedin":
        return {
            "access_token": token,
            "expires_in": LINKEDIN_TOKEN_SECONDS,
            "scope": "email,openid,profile,w_member_social",
            "token_type": "Bearer",
            "id_token": "local.fake.id-token",
        }
    refresh = secrets.token_urlsafe(24)
    _state[network].refresh[refresh] = user
    return {
        "token_type": "bearer",
        "expires_in": X_TOKEN_SECONDS,
        "access_token": token,
        "scope": "tweet.read tweet.write users.read offline.access",
        "refresh_token": refresh,
    }


def _refresh(network: str, form: dict[str, str]) -> HttpResponse:
    """X's refresh grant: each refresh token works once and the answer brings the next one."""
    user = _state[network].refresh.pop(form.get("refresh_token", ""), None)
    if user is None:
        return _oauth_error("invalid_request", "Value passed for the token was invalid.")
    return _json(200, _issue(network, user))


def _pkce_fails(issued: dict[str, str], form: dict[str, str]) -> bool:
    verifier = form.get("code_verifier", "")
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return not verifier or digest != issued["challenge"]


def _token(network: str, headers: dict[str, str], form: dict[str, str]) -> HttpResponse:
    client_id, client_secret = _client_of(headers, form)
    if not client_id or not client_secret:
        return _json(401, {"error": "invalid_client", "error_description": "client authentication failed"})
    grant = form.get("grant_type")
    if grant == "refresh_token" and network == "x":
        return _refresh(network, form)
    if grant != "authorization_code":
        return _oauth_error("unsupported_grant_type", f"grant_type {grant!r} is not supported")
    issued = _state[network].codes.pop(form.get("code", ""), None)
    if (
        issued is None
        or issued["client_id"] != client_id
        or issued["redirect_uri"] != form.get("redirect_uri")
    ):
        return _oauth_error("invalid_grant", "The authorization code is invalid, used or for another client")
    if network == "x" and _pkce_fails(issued, form):
        return _oauth_error("invalid_request", "Value passed for the authorization code was invalid.")
    return _json(200, _issue(network, issued["user"]))


def _who(network: str, headers: dict[str, str], query: dict[str, str]) -> HttpResponse:
    user = _bearer(network, headers)
    if network == "linkedin":
        if user is None:
            return _linkedin_error(401, "INVALID_ACCESS_TOKEN", "Invalid access token")
        return _json(200, {"sub": user, "name": f"Local {user}", "email_verified": True, "locale": "en_US"})
    if user is None:
        return _x_error(401, "Unauthorized", "Unauthorized")
    data: dict[str, Any] = {"id": user, "name": f"Local {user}", "username": f"local_{user}"}
    if "public_metrics" in query.get("user.fields", "").split(","):
        count = _state[network].followers
        data["public_metrics"] = {
            "followers_count": count,
            "following_count": 12,
            "tweet_count": 40,
            "listed_count": 0,
        }
    return _json(200, {"data": data})


def _revoke(network: str, headers: dict[str, str], form: dict[str, str]) -> HttpResponse:
    client_id, _ = _client_of(headers, form)
    if not client_id:
        return _json(401, {"error": "invalid_client", "error_description": "client authentication failed"})
    user = _state[network].access.pop(form.get("token", ""), None)
    if user is not None:
        _state[network].revoked.append(user)
        for refresh, owner in list(_state[network].refresh.items()):
            if owner == user:
                del _state[network].refresh[refresh]
    return _json(200, {"revoked": True})


def _linkedin_post(headers: dict[str, str], body: Any) -> HttpResponse:
    user = _bearer("linkedin", headers)
    if user is None:
        return _linkedin_error(401, "INVALID_ACCESS_TOKEN", "Invalid access token")
    if headers.get("linkedin-version") not in LINKEDIN_VERSIONS:
        version = headers.get("linkedin-version", "")
        return _linkedin_error(426, "NONEXISTENT_VERSION", f"Requested version {version} is not active")
    if headers.get("x-restli-protocol-version") != "2.0.0":
        return _linkedin_error(400, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version 2.0.0 is required")
    required = ("author", "commentary", "visibility", "distribution", "lifecycleState")
    if not isinstance(body, dict) or any(name not in body for name in required):
        return _linkedin_error(
            422, "UNPROCESSABLE_ENTITY", f"ERROR :: required fields: {', '.join(required)}"
        )
    if body["author"] != f"urn:li:person:{user}":
        return _linkedin_error(403, "ACCESS_DENIED", "Not enough permissions to post as this author")
    post_id = f"urn:li:share:{7000000000000000000 + len(_state['linkedin'].posts) + 1}"
    _state["linkedin"].posts.append({"id": post_id, "user": user, "body": body})
    return HttpResponse(201, [("x-restli-id", post_id)], b"")


def _x_post(headers: dict[str, str], body: Any) -> HttpResponse:
    user = _bearer("x", headers)
    if user is None:
        return _x_error(401, "Unauthorized", "Unauthorized")
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text:
        return _x_error(400, "Invalid Request", "One or more parameters to your request was invalid.")
    posts = _state["x"].posts
    if any(p["user"] == user and p["body"].get("text") == text for p in posts):
        return _x_error(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
    post_id = str(1800000000000000000 + len(posts) + 1)
    posts.append({"id": post_id, "user": user, "body": body})
    limits = [
        ("x-rate-limit-limit", str(X_RATE_LIMIT)),
        ("x-rate-limit-remaining", str(max(0, X_RATE_LIMIT - len(posts)))),
        ("x-rate-limit-reset", "0"),
    ]
    return _json(201, {"data": {"id": post_id, "text": text}}, limits)


def _set_followers(network: str, body: Any) -> HttpResponse:
    """`POST .../followers {"count": n}`: what users/me reports as the follower count from now on."""
    if not isinstance(body, dict) or not isinstance(body.get("count"), int):
        return _json(400, {"message": 'body must be {"count": <int>}'})
    _state[network].followers = int(body["count"])
    return _json(200, {"followers": _state[network].followers})


def _local(network: str, method: str, path: str, body: Any) -> HttpResponse | None:
    if path == "/posts" and method == "GET":
        return _json(200, {"items": _state[network].posts, "revoked": _state[network].revoked})
    if path == "/faults" and method == "POST":
        if not isinstance(body, dict) or not isinstance(body.get("status"), int):
            return _json(400, {"message": 'body must be {"status": <int>, "headers": {...}, "count": <n>}'})
        fault = _Fault(
            int(body["status"]),
            {str(k): str(v) for k, v in (body.get("headers") or {}).items()},
            int(body.get("count") or 1),
            body.get("path"),
        )
        _state[network].faults.append(fault)
        return _json(200, {"queued": len(_state[network].faults)})
    if path == "/reset" and method == "POST":
        _state[network] = _Network()
        return _json(200, {"reset": network})
    return None


def _api(
    network: str,
    method: str,
    path: str,
    headers: dict[str, str],
    form: dict[str, str],
    body: Any,
    query: dict[str, str],
) -> HttpResponse:
    """The network's own endpoints (a queued fault answers first)."""
    fault = _take_fault(network, path)
    if fault is not None:
        return _fault_answer(network, fault)
    routes = {
        ("POST", TOKEN_PATHS[network]): lambda: _token(network, headers, form),
        ("GET", USER_PATHS[network]): lambda: _who(network, headers, query),
        ("POST", POST_PATHS[network]): lambda: (
            _linkedin_post(headers, body) if network == "linkedin" else _x_post(headers, body)
        ),
    }
    if network == "x":
        routes[("POST", "/2/oauth2/revoke")] = lambda: _revoke(network, headers, form)
    route = routes.get((method, path))
    if route is None:
        return _json(404, {"message": f"the {network} fake has no {method} {path}"})
    return route()


def handle(method: str, raw_path: str, raw_query: str, headers: dict[str, str], body: bytes) -> HttpResponse:
    """Answer a request under `/_local/providers/`; `headers` with lower-case names."""
    network, _, rest = raw_path[len(PROVIDERS_PREFIX) :].partition("/")
    path = "/" + rest
    if network not in _state:
        return _json(404, {"message": f"no fake of {network!r}: linkedin or x"})
    form = dict(parse_qsl(body.decode(errors="replace"))) if "form" in headers.get("content-type", "") else {}
    try:
        parsed: Any = json.loads(body) if body and "json" in headers.get("content-type", "") else None
    except ValueError:
        parsed = None
    with _lock:
        local = _set_followers(network, parsed) if (method, path) == ("POST", "/followers") else None
        local = local or _local(network, method, path, parsed)
        if local is not None:
            return local
        if path == "/authorize" and method == "GET":
            return _authorize(network, dict(parse_qsl(raw_query)))
        return _api(network, method, path, headers, form, parsed, dict(parse_qsl(raw_query)))


def endpoints(base: str) -> dict[str, str]:
    """The functions' PROVIDER_* variables for fakes served at `base` (the gateway's origin)."""
    env: dict[str, str] = {}
    for network in ("linkedin", "x"):
        root = f"{base.rstrip('/')}{PROVIDERS_PREFIX}{network}"
        prefix = f"PROVIDER_{network.upper()}_"
        env |= {
            prefix + "AUTHORIZE_URL": f"{root}/authorize",
            prefix + "TOKEN_URL": root + TOKEN_PATHS[network],
            prefix + "USERINFO_URL": root + USER_PATHS[network],
            prefix + "API_BASE": root,
        }
    env["PROVIDER_X_REVOKE_URL"] = f"{base.rstrip('/')}{PROVIDERS_PREFIX}x/2/oauth2/revoke"
    return env


def provision(endpoint_url: str, gateway_url: str, web_url: str) -> dict[str, str]:
    """What the api function needs to connect accounts against these fakes, made in the emulated AWS
    at `endpoint_url`: a KMS key for the tokens, each network's client id and secret, the state key;
    returns the variables (the deployed stack sets the same names from the `providers` context)."""
    from local import aws

    kms = aws.client("kms", endpoint_url)
    key_arn = str(kms.create_key(Description="advocacy-local connected-account tokens")["KeyMetadata"]["Arn"])
    sm = aws.client("secretsmanager", endpoint_url)
    env = endpoints(gateway_url)
    for network in ("linkedin", "x"):
        value = json.dumps({"client_id": f"local-{network}", "client_secret": secrets.token_urlsafe(24)})
        arn = sm.create_secret(Name=f"advocacy-local-{network}-client", SecretString=value)["ARN"]
        env[f"PROVIDER_{network.upper()}_SECRET_ARN"] = str(arn)
    state = sm.create_secret(Name="advocacy-local-oauth-state", SecretString=secrets.token_urlsafe(48))
    return env | {
        "CONNECTIONS_KEY_ID": key_arn,
        "OAUTH_STATE_SECRET_ARN": str(state["ARN"]),
        "OAUTH_REDIRECT_URL": f"{web_url.rstrip('/')}/connections/callback",
    }
