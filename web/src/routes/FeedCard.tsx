import { useId, useState } from "react";
import { newIdempotencyKey } from "../api/client";
import { isApiError, offlineError } from "../api/errors";
import { messageLength } from "../api/networks";
import { useMyOrg, useShare } from "../api/queries";
import { type FeedItem, type MyShareOut, NETWORKS, type Network } from "../api/types";
import type { MessageKey } from "../i18n/en";
import { useI18n } from "../i18n";
import { ErrorMessage } from "../ui/components";
import { TextAreaField } from "../ui/fields";
import { compare } from "./ownWords";
import { PostNow, useConnected, useWords } from "./PostNow";
import { browser, COPY_TEXT_NETWORKS, copyText, openBlankWindow } from "./share";

type Outcome =
  | { kind: "pending"; network: Network }
  | { kind: "done"; network: Network; points: number; bonus: number; copied: boolean; url: string; opened: boolean }
  | { kind: "error"; network: Network; error: unknown };

function networkName(t: (k: MessageKey) => string, network: Network) {
  return t(`network.${network}` as const);
}

export function FeedCard(props: { item: FeedItem; shares: ReadonlyMap<string, MyShareOut> }) {
  const { item } = props;
  const i18n = useI18n();
  const { t } = i18n;
  const titleId = useId();
  const share = useShare();
  const connected = useConnected();
  const words = useWords();
  const org = useMyOrg().data;
  const bonus = org?.personalised_bonus ?? 0;
  const earns = item.points ?? org?.share_points ?? null; // content's own points, else the org's rule
  const editable = item.text_editable !== false; // otherwise the suggested text is shared as written
  const networks = item.networks.length > 0 ? item.networks : NETWORKS;
  const [texts, setTexts] = useState<Partial<Record<Network, string>>>(() =>
    Object.fromEntries(networks.map((n) => [n, item.messages[n] ?? ""])),
  );
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState<ReadonlySet<Network>>(new Set());

  const textFor = (network: Network) =>
    (editable ? (texts[network] ?? "") : (item.messages[network] ?? "")).trim();
  /** What is sent as `message`: the member's text, unless it is the suggestion itself. */
  function messageFor(network: Network): string | undefined {
    const text = textFor(network);
    return text !== "" && text !== (item.messages[network] ?? "").trim() ? text : undefined;
  }

  /** The text's length as the network counts it, when over its limit (said next to the text). */
  function overLimit(network: Network): { used: number; limit: number } | null {
    const length = messageLength(network, textFor(network));
    return length.used > length.limit ? length : null;
  }

  async function onShare(network: Network) {
    if (pending.has(network)) return;
    if (overLimit(network)) {
      setEditing(true); // the text, with what is wrong with it, in view
      return;
    }
    const offline = offlineError();
    if (offline) {
      setOutcome({ kind: "error", network, error: offline });
      return;
    }
    // Synchronously inside the click: the window (popup blockers allow it only here) and the
    // clipboard for networks whose share page takes no text.
    const popup = network === "email" ? null : openBlankWindow();
    const text = textFor(network);
    const copying = COPY_TEXT_NETWORKS.has(network) && text !== "" ? copyText(text) : Promise.resolve(false);
    const message = messageFor(network);

    setPending((p) => new Set(p).add(network));
    setOutcome({ kind: "pending", network });
    try {
      const result = await share.mutateAsync({
        contentId: item.content_id,
        network,
        ...(message ? { message } : {}),
        idempotencyKey: newIdempotencyKey(),
      });
      let opened = false;
      if (network === "email") {
        // A mailto: link hands over to the mail app without leaving the page.
        browser.assign(result.share_url);
        opened = true;
      } else if (popup && !popup.closed) {
        popup.location.href = result.share_url;
        opened = true;
      }
      setOutcome({
        kind: "done",
        network,
        points: result.points_awarded,
        bonus: result.personalised_bonus,
        copied: await copying,
        url: result.share_url,
        opened,
      });
    } catch (error) {
      popup?.close();
      if (isApiError(error) && error.fieldError("message")) setEditing(true);
      setOutcome({ kind: "error", network, error });
    } finally {
      setPending((p) => {
        const next = new Set(p);
        next.delete(network);
        return next;
      });
    }
  }

  const errorFor = (network: Network) => {
    const over = overLimit(network);
    if (over) return t("feed.tooLong", { network: networkName(t, network), limit: i18n.number(over.limit) });
    return outcome?.kind === "error" && outcome.network === network && isApiError(outcome.error)
      ? outcome.error.fieldError("message")
      : undefined;
  };
  const published = item.publish_at ?? item.created_at;

  return (
    <article className="card feed-card" aria-labelledby={titleId}>
      {item.image_url ? <img className="card-image" src={item.image_url} alt="" loading="lazy" decoding="async" /> : null}
      <div className="card-body">
        <h2 id={titleId}>{item.title}</h2>
        <p className="meta">
          <span>{t("feed.published", { date: i18n.date(published) })}</span>
          {earns !== null ? <span className="pill">{t("feed.earns", { points: i18n.points(earns) })}</span> : null}
        </p>
        {item.body ? <p className="card-text">{item.body}</p> : null}
        <p>
          <a href={item.url} target="_blank" rel="noopener noreferrer">
            {t("feed.read")}
            <span className="visually-hidden">: {item.title}</span>
          </a>
        </p>

        <details className="texts" open={editing} onToggle={(e) => setEditing(e.currentTarget.open)}>
          <summary>{t("feed.editText")}</summary>
          {!editable ? <p className="hint">{t("feed.textLocked")}</p> : null}
          {networks.map((network) => {
            const name = networkName(t, network);
            const copied = COPY_TEXT_NETWORKS.has(network) ? t("feed.textCopied", { network: name }) : "";
            if (!editable) {
              const suggested = item.messages[network];
              return suggested ? (
                <p key={network} className="card-text">
                  <span className="visually-hidden">{t("feed.textFor", { network: name })}: </span>
                  {suggested}
                </p>
              ) : null;
            }
            // How close the text is to the suggestion, as the API will judge it (ownWords.ts); with no
            // suggestion for this network, the member writes their own.
            const suggested = item.messages[network];
            const words = compare(suggested, texts[network] ?? "");
            const closeness = suggested ? t(`feed.words.${words.closeness}`) : t("feed.words.none");
            const extra = bonus > 0 && !words.personalised ? t("feed.words.bonus", { points: i18n.points(bonus) }) : "";
            const length = messageLength(network, textFor(network));
            // X counts the whole post, link included: its count is worth seeing while typing.
            const count = network === "x" ? t("feed.count", { used: i18n.number(length.used), limit: i18n.number(length.limit) }) : "";
            return (
              <TextAreaField
                key={network}
                label={t("feed.textFor", { network: name })}
                hint={[closeness, extra, count, copied].filter(Boolean).join(" ")}
                error={errorFor(network)}
                rows={3}
                value={texts[network] ?? ""}
                onChange={(e) => setTexts((prev) => ({ ...prev, [network]: e.target.value }))}
              />
            );
          })}
        </details>

        <ul className="share-list">
          {networks.map((network) => {
            const mine = item.my_shares[network];
            const stats = mine ? props.shares.get(mine.share_id) : undefined;
            return (
              <li key={network} className="share-row">
                <button
                  type="button"
                  className={`button share share-${network}`}
                  onClick={() => void onShare(network)}
                  aria-disabled={pending.has(network) || undefined}
                  aria-describedby={mine ? `${titleId}-${network}-shared` : undefined}
                >
                  {t(`feed.share.${network}` as const)}
                </button>
                {mine ? (
                  <span className="shared" id={`${titleId}-${network}-shared`}>
                    <span className="pill ok">{t("feed.shared")}</span>
                    {stats ? <span>{i18n.tp("common.clicks", stats.clicks)}</span> : null}
                    <a href={mine.tracked_url} target="_blank" rel="noopener noreferrer" className="tracked">
                      <span className="visually-hidden">{t("feed.trackedLink")}: </span>
                      {mine.tracked_url.replace(/^https?:\/\//, "")}
                    </a>
                    {mine.post_url ? (
                      <a href={mine.post_url} target="_blank" rel="noopener noreferrer">
                        {words("viewShort")} <span className="visually-hidden">({networkName(t, network)})</span>
                      </a>
                    ) : null}
                  </span>
                ) : null}
                {(network === "linkedin" || network === "x") && connected.has(network) && (!mine || mine.post_url) ? (
                  <PostNow
                    contentId={item.content_id}
                    network={network}
                    name={networkName(t, network)}
                    message={() => messageFor(network)}
                    onReview={() => setEditing(true)}
                    posted={Boolean(mine?.post_url)}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>

        <div className="share-status" role="status" aria-live="polite">
          {outcome?.kind === "pending" ? <p>{t("feed.sharing")}</p> : null}
          {outcome?.kind === "done" ? (
            <p>
              {outcome.network === "email"
                ? t("feed.doneEmail")
                : outcome.opened
                  ? t("feed.done", { network: networkName(t, outcome.network) })
                  : t("feed.popupBlocked")}{" "}
              {outcome.points > 0 ? t("feed.donePoints", { points: i18n.points(outcome.points) }) : null}{" "}
              {outcome.bonus > 0 ? t("feed.doneBonus", { points: i18n.points(outcome.bonus) }) : null}{" "}
              {outcome.copied ? t("feed.copied") : null} {t("feed.clicksLater")}{" "}
              {!outcome.opened || outcome.network === "email" ? (
                <a href={outcome.url} target={outcome.network === "email" ? undefined : "_blank"} rel="noopener noreferrer">
                  {outcome.network === "email"
                    ? t("feed.openEmail")
                    : t("feed.openShare", { network: networkName(t, outcome.network) })}
                </a>
              ) : null}
            </p>
          ) : null}
        </div>
        {outcome?.kind === "error" ? <ErrorMessage error={outcome.error} /> : null}
      </div>
    </article>
  );
}
