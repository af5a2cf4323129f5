import { useMemo } from "react";
import { useSearchParams } from "react-router";
import * as v from "valibot";
import { isApiError } from "../../api/errors";
import { useMe, useMyOrg } from "../../api/queries";
import { NETWORKS } from "../../api/types";
import { EmptyState, ErrorMessage, Loading, PageHeading, Section } from "../../ui/components";
import { SelectField, TextField } from "../../ui/fields";
import { fieldMessage, useSchemaForm } from "../../ui/form";
import "../admin.css";
import { atLeast } from "../access";
import { useGroupChoices } from "../choices";
import { useMessages } from "../messages";
import { addDays, daysBetween, todayIn } from "../zonedTime";
import "./analytics.css";
import { ChartFigure, type Series } from "./Chart";
import { ExportCsv } from "./ExportCsv";
import { useFormats } from "./format";
import { messages } from "./messages";
import { type Filter, type Summary, useSummary } from "./queries";
import { SuspiciousShares } from "./SuspiciousShares";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

/** Shares solid dark blue, clicks dashed dark orange, unique clicks dark green: each at least 4.5:1
 * on white. */
const SHARES = "#1746a2";
const CLICKS = "#a34400";
const UNIQUE = "#1b6b3a";
const DAY = /^(20\d{2}|2100)-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

/** What the filters check before the range is sent, as the API would: each day given and between
 * 2000 and 2100, the last not before the first, at most 366 days. The range's own checks wait for
 * both days to be right. */
function filterSchema(m: Say) {
  const range = v.object({
    from: v.pipe(v.string(), v.nonEmpty(m("fromRequired")), v.regex(DAY, m("outOfYears"))),
    to: v.pipe(v.string(), v.nonEmpty(m("toRequired")), v.regex(DAY, m("outOfYears"))),
    group: v.pipe(v.string(), v.transform((group): string | null => group || null)),
  });
  const both = ({ from, to }: { from: string; to: string }) => DAY.test(from) && DAY.test(to);
  return v.pipe(
    range,
    v.forward(v.partialCheck([["from"], ["to"]], (r) => !both(r) || daysBetween(r.from, r.to) >= 1, m("toBeforeFrom")), ["to"]),
    v.forward(v.partialCheck([["from"], ["to"]], (r) => !both(r) || daysBetween(r.from, r.to) <= MAX_DAYS, m("tooLong")), ["to"]),
  );
}

