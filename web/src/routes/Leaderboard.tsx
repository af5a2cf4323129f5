import { useSearchParams } from "react-router";
import { useLeaderboard, useMe, useMyOrg } from "../api/queries";
import { PERIODS, type Period } from "../api/types";
import { useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, PageHeading, Section, Skeleton } from "../ui/components";
import { SelectField } from "../ui/fields";
import { NextSteps } from "./Progress";

function toPeriod(value: string | null): Period {
  return PERIODS.find((p) => p === value) ?? "week";
}

export default function LeaderboardPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [params, setParams] = useSearchParams();
  const period = toPeriod(params.get("period"));
  const group = params.get("group") || null;
  const me = useMe();
  const board = useLeaderboard(period, group);
  const org = useMyOrg();
  const groups = org.data?.groups ?? [];

  function choose(next: { period?: Period; group?: string | null }) {
    const p = new URLSearchParams(params);
    p.set("period", next.period ?? period);
    const g = next.group === undefined ? group : next.group;
    if (g) p.set("group", g);
    else p.delete("group");
    setParams(p, { replace: true });
  }

  let body;
  if (board.isPending) {
    body = <Loading query={board} variant="row" count={5} lines={1} />;
  } else if (board.isError) {
    body = <ErrorMessage error={board.error} onRetry={() => void board.refetch()} />;
  } else if (board.data.generated_at === null) {
    body = <EmptyState>{t("board.notYet")}</EmptyState>;
  } else if (board.data.entries.length === 0) {
    body = <EmptyState>{t("board.empty")}</EmptyState>;
  } else {
    const myId = me.data?.member_id;
    body = (
      <>
        <table className="table board">
          <caption className="visually-hidden">
            {t("board.title")}: {t(`board.period.${period}` as const)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("board.rank")}</th>
              <th scope="col">{t("board.name")}</th>
              <th scope="col" className="num">
                {t("board.points")}
              </th>
            </tr>
          </thead>
          <tbody>
            {board.data.entries.map((entry) => {
              const mine = entry.member_id === myId;
              return (
                <tr key={entry.member_id} className={mine ? "mine" : undefined} aria-current={mine ? "true" : undefined}>
                  <td>{i18n.number(entry.rank)}</td>
                  <th scope="row">
                    {entry.name}
                    {mine ? <span className="pill ok">{t("common.you")}</span> : null}
                  </th>
                  <td className="num">{i18n.number(entry.points)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="meta">{t("board.updated", { date: i18n.dateTime(board.data.generated_at) })}</p>
      </>
    );
  }

  // Offline, the board below says once for the screen that it waits; the progress waits unseen.
  let progress = null;
  if (me.isPending) {
    progress = me.fetchStatus === "paused" ? null : <Skeleton count={1} lines={2} />;
  } else if (me.isError) {
    progress = <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />;
  } else {
    progress = <NextSteps me={me.data} />;
  }

  const mine = board.data?.me;
  return (
    <>
      <PageHeading title={t("board.title")} />
      {/* The member's own progress comes first, the ranking second. */}
      {progress ? (
        <Section title={t("progress.title")} className="progress">
          {progress}
        </Section>
      ) : null}
      <div className="filters">
        <fieldset className="segmented">
          <legend>{t("board.period")}</legend>
          {PERIODS.map((p) => (
            <label key={p} className={p === period ? "selected" : undefined}>
              <input
                type="radio"
                name="period"
                value={p}
                checked={p === period}
                onChange={() => choose({ period: p })}
              />
              {t(`board.period.${p}` as const)}
            </label>
          ))}
        </fieldset>
        {groups.length > 0 ? (
          <SelectField label={t("board.group")} value={group ?? ""} onChange={(e) => choose({ group: e.target.value || null })}>
            <option value="">{t("board.everyone")}</option>
            {groups.map((g) => (
              <option key={g.group_id} value={g.group_id}>
                {g.name}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      {/* The member's own rank stays in view (sticky) above the table. */}
      <section className="my-rank" aria-label={t("board.me")}>
        <h2>{t("board.me")}</h2>
        {board.isPending ? (
          // Offline, the board below says it waits for the connection: no placeholder here for ever.
          board.fetchStatus === "paused" ? null : <p aria-hidden="true" className="skeleton-line" />
        ) : board.isError ? null : mine ? (
          <>
            <p className="big">{t("board.meRank", { rank: i18n.number(mine.rank), points: i18n.points(mine.points) })}</p>
            <p className="meta">{mine.rank === 1 ? t("board.kindTop") : t("board.kind")}</p>
          </>
        ) : (
          <p>{group ? t("board.meNone") : t("board.meUnranked")}</p>
        )}
      </section>
      {body}
    </>
  );
}
