import { useMemo, useState } from "react";
import { Controller, useFieldArray, type UseFormReturn, useWatch } from "react-hook-form";
import * as v from "valibot";
import { type ApiError, isApiError } from "../../api/errors";
import { ErrorMessage } from "../../ui/components";
import { SelectField, TextField } from "../../ui/fields";
import { fieldMessage, submitWith, useSchemaForm } from "../../ui/form";
import { useKeyedSend } from "../../api/attempt";
import { useGroupChoices, useRewardChoices } from "../choices";
import { GroupChoice } from "../GroupChoice";
import { useMessages } from "../messages";
import { SubmitRow } from "../SubmitRow";
import { utcToZoned, zonedToUtc } from "../zonedTime";
import { messages } from "./messages";
import { type ContestCreate, type Metric, type PrizeIn, useCreateContest } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

const METRICS: readonly { value: Metric; label: "metricPoints" | "metricShares" | "metricClicks" }[] = [
  { value: "points", label: "metricPoints" },
  { value: "shares", label: "metricShares" },
  { value: "clicks", label: "metricClicks" },
];
/** The API takes starts at most 5 minutes past: a start typed as "now" is still accepted. */
const START_GRACE_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** A whole number from `min` to `max`, typed as text. */
function wholeNumber(min: number, max: number, message = "") {
  return v.pipe(v.string(), v.trim(), v.regex(/^\d+$/, message), v.transform(Number), v.minValue(min, message), v.maxValue(max, message));
}

/** A prize's place, read to propose the next one. */
const PLACE = wholeNumber(1, 1000);

/** What the form checks before sending. Its fields are named by the body's paths (`starts_at`,
 * `prizes.0.points`...), as the API names them in a 422's details; the times are typed on the org's
 * wall clock and come out in UTC. */
function contestSchema(m: Say, timeZone: string) {
  const instant = (message: string) =>
    v.pipe(
      v.string(),
      v.check((local) => zonedToUtc(local, timeZone) !== null, message),
      v.transform((local) => zonedToUtc(local, timeZone) ?? ""),
    );
  const prize = v.pipe(
    v.object({
      place: wholeNumber(1, 1000, m("placeInvalid")),
      points: v.pipe(v.string(), v.trim(), v.transform((text) => text || null), v.nullable(wholeNumber(1, 1_000_000, m("pointsInvalid")))),
      reward_id: v.string(),
      // Empty for no badge.
      badge: v.pipe(v.string(), v.trim(), v.regex(/^[a-z0-9_]{0,40}$/, m("badgeInvalid"))),
    }),
    v.check((p) => p.points !== null || p.reward_id !== "" || p.badge !== "", m("prizeEmpty")),
  );
  const prizes = v.pipe(
    v.array(prize),
    v.maxLength(100, m("tooManyPrizes")),
    // Said at each prize that shares its place, once every prize is right otherwise.
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const all = dataset.value;
      all.forEach((p, index) => {
        if (all.filter((other) => other.place === p.place).length < 2) return;
        addIssue({
          message: m("placeTaken"),
          path: [
            { type: "array", origin: "value", input: all, key: index, value: p },
            { type: "object", origin: "value", input: p, key: "place", value: p.place },
          ],
        });
      });
    }),
  );
  return v.pipe(
    v.object({
      name: v.pipe(v.string(), v.trim(), v.nonEmpty(m("nameRequired")), v.maxLength(200, m("tooLong", { max: 200 }))),
      starts_at: instant(m("startRequired")),
      ends_at: instant(m("endRequired")),
      metric: v.picklist(METRICS.map((metric) => metric.value)),
      groups: v.array(v.string()),
      // Empty is no minimum.
      min_score: v.pipe(v.string(), v.transform((text) => text || "0"), wholeNumber(0, 1_000_000_000, m("minScoreInvalid"))),
      prizes,
    }),
    v.forward(
      v.partialCheck([["starts_at"], ["ends_at"]], (c) => Date.parse(c.ends_at) > Date.parse(c.starts_at), m("endBeforeStart")),
      ["ends_at"],
    ),
    v.forward(
      v.partialCheck([["starts_at"]], (c) => Date.parse(c.starts_at) >= Date.now() - START_GRACE_MS, m("startPast")),
      ["starts_at"],
    ),
  );
}

type ContestSchema = ReturnType<typeof contestSchema>;
type ContestValues = v.InferInput<ContestSchema>;
type ContestForm = UseFormReturn<ContestValues, unknown, v.InferOutput<ContestSchema>>;
type PrizeValues = v.InferOutput<ContestSchema>["prizes"][number];

/** The next full hour, and a week after it, in the org's time zone. */
function initialValues(timeZone: string, now: number): ContestValues {
  const start = (Math.floor(now / HOUR_MS) + 1) * HOUR_MS;
  return {
    name: "",
    starts_at: utcToZoned(new Date(start).toISOString(), timeZone),
    ends_at: utcToZoned(new Date(start + WEEK_MS).toISOString(), timeZone),
    metric: "points",
    groups: [],
    min_score: "0",
    prizes: [],
  };
}

/** A prize as the API takes it: only what it gives. */
function prizeIn(prize: PrizeValues): PrizeIn {
  const out: PrizeIn = { place: prize.place };
  if (prize.points !== null) out.points = prize.points;
  if (prize.reward_id) out.reward_id = prize.reward_id;
  if (prize.badge) out.badge = prize.badge;
  return out;
}