function FilterForm(props: { filter: Filter; timeZone: string; refused: unknown; onApply: (filter: Filter) => void }) {
  const m = useMessages(messages);
  const { groups } = useGroupChoices();
  const schema = useMemo(() => filterSchema(m), [m]);
  const form = useSchemaForm(schema, { from: props.filter.from, to: props.filter.to, group: props.filter.group ?? "" });
  const errorFor = (field: string) => fieldMessage(form.formState.errors, props.refused, field);
  const submit = form.handleSubmit((filter) => props.onApply(filter));

  return (
    <form className="card form-inline filters-form" onSubmit={(event) => void submit(event)} noValidate aria-label={m("filters")}>
      <TextField
        label={m("from")}
        type="date"
        min="2000-01-01"
        max="2100-12-31"
        hint={m("daysHint", { zone: props.timeZone })}
        {...form.register("from")}
        error={errorFor("from")}
      />
      <TextField
        label={m("to")}
        type="date"
        min="2000-01-01"
        max="2100-12-31"
        hint={m("toHint")}
        {...form.register("to")}
        error={errorFor("to")}
      />
      {groups && groups.length > 0 ? (
        <SelectField label={m("group")} hint={m("groupHint")} {...form.register("group")}>
          <option value="">{m("allGroups")}</option>
          {groups.map((g) => (
            <option key={g.group_id} value={g.group_id}>
              {g.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <button type="submit" className="button primary">
        {m("show")}
      </button>
    </form>
  );
}

function Tiles(props: { summary: Summary }) {
  const m = useMessages(messages);
  const f = useFormats();
  const s = props.summary;
  const tiles: { label: string; value: string; detail?: string }[] = [
    {
      label: m("participation"),
      value: f.percent(s.participation_rate),
      detail: m("participationDetail", { active: f.number(s.active_advocates), members: f.number(s.members) }),
    },
    { label: m("activeAdvocates"), value: f.number(s.active_advocates) },
    { label: m("shares"), value: f.number(s.shares) },
    {
      label: m("personalised"),
      value: f.percent(s.personalised_rate),
      detail: m("personalisedDetail", { personalised: f.number(s.personalised_shares), shares: f.number(s.shares) }),
    },
    { label: m("clicks"), value: f.number(s.clicks), detail: m("clicksDetail") },
    { label: m("humanClicks"), value: f.number(s.human_clicks) },
    { label: m("uniqueClicks"), value: f.number(s.unique_clicks) },
    {
      label: m("reach"),
      value: f.number(s.reach),
      detail: m("reachDetail", { declared: f.number(s.reach_self_declared), verified: f.number(s.reach_verified) }),
    },
    { label: m("emv"), value: f.money(s.emv, s.currency), detail: m("emvDetail") },
    {
      label: m("accountPosts"),
      value: f.number((s.account_posts.linkedin ?? 0) + (s.account_posts.x ?? 0)),
      detail: m("accountPostsDetail", { linkedin: f.number(s.account_posts.linkedin ?? 0), x: f.number(s.account_posts.x ?? 0) }),
    },
    { label: m("xCost"), value: f.money(s.x_posts_cost_usd, "USD"), detail: m("xCostDetail") },
  ];
  return (
    <Section title={m("figures")} className="figures">
      <dl className="stats tiles">
        {tiles.map((tile) => (
          <div key={tile.label}>
            <dt>{tile.label}</dt>
            <dd className="tile-value">{tile.value}</dd>
            {tile.detail ? <dd className="meta">{tile.detail}</dd> : null}
          </div>
        ))}
      </dl>
    </Section>
  );
}

/** A top-ten table; a list of cards on a phone (admin.css `.stacked`). */
function TopTable(props: { title: string; first: string; rows: { id: string; name: string; shares: number; clicks: number; unique: number }[] }) {
  const m = useMessages(messages);
  const f = useFormats();
  const columns = [m("shares"), m("clicks"), m("uniqueClicks")];
  return (
    <Section title={props.title}>
      {props.rows.length === 0 ? (
        <EmptyState>{m("none")}</EmptyState>
      ) : (
        <table className="table stacked">
          <thead>
            <tr>
              <th scope="col">{props.first}</th>
              {columns.map((c) => (
                <th scope="col" className="num" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.name || m("untitled")}</th>
                {[row.shares, row.clicks, row.unique].map((value, i) => (
                  <td className="num" data-label={columns[i]} key={columns[i]}>
                    {f.number(value)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** When the figures were computed (the rollup job runs every few minutes), on the org's clock. */
function Freshness(props: { computedAt: string | null; timeZone: string }) {
  const m = useMessages(messages);
  const f = useFormats();
  const today = todayIn(props.timeZone);
  return (
    <p className="range-line freshness">
      {props.computedAt ? m("computedAt", { when: f.moment(props.computedAt, props.timeZone, today) }) : m("notComputed")}
    </p>
  );
}

function Dashboard(props: { summary: Summary; timeZone: string }) {
  const m = useMessages(messages);
  const f = useFormats();
  const s = props.summary;
  const daily = useMemo(
    () => ({
      labels: s.daily.map((d) => f.shortDay(d.date)),
      series: [
        { label: m("shares"), values: s.daily.map((d) => d.shares), color: SHARES },
        { label: m("clicks"), values: s.daily.map((d) => d.clicks), color: CLICKS, dashed: true },
      ] satisfies Series[],
    }),
    [s, f, m],
  );
  const networks = useMemo(() => {
    const present = NETWORKS.filter((n) => s.by_network[n]);
    return {
      labels: present.map((n) => m(n)),
      series: [
        { label: m("shares"), values: present.map((n) => s.by_network[n]?.shares ?? 0), color: SHARES },
        { label: m("clicks"), values: present.map((n) => s.by_network[n]?.clicks ?? 0), color: CLICKS },
        { label: m("uniqueClicks"), values: present.map((n) => s.by_network[n]?.unique_clicks ?? 0), color: UNIQUE },
      ] satisfies Series[],
    };
  }, [s, m]);
  return (
    <>
      <Freshness computedAt={s.computed_at} timeZone={props.timeZone} />
      <Tiles summary={s} />
      {s.shares === 0 && s.clicks === 0 ? (
        <EmptyState>{m("empty")}</EmptyState>
      ) : (
        <>
          <ChartFigure kind="line" title={m("daily")} category={m("day")} labels={daily.labels} series={daily.series} format={f.number} />
          <ChartFigure
            kind="bar"
            title={m("perNetwork")}
            category={m("network")}
            labels={networks.labels}
            series={networks.series}
            format={f.number}
          />
          <div className="tops">
            <TopTable
              title={m("topContent")}
              first={m("content")}
              rows={s.top_content.map((c) => ({ id: c.content_id, name: c.title, shares: c.shares, clicks: c.clicks, unique: c.unique_clicks }))}
            />
            <TopTable
              title={m("topAdvocates")}
              first={m("advocate")}
              rows={s.top_advocates.map((a) => ({ id: a.member_id, name: a.name, shares: a.shares, clicks: a.clicks, unique: a.unique_clicks }))}
            />
          </div>
        </>
      )}
    </>
  );
}

function Analytics(props: { timeZone: string }) {
  const m = useMessages(messages);
  const f = useFormats();
  const { names } = useGroupChoices();
  const [params, setParams] = useSearchParams();
  const today = todayIn(props.timeZone);
  const filter: Filter = {
    from: params.get("from") ?? addDays(today, -29),
    to: params.get("to") ?? today,
    group: params.get("group") || null,
  };
  const summary = useSummary(filter);
  const me = useMe();

  function apply(next: Filter) {
    setParams(next.group ? { from: next.from, to: next.to, group: next.group } : { from: next.from, to: next.to });
  }
  const refused = isApiError(summary.error) && summary.error.details.length > 0 ? summary.error : null;
  const range = { from: f.day(filter.from), to: f.day(filter.to) };
  let body;
  if (summary.isPending) body = <Loading query={summary} variant="row" count={4} lines={2} />;
  else if (summary.isError && refused) body = <ErrorMessage error={summary.error} />;
  else if (summary.isError) body = <ErrorMessage error={summary.error} onRetry={() => void summary.refetch()} />;
  else body = <Dashboard summary={summary.data} timeZone={props.timeZone} />;
  return (
    <>
      <FilterForm key={`${filter.from}/${filter.to}/${filter.group ?? ""}`} filter={filter} timeZone={props.timeZone} refused={refused} onApply={apply} />
      <p className="range-line" aria-live="polite">
        {filter.group
          ? m("showingGroup", { ...range, group: names.get(filter.group) ?? filter.group })
          : m("showing", range)}
      </p>
      <ExportCsv filter={filter} />
      {body}
      {atLeast(me.data?.role, "admin") ? <SuspiciousShares from={filter.from} to={filter.to} /> : null}
    </>
  );
}

export default function AnalyticsPage() {
  const m = useMessages(messages);
  const org = useMyOrg();
  let body;
  if (org.isPending) body = <Loading query={org} variant="row" count={3} lines={2} />;
  else if (org.isError) body = <ErrorMessage error={org.error} onRetry={() => void org.refetch()} />;
  else body = <Analytics timeZone={org.data.timezone} />;
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")} />
      {body}
    </>
  );
}
