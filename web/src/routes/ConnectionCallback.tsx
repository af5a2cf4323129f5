import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../api/context";
import { isApiError } from "../api/errors";
import type { components } from "../api/schema";
import { ErrorMessage, PageHeading, Skeleton } from "../ui/components";
import { CONNECTING_KEY, CONNECTIONS, NETWORK_NAMES, useWords } from "./Connections";

type Attempt = { network: "linkedin" | "x"; key: string };

function remembered(): Attempt | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(CONNECTING_KEY) ?? "null") as Partial<Attempt> | null;
    if (value && (value.network === "linkedin" || value.network === "x") && typeof value.key === "string") return value as Attempt;
  } catch {
    // not ours: treated as no attempt
  }
  return null;
}

/** Where LinkedIn and X send the member back (`/connections/callback?code&state`): the code and state
 * go to the API as the signed-in member, once (one Idempotency-Key per attempt, so a reload of this
 * page asks again without finishing twice); then back to the profile. */
export default function ConnectionCallbackPage() {
  const w = useWords();
  const api = useApi();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const code = params.get("code");
  const state = params.get("state");
  const denied = params.get("error");
  const [attempt] = useState(remembered);
  const finish = useMutation({
    mutationFn: (v: { attempt: Attempt; code: string; state: string }) =>
      api.call<components["schemas"]["ConnectionOut"]>(() =>
        api.client.POST("/me/connections/{network}/callback", {
          params: { path: { network: v.attempt.network }, header: { "Idempotency-Key": v.attempt.key } },
          body: { code: v.code, state: v.state },
        }),
      ),
    onSuccess: () => sessionStorage.removeItem(CONNECTING_KEY),
    onSettled: () => client.invalidateQueries({ queryKey: CONNECTIONS }),
  });
  const started = useRef(false);
  useEffect(() => {
    if (started.current || denied || !code || !state || !attempt) return;
    started.current = true;
    finish.mutate({ attempt, code, state });
  }, [attempt, code, state, denied, finish]);

  let body;
  if (denied) body = <p role="alert">{w("denied")}</p>;
  else if (!code || !state || !attempt) body = <p role="alert">{w("broken")}</p>;
  else if (finish.isSuccess) body = <p role="status">{w("done", { network: NETWORK_NAMES[finish.data.network] })}</p>;
  else if (finish.isError) {
    const reason = isApiError(finish.error) ? (finish.error.details[0]?.message ?? finish.error.message) : "";
    // A refusal is final (start again from the profile); a failure on our side or the network's
    // leaves the attempt open, so the same code and state can be sent again.
    const again = { attempt, code, state };
    body =
      isApiError(finish.error) && finish.error.status < 500 ? (
        <p role="alert">{w("failed", { reason })}</p>
      ) : (
        <ErrorMessage error={finish.error} onRetry={() => finish.mutate(again)} />
      );
  } else {
    body = (
      <>
        <p role="status">{w("finishing")}</p>
        <Skeleton count={1} lines={1} />
      </>
    );
  }
  return (
    <>
      <PageHeading title={w("callbackTitle")} />
      {body}
      {finish.isPending ? null : (
        <p>
          <Link to="/profile">{w("back")}</Link>
        </p>
      )}
    </>
  );
}
