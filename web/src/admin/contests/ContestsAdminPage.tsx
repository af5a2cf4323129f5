import { allItems, useMyOrg } from "../../api/queries";
import { type Prize, prizesOf } from "../../api/types";
import { useI18n } from "../../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, Section, useAutoFill } from "../../ui/components";
import "../admin.css";
import { useGroupChoices, useRewardChoices } from "../choices";
import { useMessages } from "../messages";
import { ContestForm } from "./ContestForm";
import { messages } from "./messages";
import { type Contest, type Metric, useContestList, useStandings } from "./queries";

const METRIC_LABEL: Record<Metric, "metricPoints" | "metricShares" | "metricClicks"> = {
  points: "metricPoints",
  shares: "metricShares",
  clicks: "metricClicks",
};

/** "500 points, Company hoodie, badge silver". */
function usePrizeText() {
  const m = useMessages(messages);
  const { points } = useI18n();
  const { names } = useRewardChoices();
  return (prize: Prize | undefined): string => {
    if (!prize) return "";
    const parts: string[] = [];
    if (prize.points) parts.push(points(prize.points));
    if (prize.reward_id) parts.push(names.get(prize.reward_id) ?? m("aReward"));
    if (prize.badge) parts.push(m("prizeBadge", { badge: prize.badge }));
    return parts.join(", ");
  };
}

/** Live standings (top ten) of a running contest; the winners of a finished one: every rank at a
 * prize place, ties included, with what they won. */
function Standings(props: { contest: Contest }) {
  const m = useMessages(messages);
  const { number, dateTime } = useI18n();
  const prizeText = usePrizeText();
  const closed = props.contest.status === "closed";
  const detail = useStandings(props.contest.contest_id, !closed);
  if (detail.isPending) return <Loading query={detail} variant="row" count={1} lines={3} />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  const prizes = prizesOf(detail.data);
  const byPlace = new Map(prizes.map((p) => [p.place, p]));
  const lastPlace = prizes.length > 0 ? Math.max(...prizes.map((p) => p.place)) : 3;
  const rows = closed ? detail.data.standings.filter((s) => s.rank <= lastPlace) : detail.data.standings.slice(0, 10);
  return (
    <>
      <h4>{closed ? m("winners") : m("standings")}</h4>
      {closed ? null : (
        <div className="live-line">
          <p className="meta">{m("asOf", { time: dateTime(new Date(detail.dataUpdatedAt).toISOString()) })}</p>
          <button
            type="button"
            className="button secondary"
            aria-label={`${m("refresh")}: ${props.contest.name}`}
            onClick={() => void detail.refetch()}
          >
            {m("refresh")}
          </button>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="meta">{closed ? m("noWinners") : m("noStandings")}</p>
      ) : (
        <table className="table stacked">
          <caption className="visually-hidden">{`${closed ? m("winners") : m("standings")}: ${props.contest.name}`}</caption>
          <thead>
            <tr>
              <th scope="col">{m("rank")}</th>
              <th scope="col">{m("member")}</th>
              <th scope="col" className="num">
                {m("score")}
              </th>
              {closed ? <th scope="col">{m("prize")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.member_id}>
                <td data-label={m("rank")}>{number(s.rank)}</td>
                <th scope="row">{s.name}</th>
                <td className="num" data-label={m("score")}>
                  {number(s.score)}
                </td>
                {closed ? <td data-label={m("prize")}>{prizeText(byPlace.get(s.rank))}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ContestCard(props: { contest: Contest; groupNames: Map<string, string> }) {
  const m = useMessages(messages);
  const { dateTime, number } = useI18n();
  const prizeText = usePrizeText();
  const c = props.contest;
  const prizes = prizesOf(c);
  return (
    <article className="card contest" aria-labelledby={`contest-${c.contest_id}`}>
      <h3 id={`contest-${c.contest_id}`}>{c.name}</h3>
      <p className="meta">
        <span className="pill">{m(METRIC_LABEL[c.metric])}</span>
        <span>{m("window", { start: dateTime(c.starts_at), end: dateTime(c.ends_at) })}</span>
      </p>
      <p className="meta">
        <span>{c.groups.length === 0 ? m("everyone") : m("onlyGroups", { groups: c.groups.map((g) => props.groupNames.get(g) ?? g).join(", ") })}</span>
        {c.min_score > 0 ? <span>{m("minimum", { score: number(c.min_score) })}</span> : null}
      </p>
      {prizes.length > 0 ? (
        <ul className="prizes">
          {prizes.map((p) => (
            <li key={p.place}>{`${m("placeN", { place: p.place })}: ${prizeText(p)}`}</li>
          ))}
        </ul>
      ) : null}
      {c.status === "upcoming" ? null : <Standings contest={c} />}
    </article>
  );
}

function ContestGroup(props: { title: string; none: string; contests: Contest[]; groupNames: Map<string, string> }) {
  return (
    <Section title={props.title}>
      {props.contests.length === 0 ? (
        <EmptyState>{props.none}</EmptyState>
      ) : (
        <ul className="cards">
          {props.contests.map((c) => (
            <li key={c.contest_id}>
              <ContestCard contest={c} groupNames={props.groupNames} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function ContestLists() {
  const m = useMessages(messages);
  const contests = useContestList();
  const { names } = useGroupChoices();
  const items = allItems(contests.data);
  useAutoFill(contests, items.length);
  if (contests.isPending) return <Loading query={contests} count={2} lines={4} />;
  if (contests.isError && items.length === 0) return <ErrorMessage error={contests.error} onRetry={() => void contests.refetch()} />;
  if (items.length === 0 && !contests.hasNextPage) return <EmptyState>{m("empty")}</EmptyState>;
  return (
    <>
      <ContestGroup title={m("running")} none={m("noneRunning")} contests={items.filter((c) => c.status === "running")} groupNames={names} />
      <ContestGroup
        title={m("upcoming")}
        none={m("noneUpcoming")}
        contests={items.filter((c) => c.status === "upcoming").reverse()}
        groupNames={names}
      />
      <ContestGroup title={m("finished")} none={m("noneFinished")} contests={items.filter((c) => c.status === "closed")} groupNames={names} />
      <LoadMore query={contests} />
    </>
  );
}

export default function ContestsAdminPage() {
  const m = useMessages(messages);
  const org = useMyOrg();
  let form;
  if (org.isPending) form = <Loading query={org} variant="row" count={1} lines={4} />;
  else if (org.isError) form = <ErrorMessage error={org.error} onRetry={() => void org.refetch()} />;
  else form = <ContestForm timeZone={org.data.timezone} />;
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")} />
      <Section title={m("newContest")}>{form}</Section>
      <ContestLists />
    </>
  );
}
