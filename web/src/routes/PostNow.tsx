import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { newIdempotencyKey } from "../api/client";
import { useApi } from "../api/context";
import { isApiError, offlineError } from "../api/errors";
import { keys } from "../api/queries";
import { shouldRetry } from "../api/retry";
import type { components } from "../api/schema";
import type { Network } from "../api/types";
import { fill, type Params, useI18n } from "../i18n";
import { ErrorMessage } from "../ui/components";

type ShareOut = components["schemas"]["ShareOut"];
type Postable = "linkedin" | "x";
const CONNECTIONS = ["me", "connections"] as const;

/** Post now's own words (kept beside it, so the members' first download does not carry them). */
const WORDS = {
  en: {
    post: "Post to {network}",
    review: "Check your text for {network} above: it is posted as it reads there, with your tracked link.",
    confirm: "Post now",
    cancel: "Cancel",
    posting: "Posting to {network}…",
    posted: "Posted to {network}.",
    points: "You earned {points}.",
    view: "View your post on {network}",
    viewShort: "View post",
    needs_reconnect: "Reconnect {network} in your profile to post there.",
    reconnect: "Go to your profile",
    post_duplicate: "{network} refused this post as a duplicate of a recent one. Change the text and post again.",
    post_unconfirmed:
      "{network} did not confirm an earlier post of this. It may have been published: look on your {network} profile before sharing it again.",
    post_failed: "Posting to {network} is not possible right now. Use “Share on {network}” instead.",
    already_shared: "You already shared this to {network}.",
    unavailable: "{network} is not taking posts right now. Nothing was posted; try again in {minutes} min.",
  },
  it: {
    post: "Pubblica su {network}",
    review: "Controlla sopra il testo per {network}: viene pubblicato così com'è, con il tuo link tracciato.",
    confirm: "Pubblica ora",
    cancel: "Annulla",
    posting: "Pubblicazione su {network}…",
    posted: "Pubblicato su {network}.",
    points: "Hai guadagnato {points}.",
    view: "Vedi il tuo post su {network}",
    viewShort: "Vedi il post",
    needs_reconnect: "Ricollega {network} nel tuo profilo per pubblicare lì.",
    reconnect: "Vai al tuo profilo",
    post_duplicate: "{network} ha rifiutato il post perché uguale a uno recente. Cambia il testo e pubblica di nuovo.",
    post_unconfirmed:
      "{network} non ha confermato una pubblicazione precedente. Potrebbe essere già online: controlla il tuo profilo {network} prima di condividerlo ancora.",
    post_failed: "Ora non è possibile pubblicare su {network}. Usa “Condividi su {network}”.",
    already_shared: "Hai già condiviso questo contenuto su {network}.",
    unavailable: "{network} non accetta post in questo momento. Non è stato pubblicato nulla; riprova tra {minutes} min.",
  },
} as const;
type Word = keyof (typeof WORDS)["en"];
const CODES: ReadonlySet<string> = new Set(["needs_reconnect", "post_duplicate", "post_unconfirmed", "post_failed", "already_shared", "unavailable"]);

export function useWords(): (key: Word, params?: Params) => string {
  const { lang } = useI18n();
  return (key, params) => fill(WORDS[lang][key], params, lang);
}

/** The networks the member can post to now through a connected account; none while unknown or
 * unreadable (the share buttons work without it). */
export function useConnected(): ReadonlySet<Network> {
  const api = useApi();
  const query = useQuery({
    queryKey: CONNECTIONS,
    queryFn: () => api.call(() => api.client.GET("/me/connections")),
    staleTime: 5 * 60_000,
    retry: false,
  });
  return new Set((query.data?.items ?? []).filter((c) => c.connected).map((c) => c.network as Network));
}

type State =
  | { kind: "idle" }
  | { kind: "review" }
  | { kind: "posting" }
  | { kind: "done"; share: ShareOut }
  | { kind: "error"; error: unknown };

/** "Post to LinkedIn" / "Post to X" on a feed card: the member reviews the text in the card's editor
 * (`onReview` opens it), confirms, and the API posts through their connected account. */
