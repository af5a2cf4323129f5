import { type FormEvent, useRef, useState } from "react";
import { type ApiError, isApiError } from "../../api/errors";
import { ErrorMessage } from "../../ui/components";
import { SelectField, TextField } from "../../ui/fields";
import { useKeyedSend } from "../attempt";
import { useGroupChoices, useRewardChoices } from "../choices";
import { GroupChoice } from "../GroupChoice";
import { useMessages } from "../messages";
import { SubmitRow } from "../SubmitRow";
import { utcToZoned, zonedToUtc } from "../zonedTime";
import { messages } from "./messages";
import { type ContestCreate, type Metric, type PrizeIn, useCreateContest } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

interface PrizeDraft {
  /** A stable React key: places change as they are typed. */
  id: number;
  place: string;
  points: string;
  reward: string;
  badge: string;
}

interface Draft {
  name: string;
  starts: string;
  ends: string;
  metric: Metric;
  groups: string[];
  minScore: string;
  prizes: PrizeDraft[];
}

/** Problems by the body's field path (`name`, `starts_at`, `prizes.0.points`...), as the API names
 * them in a 422's details. */
type Problems = Record<string, string>;

const METRICS: readonly { value: Metric; label: "metricPoints" | "metricShares" | "metricClicks" }[] = [
  { value: "points", label: "metricPoints" },
  { value: "shares", label: "metricShares" },
  { value: "clicks", label: "metricClicks" },
];
const BADGE = /^[a-z0-9_]{1,40}$/;
/** The API takes starts at most 5 minutes past: a start typed as "now" is still accepted. */
const START_GRACE_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** The next full hour, and a week after it, in the org's time zone. */
function initialDraft(timeZone: string, now: number): Draft {
  const start = (Math.floor(now / HOUR_MS) + 1) * HOUR_MS;
  return {
    name: "",
    starts: utcToZoned(new Date(start).toISOString(), timeZone),
    ends: utcToZoned(new Date(start + WEEK_MS).toISOString(), timeZone),
    metric: "points",
    groups: [],
    minScore: "0",
    prizes: [],
  };
}

function whole(text: string, min: number, max: number): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : undefined;
}

function readPrize(m: Say, prize: PrizeDraft, index: number, places: string[], problems: Problems): PrizeIn {
  const at = `prizes.${index}`;
  const place = whole(prize.place, 1, 1000);
  if (place === undefined) problems[`${at}.place`] = m("placeInvalid");
  else if (places.filter((p) => whole(p, 1, 1000) === place).length > 1) problems[`${at}.place`] = m("placeTaken");
  const out: PrizeIn = { place: place ?? 0 };
  if (prize.points.trim()) {
    const points = whole(prize.points, 1, 1_000_000);
    if (points === undefined) problems[`${at}.points`] = m("pointsInvalid");
    else out.points = points;
  }
  if (prize.reward) out.reward_id = prize.reward;
  const badge = prize.badge.trim();
  if (badge) {
    if (!BADGE.test(badge)) problems[`${at}.badge`] = m("badgeInvalid");
    else out.badge = badge;
  }
  if (!prize.points.trim() && !prize.reward && !badge) problems[at] = m("prizeEmpty");
  return out;
}

