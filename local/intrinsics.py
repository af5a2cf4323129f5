"""Resolve the CloudFormation intrinsics CDK emits (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Select`,
`Fn::Split`, `Fn::Sub`) against the local stack's resources."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from local.template import ACCOUNT_ID, TemplateError

log = logging.getLogger("local.template")  # its warnings name what the template asks for


class Resolver:
    """Resolves the CloudFormation intrinsics CDK emits against local values.

    `refs` maps a logical id to what `Ref` returns locally; `attrs` maps (logical id, attribute)
    to what `Fn::GetAtt` returns. An intrinsic that cannot be resolved is an error, not a silent
    blank, so a new environment variable in the stack fails loudly here instead of oddly later.
    """

    def __init__(
        self,
        region: str,
        refs: Mapping[str, str],
        attrs: Mapping[tuple[str, str], str],
        unemulated: Mapping[str, str] | None = None,
    ):
        self.refs = {
            "AWS::Region": region,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": "advocacy-local",
            "AWS::NoValue": "",
            **refs,
        }
        self.attrs = dict(attrs)
        # Template resources the local stack does not reproduce (alarms, roles, ...): a placeholder
        # name/ARN, logged, so a new env var pointing at one does not stop the stack.
        self.unemulated = dict(unemulated or {})

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) != 1:
            return {k: self(v) for k, v in value.items()}
        ((key, arg),) = value.items()
        handlers: dict[str, Callable[[Any], Any]] = {
            "Ref": self._ref,
            "Fn::GetAtt": self._get_att,
            "Fn::Join": lambda a: str(self(a[0])).join(str(self(v)) for v in self(a[1])),
            "Fn::Select": lambda a: self(a[1])[int(self(a[0]))],
            "Fn::Split": lambda a: str(self(a[1])).split(str(self(a[0]))),
            "Fn::Sub": self._sub,
        }
        if key in handlers:
            return handlers[key](arg)
        if key.startswith("Fn::"):
            raise TemplateError(f"intrinsic {key} is not supported by the local stack")
        return {key: self(arg)}

    def _ref(self, name: str) -> str:
        if name in self.refs:
            return self.refs[name]
        if name in self.unemulated:
            log.warning(
                "Ref %s (%s) is not emulated locally; using a placeholder", name, self.unemulated[name]
            )
            return f"advocacy-local-{name}"
        raise TemplateError(f"cannot resolve Ref {name} locally")

    def _get_att(self, arg: Any) -> str:
        lid, att = (arg[0], arg[1]) if isinstance(arg, list) else arg.split(".", 1)
        if (lid, att) in self.attrs:
            return self.attrs[(lid, att)]
        if lid in self.unemulated:
            log.warning(
                "Fn::GetAtt %s.%s (%s) is not emulated locally; using a placeholder",
                lid,
                att,
                self.unemulated[lid],
            )
            service = self.unemulated[lid].split("::")[1].lower()
            return f"arn:aws:{service}:us-east-1:{ACCOUNT_ID}:advocacy-local-{lid}"
        raise TemplateError(f"cannot resolve Fn::GetAtt {lid}.{att} locally")

    def _sub(self, arg: Any) -> str:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])

        def repl(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in variables:
                return str(self(variables[name]))
            if "." in name:
                lid, att = name.split(".", 1)
                return self._get_att([lid, att])
            return self._ref(name)

        return re.sub(r"\$\{([^}!]+)\}", repl, text)