export function PostNow(props: {
  contentId: string;
  network: Postable;
  name: string;
  message: () => string | undefined;
  onReview: () => void;
  posted: boolean; // already posted (the card links to the post)
}) {
  const { network, name } = props;
  const api = useApi();
  const client = useQueryClient();
  const i18n = useI18n();
  const w = useWords();
  const [state, setState] = useState<State>({ kind: "idle" });
  const [key, setKey] = useState(newIdempotencyKey);
  // The button pressed gives way to the next step: focus follows, so a keyboard is never left behind.
  const confirmRef = useRef<HTMLButtonElement>(null);
  const postRef = useRef<HTMLButtonElement>(null);
  const viewRef = useRef<HTMLAnchorElement>(null);
  const [moved, setMoved] = useState(false);
  useEffect(() => {
    if (!moved) return;
    if (state.kind === "review") confirmRef.current?.focus();
    if (state.kind === "idle" || state.kind === "error") postRef.current?.focus();
    if (state.kind === "done") viewRef.current?.focus();
  }, [state.kind, moved]);
  const post = useMutation({
    // The API busy is retried as always; a network's own "later" (minutes) is said instead.
    retry: (count, error) => shouldRetry(count, error) && !(isApiError(error) && (error.retryAfter ?? 0) > 1),
    mutationFn: (message: string | undefined) =>
      api.call(() =>
        api.client.POST("/content/{content_id}/posts", {
          params: { path: { content_id: props.contentId }, header: { "Idempotency-Key": key } },
          body: message ? { network, message } : { network },
        }),
      ),
  });

  async function send() {
    const offline = offlineError();
    if (offline) return setState({ kind: "error", error: offline });
    setState({ kind: "posting" });
    try {
      const share = await post.mutateAsync(props.message());
      setState({ kind: "done", share });
      void client.invalidateQueries({ queryKey: keys.feed });
      void client.invalidateQueries({ queryKey: keys.me });
    } catch (error) {
      setKey(newIdempotencyKey()); // a new attempt: the text may change before it
      if (isApiError(error) && error.code === "needs_reconnect") void client.invalidateQueries({ queryKey: CONNECTIONS });
      setState({ kind: "error", error });
    }
  }

  const busy = state.kind === "posting";
  if (props.posted && state.kind !== "done") return null;
  return (
    <div className="post-now">
      {state.kind === "idle" || state.kind === "error" ? (
        <button
          ref={postRef}
          type="button"
          className={`button secondary post post-${network}`}
          onClick={() => {
            props.onReview();
            setMoved(true);
            setState({ kind: "review" });
          }}
        >
          {w("post", { network: name })}
        </button>
      ) : null}
      {state.kind === "review" || busy ? (
        <div className="post-review">
          <p>{w("review", { network: name })}</p>
          <button ref={confirmRef} type="button" className="button" onClick={() => void send()} aria-disabled={busy || undefined}>
            {w("confirm")} <span className="visually-hidden">({name})</span>
          </button>{" "}
          <button type="button" className="button secondary" onClick={() => setState({ kind: "idle" })} disabled={busy}>
            {w("cancel")}
          </button>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {busy ? <p>{w("posting", { network: name })}</p> : null}
        {state.kind === "done" ? (
          <p>
            {w("posted", { network: name })}{" "}
            {state.share.points_awarded > 0 ? w("points", { points: i18n.points(state.share.points_awarded) }) : null}{" "}
            {state.share.post_url ? (
              <a ref={viewRef} href={state.share.post_url} target="_blank" rel="noopener noreferrer">
                {w("view", { network: name })}
              </a>
            ) : null}
          </p>
        ) : null}
      </div>
      {state.kind === "error" ? <PostError error={state.error} name={name} /> : null}
    </div>
  );
}

function PostError(props: { error: unknown; name: string }) {
  const w = useWords();
  const { error, name } = props;
  // A 503 of our own (Retry-After 1) is the API busy, not the network: said as any other error.
  if (!isApiError(error) || !CODES.has(error.code) || (error.code === "unavailable" && (error.retryAfter ?? 0) <= 1)) {
    return <ErrorMessage error={error} />;
  }
  const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
  return (
    <div className="error" role="alert">
      <p>{w(error.code as Word, { network: name, minutes })}</p>
      {error.code === "needs_reconnect" ? <Link to="/profile">{w("reconnect")}</Link> : null}
    </div>
  );
}