function bodyOf(values: v.InferOutput<ContestSchema>): ContestCreate {
  return {
    name: values.name,
    starts_at: values.starts_at,
    ends_at: values.ends_at,
    metric: values.metric,
    groups: values.groups,
    prizes: values.prizes.map(prizeIn),
    min_score: values.min_score,
  };
}

function PrizeFields(props: {
  form: ContestForm;
  index: number;
  error: ApiError | null;
  rewards: { reward_id: string; name: string }[] | null;
  onRemove: () => void;
}) {
  const m = useMessages(messages);
  const { form, index } = props;
  const { errors } = form.formState;
  const place = useWatch({ control: form.control, name: `prizes.${index}.place` });
  const at = `prizes.${index}` as const;
  const problem = (field: "place" | "points" | "reward_id" | "badge") => fieldMessage(errors, props.error, `${at}.${field}`);
  const overall = fieldMessage(errors, props.error, at);
  return (
    <fieldset className="prize">
      <legend>{m("prizeTitle", { n: index + 1 })}</legend>
      <TextField label={m("place")} type="number" inputMode="numeric" min={1} max={1000} {...form.register(`${at}.place`)} error={problem("place")} />
      <TextField label={m("points")} type="number" inputMode="numeric" min={1} {...form.register(`${at}.points`)} error={problem("points")} />
      {props.rewards && props.rewards.length > 0 ? (
        <SelectField label={m("reward")} {...form.register(`${at}.reward_id`)} error={problem("reward_id")}>
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
        maxLength={40}
        autoComplete="off"
        {...form.register(`${at}.badge`)}
        error={problem("badge")}
      />
      {overall ? <p className="field-error">{overall}</p> : null}
      <button type="button" className="button secondary" onClick={props.onRemove}>
        {m("removePrize", { place: place || String(index + 1) })}
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
  const schema = useMemo(() => contestSchema(m, props.timeZone), [m, props.timeZone]);
  const [initial] = useState(() => initialValues(props.timeZone, Date.now()));
  const form = useSchemaForm(schema, initial);
  const prizes = useFieldArray({ control: form.control, name: "prizes" });
  const [created, setCreated] = useState<string | null>(null);
  const api = isApiError(create.error) ? create.error : null;
  const { errors } = form.formState;
  const problem = (field: string) => fieldMessage(errors, api, field);
  const zoneHint = m("zoneHint", { zone: props.timeZone });

  const submit = form.handleSubmit(
    (values) => {
      const body = bodyOf(values);
      send(body, (key) => ({ body, key }), {
        onSuccess: (contest) => {
          setCreated(contest.name);
          form.reset(initialValues(props.timeZone, Date.now()));
        },
      });
    },
    () => create.reset(), // the API's last answer is about another body
  );
  function addPrize() {
    const places = form.getValues("prizes").map((p) => {
      const place = v.safeParse(PLACE, p.place);
      return place.success ? place.output : 0;
    });
    // The new prize's fields wait for the admin: the focus stays on the button.
    prizes.append({ place: String(Math.max(0, ...places) + 1), points: "", reward_id: "", badge: "" }, { shouldFocus: false });
  }
  // A 422 is said next to its fields; a detail about a field not on the form (groups not offered) is
  // listed with the sentence instead.
  const placed = (field: string) => /^(name|starts_at|ends_at|min_score|prizes(\.\d+(\.(place|points|reward_id|badge))?)?)$/.test(field) || (field === "groups" && groups !== null);
  const unplaced = api?.details.some((d) => !placed(d.field)) ?? false;
  // A problem of the whole list (too many prizes) comes under `root`, apart from each prize's own.
  const prizesProblem = fieldMessage(errors, null, "prizes.root") ?? problem("prizes");
  return (
    <form
      className="card form-grid"
      onSubmit={submitWith(submit, { start: () => setCreated(null) })}
      noValidate
      aria-label={m("newContest")}
    >
      <div className="wide">
        <TextField label={m("name")} maxLength={200} autoComplete="off" {...form.register("name")} error={problem("name")} />
      </div>
      <TextField label={m("starts")} type="datetime-local" hint={zoneHint} {...form.register("starts_at")} error={problem("starts_at")} />
      <TextField label={m("ends")} type="datetime-local" hint={zoneHint} {...form.register("ends_at")} error={problem("ends_at")} />
      <fieldset className="choices">
        <legend>{m("metric")}</legend>
        {METRICS.map((metric) => (
          <label className="check" key={metric.value}>
            <input type="radio" value={metric.value} {...form.register("metric")} />
            {m(metric.label)}
          </label>
        ))}
      </fieldset>
      <Controller
        control={form.control}
        name="groups"
        render={({ field }) => (
          <GroupChoice
            legend={m("groups")}
            hint={m("groupsHint")}
            groups={groups}
            value={field.value}
            onChange={field.onChange}
            error={problem("groups")}
          />
        )}
      />
      <TextField
        label={m("minScore")}
        hint={m("minScoreHint")}
        type="number"
        inputMode="numeric"
        min={0}
        {...form.register("min_score")}
        error={problem("min_score")}
      />
      <fieldset className="prizes-field">
        <legend>{m("prizes")}</legend>
        <p className="hint">{m("prizesHint")}</p>
        {prizes.fields.length === 0 ? <p className="meta">{m("noPrizes")}</p> : null}
        {prizes.fields.map((prize, index) => (
          <PrizeFields key={prize.id} form={form} index={index} error={api} rewards={rewards} onRemove={() => prizes.remove(index)} />
        ))}
        {prizesProblem ? <p className="field-error">{prizesProblem}</p> : null}
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
