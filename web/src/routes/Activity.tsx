import { allItems, useMe, useMyPoints, useMyShares } from "../api/queries";
import { isNetwork, type LedgerEntry } from "../api/types";
import { type I18n, useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, Section, useAutoFill } from "../ui/components";
import { badgeName, NextSteps } from "./Progress";

function ledgerDetail(i18n: I18n, entry: LedgerEntry): string | null {
  const { ref } = entry;
  if (entry.type === "adjustment" && ref.reason) return ref.reason;
  if ((entry.type === "share" || entry.type === "click") && isNetwork(ref.network)) {
    return i18n.t(`network.${ref.network}` as const);
  }
  return null;
}

export default function ActivityPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const shares = useMyShares(20, true); // named by their contents' titles
  const ledger = useMyPoints();
  const shareItems = allItems(shares.data);
  const ledgerItems = allItems(ledger.data);
  useAutoFill(shares, shareItems.length);
  useAutoFill(ledger, ledgerItems.length);

  let summary;
  if (me.isPending) {
    summary = <Loading query={me} count={1} lines={3} />;
  } else if (me.isError) {
    summary = <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />;
  } else {
    summary = (
      <>
        <dl className="stats">
          <div>
            <dt>{t("activity.levelLabel")}</dt>
            <dd className="big">{i18n.number(me.data.level)}</dd>
          </div>
          <div>
            <dt>{t("activity.balance")}</dt>
            <dd className="big">{i18n.points(me.data.points.balance)}</dd>
          </div>
          <div>
            <dt>{t("activity.lifetime")}</dt>
            <dd className="big">{i18n.points(me.data.points.lifetime)}</dd>
          </div>
        </dl>
        <NextSteps me={me.data} />
        <h3>{t("activity.badges")}</h3>
        {me.data.badges.length === 0 ? (
          <p className="meta">{t("activity.noBadges")}</p>
        ) : (
          <ul className="badges">
            {me.data.badges.map((b) => (
              <li key={b} className="pill badge">
                {badgeName(i18n, b)}
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }

  let sharesBody;
  if (shares.isPending) {
    sharesBody = <Loading query={shares} variant="row" count={3} lines={1} />;
  } else if (shares.isError && shareItems.length === 0) {
    sharesBody = <ErrorMessage error={shares.error} onRetry={() => void shares.refetch()} />;
  } else if (shareItems.length === 0 && !shares.hasNextPage) {
    sharesBody = <EmptyState>{t("activity.sharesEmpty")}</EmptyState>;
  } else {
    sharesBody = (
      <>
        <ul className="list">
          {shareItems.map((s) => (
            <li key={s.share_id} className="list-row">
              <span className="list-main">{s.title ?? s.tracked_url.replace(/^https?:\/\//, "")}</span>
              <span className="meta">
                {t("feed.sharedOn", { network: t(`network.${s.network}` as const) })} · {i18n.dateTime(s.created_at)}
              </span>
              <span>
                {i18n.tp("common.clicks", s.clicks)} ({i18n.tp("activity.uniqueClicks", s.unique_clicks)})
                {s.points_awarded > 0 ? ` · +${i18n.points(s.points_awarded)}` : null}
              </span>
              <a href={s.tracked_url} target="_blank" rel="noopener noreferrer" className="tracked">
                <span className="visually-hidden">{t("feed.trackedLink")}: </span>
                {s.tracked_url.replace(/^https?:\/\//, "")}
              </a>
            </li>
          ))}
        </ul>
        <LoadMore query={shares} />
      </>
    );
  }

  let ledgerBody;
  if (ledger.isPending) {
    ledgerBody = <Loading query={ledger} variant="row" count={3} lines={1} />;
  } else if (ledger.isError && ledgerItems.length === 0) {
    ledgerBody = <ErrorMessage error={ledger.error} onRetry={() => void ledger.refetch()} />;
  } else if (ledgerItems.length === 0 && !ledger.hasNextPage) {
    ledgerBody = <EmptyState>{t("activity.ledgerEmpty")}</EmptyState>;
  } else {
    ledgerBody = (
      <>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("activity.entry")}</th>
              <th scope="col" className="num">
                {t("board.points")}
              </th>
            </tr>
          </thead>
          <tbody>
            {ledgerItems.map((entry) => {
              const detail = ledgerDetail(i18n, entry);
              return (
                <tr key={entry.entry_id}>
                  <th scope="row">
                    {t(`activity.type.${entry.type}` as const)}
                    {detail ? <span className="meta"> · {detail}</span> : null}
                    <span className="meta block">{i18n.dateTime(entry.created_at)}</span>
                  </th>
                  <td className={`num ${entry.points < 0 ? "negative" : "positive"}`}>
                    {entry.points > 0 ? "+" : ""}
                    {i18n.number(entry.points)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <LoadMore query={ledger} />
      </>
    );
  }

  return (
    <>
      <PageHeading title={t("activity.title")} />
      <Section title={t("activity.summary")}>{summary}</Section>
      <Section title={t("activity.shares")}>{sharesBody}</Section>
      <Section title={t("activity.ledger")}>{ledgerBody}</Section>
    </>
  );
}