/** The body of a draft, its times converted from the org's wall clock to UTC, or what is wrong. */
function readDraft(m: Say, draft: Draft, timeZone: string, now: number): { body: ContestCreate; problems: Problems } {
  const problems: Problems = {};
  const name = draft.name.trim();
  if (!name) problems.name = m("nameRequired");
  else if (name.length > 200) problems.name = m("tooLong", { max: 200 });
  const startsAt = zonedToUtc(draft.starts, timeZone);
  const endsAt = zonedToUtc(draft.ends, timeZone);
  if (!startsAt) problems.starts_at = m("startRequired");
  else if (Date.parse(startsAt) < now - START_GRACE_MS) problems.starts_at = m("startPast");
  if (!endsAt) problems.ends_at = m("endRequired");
  else if (startsAt && Date.parse(endsAt) <= Date.parse(startsAt)) problems.ends_at = m("endBeforeStart");
  const minScore = whole(draft.minScore || "0", 0, 1_000_000_000);
  if (minScore === undefined) problems.min_score = m("minScoreInvalid");
  if (draft.prizes.length > 100) problems.prizes = m("tooManyPrizes");
  const places = draft.prizes.map((p) => p.place);
  const prizes = draft.prizes.map((p, i) => readPrize(m, p, i, places, problems));
  return {
    body: {
      name,
      starts_at: startsAt ?? "",
      ends_at: endsAt ?? "",
      metric: draft.metric,
      groups: draft.groups,
      prizes,
      min_score: minScore ?? 0,
    },
    problems,
  };
}

/** A field's problem: ours before sending, else the API's (a 422 detail at that path). */
function problemAt(problems: Problems, error: ApiError | null, field: string): string | undefined {
  return problems[field] ?? error?.fieldError(field);
}

