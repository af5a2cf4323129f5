import { allItems, useContest, useContests, useMe } from "../api/queries";
import { type Contest, type Prize, prizesOf } from "../api/types";
import type { MessageKey } from "../i18n/en";
import { type I18n, useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, Section, useAutoFill } from "../ui/components";

function prizeText(i18n: I18n, prize: Prize): string {
  const parts: string[] = [];
  if (prize.points) parts.push(i18n.points(prize.points));
  if (prize.reward_id) parts.push(i18n.t("contests.prizeReward"));
  if (prize.badge) parts.push(i18n.t("contests.prizeBadge", { badge: prize.badge }));
  return `${i18n.t("contests.place", { place: prize.place })}: ${parts.join(", ")}`;
}

export default function ContestsPage() {
  const { t } = useI18n();
  const contests = useContests();
  const items = allItems(contests.data);
  useAutoFill(contests, items.length);

  let body;
  if (contests.isPending) {
    body = <Loading query={contests} count={2} lines={4} />;
  } else if (contests.isError && items.length === 0) {
    body = <ErrorMessage error={contests.error} onRetry={() => void contests.refetch()} />;
  } else if (items.length === 0 && !contests.hasNextPage) {
    body = <EmptyState>{t("contests.empty")}</EmptyState>;
  } else {
    const running = items.filter((c) => c.status === "running");
    const upcoming = items.filter((c) => c.status === "upcoming").reverse(); // soonest first
    const past = items.filter((c) => c.status === "closed");
    body = (
      <>
        <Section title={t("contests.running")}>
          {running.length === 0 ? (
            <EmptyState>{t("contests.noneRunning")}</EmptyState>
          ) : (
            <ul className="cards">
              {running.map((c) => (
                <li key={c.contest_id}>
                  <ContestCard contest={c} />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t("contests.upcoming")}>
          {upcoming.length === 0 ? (
            <EmptyState>{t("contests.noneUpcoming")}</EmptyState>
          ) : (
            <ul className="cards">
              {upcoming.map((c) => (
                <li key={c.contest_id}>
                  <ContestCard contest={c} />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t("contests.past")}>
          {past.length === 0 ? (
            <EmptyState>{t("contests.nonePast")}</EmptyState>
          ) : (
            <ul className="cards">
              {past.map((c) => (
                <li key={c.contest_id}>
                  <ContestCard contest={c} />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <LoadMore query={contests} />
      </>
    );
  }
  return (
    <>
      <PageHeading title={t("contests.title")} />
      {body}
    </>
  );
}

function ContestCard(props: { contest: Contest }) {
  const i18n = useI18n();
  const { t } = i18n;
  const c = props.contest;
  const prizes = prizesOf(c);
  const when =
    c.status === "running"
      ? t("contests.ends", { date: i18n.dateTime(c.ends_at) })
      : c.status === "upcoming"
        ? t("contests.starts", { date: i18n.dateTime(c.starts_at) })
        : t("contests.ended", { date: i18n.dateTime(c.ends_at) });
  return (
    <article className="card contest" aria-label={c.name}>
      <h3>{c.name}</h3>
      <p className="meta">
        <span className="pill">{t(`contests.metric.${c.metric}` as MessageKey)}</span>
        <span>{when}</span>
        {c.min_score > 0 ? <span>{t("contests.minScore", { score: i18n.number(c.min_score) })}</span> : null}
      </p>
      <p className="meta">{t("contests.window", { start: i18n.date(c.starts_at), end: i18n.date(c.ends_at) })}</p>
      {prizes.length > 0 ? (
        <>
          <h4>{t("contests.prizes")}</h4>
          <ul className="prizes">
            {prizes.map((p) => (
              <li key={p.place}>{prizeText(i18n, p)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {c.status !== "upcoming" ? <Standings contest={c} /> : null}
    </article>
  );
}

/** Live standings of a running contest; the winners (prize places, ties included) of a closed one. */
function Standings(props: { contest: Contest }) {
  const i18n = useI18n();
  const { t } = i18n;
  const detail = useContest(props.contest.contest_id);
  const me = useMe();
  const closed = props.contest.status === "closed";
  const title = closed ? t("contests.winners") : t("contests.standings");
  if (detail.isPending) return <Loading query={detail} variant="row" count={1} lines={3} />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  const prizes = prizesOf(detail.data);
  const lastPlace = prizes.length > 0 ? Math.max(...prizes.map((p) => p.place)) : 3;
  const rows = closed ? detail.data.standings.filter((s) => s.rank <= lastPlace) : detail.data.standings.slice(0, 10);
  const mine = detail.data.standings.find((s) => s.member_id === me.data?.member_id);
  return (
    <>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p className="meta">{closed ? t("contests.noWinners") : t("contests.noStandings")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("board.rank")}</th>
              <th scope="col">{t("board.name")}</th>
              <th scope="col" className="num">
                {t("contests.score")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => {
              const isMe = s.member_id === me.data?.member_id;
              return (
                <tr key={s.member_id} className={isMe ? "mine" : undefined} aria-current={isMe ? "true" : undefined}>
                  <td>{i18n.number(s.rank)}</td>
                  <th scope="row">
                    {s.name}
                    {isMe ? <span className="pill ok">{t("common.you")}</span> : null}
                  </th>
                  <td className="num">{i18n.number(s.score)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {mine && !rows.includes(mine) ? (
        <p className="meta">
          {t("board.me")}: {t("board.meRank", { rank: i18n.number(mine.rank), points: i18n.number(mine.score) })}
          {closed ? null : <> {t("board.kind")}</>}
        </p>
      ) : null}
      {!mine && !closed && me.data ? <p className="meta">{t("contests.notYet")}</p> : null}
    </>
  );
}