function PrizeFields(props: {
  prize: PrizeDraft;
  index: number;
  problems: Problems;
  error: ApiError | null;
  rewards: { reward_id: string; name: string }[] | null;
  onChange: (prize: PrizeDraft) => void;
  onRemove: () => void;
}) {
  const m = useMessages(messages);
  const { prize, index, onChange } = props;
  const at = `prizes.${index}`;
  const problem = (field: string) => problemAt(props.problems, props.error, `${at}.${field}`);
  const overall = problemAt(props.problems, props.error, at);
  return (
    <fieldset className="prize">
      <legend>{m("prizeTitle", { n: index + 1 })}</legend>
      <TextField
        label={m("place")}
        type="number"
        inputMode="numeric"
        min={1}
        max={1000}
        value={prize.place}
        error={problem("place")}
        onChange={(e) => onChange({ ...prize, place: e.target.value })}
      />
      <TextField
        label={m("points")}
        type="number"
        inputMode="numeric"
        min={1}
        value={prize.points}
        error={problem("points")}
        onChange={(e) => onChange({ ...prize, points: e.target.value })}
      />
      {props.rewards && props.rewards.length > 0 ? (
        <SelectField label={m("reward")} value={prize.reward} error={problem("reward_id")} onChange={(e) => onChange({ ...prize, reward: e.target.value })}>
          <option value="">{m("noReward")}</option>
          {props.rewards.map((r) => (
            <option key={r.reward_id} value={r.reward_id}>
              {r.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextField
        label={m("badge")}
        hint={m("badgeHint")}
        value={prize.badge}
        maxLength={40}
        autoComplete="off"
        error={problem("badge")}
        onChange={(e) => onChange({ ...prize, badge: e.target.value })}
      />
      {overall ? <p className="field-error">{overall}</p> : null}
      <button type="button" className="button secondary" onClick={props.onRemove}>
        {m("removePrize", { place: prize.place || String(index + 1) })}
      </button>
    </fieldset>
  );
}

/** Creating a contest: dates typed in the org's time zone and sent in UTC; groups when the caller may
 * list them; prizes of points, a reward or a badge per place. */
export function ContestForm(props: { timeZone: string }) {
  const m = useMessages(messages);
  const create = useCreateContest();
  const { send, offline } = useKeyedSend(create);
  const { groups } = useGroupChoices();
  const { rewards } = useRewardChoices();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(props.timeZone, Date.now()));
  const [problems, setProblems] = useState<Problems>({});
  const [created, setCreated] = useState<string | null>(null);
  const nextId = useRef(1);
  const api = isApiError(create.error) ? create.error : null;
  const zoneHint = m("zoneHint", { zone: props.timeZone });

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const { body, problems: found } = readDraft(m, draft, props.timeZone, Date.now());
    setProblems(found);
    if (Object.keys(found).length > 0) return create.reset(); // the API's last answer is about another body
    send(body, (key) => ({ body, key }), {
      onSuccess: (contest) => {
        setCreated(contest.name);
        setDraft(initialDraft(props.timeZone, Date.now()));
      },
    });
  }
  function setPrize(index: number, prize: PrizeDraft) {
    setDraft({ ...draft, prizes: draft.prizes.map((p, i) => (i === index ? prize : p)) });
  }
  function addPrize() {
    const last = Math.max(0, ...draft.prizes.map((p) => whole(p.place, 1, 1000) ?? 0));
    const prize = { id: nextId.current++, place: String(last + 1), points: "", reward: "", badge: "" };
    setDraft({ ...draft, prizes: [...draft.prizes, prize] });
  }
  // A 422 is said next to its fields; a detail about a field not on the form (groups not offered) is
  // listed with the sentence instead.
  const placed = (field: string) => /^(name|starts_at|ends_at|min_score|prizes(\.\d+(\.(place|points|reward_id|badge))?)?)$/.test(field) || (field === "groups" && groups !== null);
  const unplaced = api?.details.some((d) => !placed(d.field)) ?? false;
  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-label={m("newContest")}>
      <div className="wide">
        <TextField
          label={m("name")}
          value={draft.name}
          maxLength={200}
          autoComplete="off"
          error={problemAt(problems, api, "name")}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
      </div>
      <TextField
        label={m("starts")}
        type="datetime-local"
        hint={zoneHint}
        value={draft.starts}
        error={problemAt(problems, api, "starts_at")}
        onChange={(e) => setDraft({ ...draft, starts: e.target.value })}
      />
      <TextField
        label={m("ends")}
        type="datetime-local"
        hint={zoneHint}
        value={draft.ends}
        error={problemAt(problems, api, "ends_at")}
        onChange={(e) => setDraft({ ...draft, ends: e.target.value })}
      />
      <fieldset className="choices">
        <legend>{m("metric")}</legend>
        {METRICS.map((metric) => (
          <label className="check" key={metric.value}>
            <input
              type="radio"
              name="metric"
              value={metric.value}
              checked={draft.metric === metric.value}
              onChange={() => setDraft({ ...draft, metric: metric.value })}
            />
            {m(metric.label)}
          </label>
        ))}
      </fieldset>
      <GroupChoice
        legend={m("groups")}
        hint={m("groupsHint")}
        groups={groups}
        value={draft.groups}
        onChange={(chosen) => setDraft({ ...draft, groups: chosen })}
        error={problemAt(problems, api, "groups")}
      />
      <TextField
        label={m("minScore")}
        hint={m("minScoreHint")}
        type="number"
        inputMode="numeric"
        min={0}
        value={draft.minScore}
        error={problemAt(problems, api, "min_score")}
        onChange={(e) => setDraft({ ...draft, minScore: e.target.value })}
      />
      <fieldset className="prizes-field">
        <legend>{m("prizes")}</legend>
        <p className="hint">{m("prizesHint")}</p>
        {draft.prizes.length === 0 ? <p className="meta">{m("noPrizes")}</p> : null}
        {draft.prizes.map((prize, index) => (
          <PrizeFields
            key={prize.id}
            prize={prize}
            index={index}
            problems={problems}
            error={api}
            rewards={rewards}
            onChange={(p) => setPrize(index, p)}
            onRemove={() => setDraft({ ...draft, prizes: draft.prizes.filter((p) => p.id !== prize.id) })}
          />
        ))}
        {problemAt(problems, api, "prizes") ? <p className="field-error">{problemAt(problems, api, "prizes")}</p> : null}
        <button type="button" className="button secondary" onClick={addPrize}>
          {m("addPrize")}
        </button>
      </fieldset>
      <SubmitRow busy={create.isPending} label={m("create")} busyLabel={m("creating")} done={created ? m("created", { name: created }) : null} />
      {offline ? <ErrorMessage error={offline} /> : null}
      {create.isError ? <ErrorMessage error={create.error} listFields={unplaced} /> : null}
    </form>
  );
}
