import { useMemo, useState } from "react";
import type { Path } from "react-hook-form";
import * as v from "valibot";
import { offlineError } from "../../api/errors";
import { ErrorMessage, Loading, PageHeading, Section } from "../../ui/components";
import { SelectField, SubmitButton, TextField } from "../../ui/fields";
import { fieldMessage, hasUnshownDetails, submitWith, useSchemaForm } from "../../ui/form";
import "../admin.css";
import { ChangedMeanwhile, isConflict } from "../conflict";
import { useMessages } from "../messages";
import { messages } from "./messages";
import "./settings.css";
import { type Org, useOrg, useUpdateOrg, type Weekday, WEEKDAYS } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;
type Key = Parameters<Say>[0];

/** The settings as the form holds them: numbers as their text, the level thresholds as typed, the
 * approval switch as on or off. The nesting is the API's, so a field's path (`point_rules.click`) is
 * the one a 422 names. */
interface Values {
  name: string;
  timezone: string;
  point_rules: Record<keyof Org["point_rules"], string>;
  level_thresholds: string;
  limits: Record<keyof Org["limits"], string>;
  follower_limits: Record<keyof Org["follower_limits"], string>;
  emv: Record<keyof Org["emv"], string>;
  default_content_ttl_days: string;
  digest_weekday: Weekday;
  content_needs_approval: boolean;
}

function valuesOf(org: Org): Values {
  const { point_rules: points, limits, follower_limits: followers, emv } = org;
  return {
    name: org.name,
    timezone: org.timezone,
    point_rules: {
      share: String(points.share),
      personalised_share: String(points.personalised_share),
      click: String(points.click),
      content_submission: String(points.content_submission),
      suggestion_accepted: String(points.suggestion_accepted),
      click_daily_cap_per_share: String(points.click_daily_cap_per_share),
    },
    level_thresholds: org.level_thresholds.join(", "),
    limits: { content_points_max: String(limits.content_points_max), prize_points_max: String(limits.prize_points_max) },
    follower_limits: { linkedin: String(followers.linkedin), x: String(followers.x), facebook: String(followers.facebook) },
    emv: { cpm: String(emv.cpm), cpc: String(emv.cpc), currency: emv.currency },
    default_content_ttl_days: String(org.default_content_ttl_days),
    digest_weekday: org.digest_weekday,
    content_needs_approval: org.content_needs_approval,
  };
}

/** A setting left as it was is neither checked nor sent (it comes out undefined): what is stored
 * stands, even where this form would read it otherwise. A changed one goes through `schema`. */
function ifChanged<I, O>(before: I, schema: v.GenericSchema<I, O>): v.GenericSchema<I, O | undefined> {
  const unchanged = v.pipe(
    v.custom<I>(() => true),
    v.transform((): O | undefined => undefined),
  );
  return v.lazy((input) => (input === before ? unchanged : schema));
}

const MAX_LEVELS = 50;
const MAX_THRESHOLD = 1_000_000_000;

/** What the settings form checks before sending, and what it sends: each changed setting as the API
 * takes it (a number, a list of numbers, a boolean, trimmed text). */
function settingsSchema(m: Say, before: Values) {
  const filled = v.pipe(v.string(), v.trim(), v.nonEmpty(m("required")));
  const count = (min: number, max: number) => {
    const message = m("wholeNumber", { min, max });
    return v.pipe(filled, v.regex(/^\d+$/, message), v.transform(Number), v.minValue(min, message), v.maxValue(max, message));
  };
  const amount = (max: number) => {
    const message = m("amount", { max });
    return v.pipe(filled, v.regex(/^\d+(\.\d{1,4})?$/, message), v.transform(Number), v.maxValue(max, message));
  };
  const points = count(0, 10_000);
  const followers = count(0, 1_000_000_000);
  // Level thresholds as typed ("100, 250 300"): rising whole numbers; none, the standard curve.
  const levels = v.pipe(
    v.string(),
    v.transform((text) => text.split(/[\s,;]+/).filter(Boolean)),
    v.check((parts) => parts.length <= MAX_LEVELS && parts.every((p) => /^\d+$/.test(p)), m("levelsInvalid")),
    v.transform((parts) => parts.map(Number)),
    v.check(
      (numbers) => numbers.every((n, i) => n >= 1 && n <= MAX_THRESHOLD && (i === 0 || n > (numbers[i - 1] ?? 0))),
      m("levelsInvalid"),
    ),
  );
  const { point_rules: rules, limits, follower_limits: reach, emv } = before;
  return v.object({
    name: ifChanged(before.name, filled),
    timezone: ifChanged(before.timezone, filled),
    point_rules: v.object({
      share: ifChanged(rules.share, points),
      personalised_share: ifChanged(rules.personalised_share, points),
      click: ifChanged(rules.click, points),
      content_submission: ifChanged(rules.content_submission, points),
      suggestion_accepted: ifChanged(rules.suggestion_accepted, points),
      click_daily_cap_per_share: ifChanged(rules.click_daily_cap_per_share, count(0, 100_000)),
    }),
    level_thresholds: ifChanged(before.level_thresholds, levels),
    limits: v.object({
      content_points_max: ifChanged(limits.content_points_max, count(0, 100_000)),
      prize_points_max: ifChanged(limits.prize_points_max, count(0, 1_000_000)),
    }),
    follower_limits: v.object({
      linkedin: ifChanged(reach.linkedin, followers),
      x: ifChanged(reach.x, followers),
      facebook: ifChanged(reach.facebook, followers),
    }),
    emv: v.object({
      cpm: ifChanged(emv.cpm, amount(100_000)),
      cpc: ifChanged(emv.cpc, amount(100_000)),
      currency: ifChanged(emv.currency, v.pipe(filled, v.regex(/^[A-Z]{3}$/, m("currencyInvalid")))),
    }),
    default_content_ttl_days: ifChanged(before.default_content_ttl_days, count(1, 3650)),
    digest_weekday: ifChanged(before.digest_weekday, v.picklist(WEEKDAYS, m("required"))),
    content_needs_approval: ifChanged(before.content_needs_approval, v.boolean()),
  });
}

type Changes = v.InferOutput<ReturnType<typeof settingsSchema>>;

/** The PATCH body: the changed settings, a nested one (`point_rules`) with only its changed fields,
 * and only when one of them changed. */
function patchOf(changes: Changes): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      body[key] = value;
      continue;
    }
    const changed = Object.entries(value as Record<string, unknown>).filter(([, field]) => field !== undefined);
    if (changed.length > 0) body[key] = Object.fromEntries(changed);
  }
  return body;
}

/** A setting's field: its path in the form (and in the API's body), its words, and how it is shown. */
interface Field {
  path: Path<Values>;
  label: Key;
  hint?: Key;
  kind: "text" | "timezone" | "count" | "amount" | "currency" | "weekday" | "levels" | "switch";
  maxLength?: number;
}

const SECTIONS: { title: Key; hint?: Key; fields: Field[] }[] = [
  {
    title: "org",
    fields: [
      { path: "name", label: "name", kind: "text", maxLength: 200 },
      { path: "timezone", label: "timezone", hint: "timezoneHint", kind: "timezone" },
    ],
  },
  {
    title: "points",
    hint: "pointsHint",
    fields: [
      { path: "point_rules.share", label: "share", kind: "count" },
      { path: "point_rules.personalised_share", label: "personalisedShare", hint: "personalisedShareHint", kind: "count" },
      { path: "point_rules.click", label: "click", kind: "count" },
      { path: "point_rules.content_submission", label: "contentSubmission", kind: "count" },
      { path: "point_rules.suggestion_accepted", label: "suggestionAccepted", kind: "count" },
      { path: "point_rules.click_daily_cap_per_share", label: "clickCap", hint: "clickCapHint", kind: "count" },
      { path: "level_thresholds", label: "levels", hint: "levelsHint", kind: "levels" },
    ],
  },
  {
    title: "limits",
    hint: "limitsHint",
    fields: [
      { path: "limits.content_points_max", label: "contentPointsMax", hint: "contentPointsMaxHint", kind: "count" },
      { path: "limits.prize_points_max", label: "prizePointsMax", hint: "prizePointsMaxHint", kind: "count" },
    ],
  },
  {
    title: "followers",
    hint: "followersHint",
    fields: [
      { path: "follower_limits.linkedin", label: "followersLinkedin", kind: "count" },
      { path: "follower_limits.x", label: "followersX", hint: "followersXHint", kind: "count" },
      { path: "follower_limits.facebook", label: "followersFacebook", kind: "count" },
    ],
  },
  {
    title: "emv",
    hint: "emvHint",
    fields: [
      { path: "emv.cpm", label: "cpm", kind: "amount" },
      { path: "emv.cpc", label: "cpc", kind: "amount" },
      { path: "emv.currency", label: "currency", hint: "currencyHint", kind: "currency" },
    ],
  },
  {
    title: "defaults",
    fields: [
      { path: "default_content_ttl_days", label: "ttl", hint: "ttlHint", kind: "count" },
      { path: "digest_weekday", label: "weekday", hint: "weekdayHint", kind: "weekday" },
      { path: "content_needs_approval", label: "approval", hint: "approvalHint", kind: "switch" },
    ],
  },
];
const PATHS: readonly string[] = SECTIONS.flatMap((s) => s.fields.map((f) => f.path));

/** The IANA time zones this browser knows (`Intl.supportedValuesOf`), the current one among them;
 * null where the browser cannot list them (a text field then). */
function timeZones(current: string): string[] | null {
  const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : null;
  if (!list || list.length === 0) return null;
  return list.includes(current) ? list : [current, ...list].sort();
}

function SettingsForm(props: { org: Org; onSaved: (message: string) => void; onReload: () => void }) {
  const m = useMessages(messages);
  const update = useUpdateOrg();
  // The org the form started from: what a change is measured against, whatever is read meanwhile.
  const [before] = useState<Values>(() => valuesOf(props.org));
  const schema = useMemo(() => settingsSchema(m, before), [m, before]);
  const form = useSchemaForm(schema, before);
  const [offline, setOffline] = useState<unknown>(null);
  const zones = timeZones(props.org.timezone);
  const errorFor = (path: string) => fieldMessage(form.formState.errors, update.error, path);

  const submit = form.handleSubmit((changes) => {
    const body = patchOf(changes);
    if (Object.keys(body).length === 0) return props.onSaved(m("nothing"));
    const noConnection = offlineError();
    setOffline(noConnection);
    if (noConnection) return;
    update.mutate(body, { onSuccess: () => props.onSaved(m("saved")) });
  });

  // Details of a 422 that no field below shows are listed in the summary.
  const unshown = hasUnshownDetails(update.error, PATHS);

  function input(field: Field) {
    const common = { label: m(field.label), hint: field.hint ? m(field.hint) : undefined, error: errorFor(field.path) };
    const registered = form.register(field.path);
    if (field.kind === "switch") {
      const hintId = `${field.path}-hint`;
      return (
        <div key={field.path} className="field">
          <label className="check">
            <input type="checkbox" aria-describedby={field.hint ? hintId : undefined} {...registered} />
            {m(field.label)}
          </label>
          {field.hint ? (
            <p className="hint" id={hintId}>
              {m(field.hint)}
            </p>
          ) : null}
        </div>
      );
    }
    if (field.kind === "weekday") {
      return (
        <SelectField key={field.path} {...common} {...registered}>
          {WEEKDAYS.map((d) => (
            <option key={d} value={d}>
              {m(`day.${d}`)}
            </option>
          ))}
        </SelectField>
      );
    }
    if (field.kind === "timezone" && zones) {
      return (
        <SelectField key={field.path} {...common} {...registered}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
      );
    }
    const currency = field.kind === "currency";
    return (
      <TextField
        key={field.path}
        {...common}
        inputMode={field.kind === "count" ? "numeric" : field.kind === "amount" ? "decimal" : undefined}
        maxLength={currency ? 3 : field.maxLength}
        autoCapitalize={currency ? "characters" : undefined}
        autoComplete="off"
        {...registered}
        onChange={(event) => {
          // A currency code shows in capitals as it is typed.
          if (currency) event.target.value = event.target.value.toUpperCase();
          void registered.onChange(event);
        }}
      />
    );
  }

  return (
    <form
      className="form"
      onSubmit={submitWith(submit, { busy: update.isPending })}
      noValidate
      aria-busy={update.isPending}
    >
      {offline ? (
        <ErrorMessage error={offline} />
      ) : isConflict(update.error) ? (
        <ChangedMeanwhile message={m("changed")} reload={m("reload")} onReload={props.onReload} />
      ) : update.isError ? (
        <ErrorMessage error={update.error} listFields={unshown} />
      ) : null}
      {SECTIONS.map((section) => (
        <Section key={section.title} title={m(section.title)}>
          {section.hint ? <p className="hint">{m(section.hint)}</p> : null}
          <div className="form-grid card settings-fields">{section.fields.map(input)}</div>
        </Section>
      ))}
      <EmailDomains org={props.org} />
      <div className="form-actions">
        <SubmitButton busy={update.isPending} busyLabel={m("saving")}>
          {m("save")}
        </SubmitButton>
      </div>
    </form>
  );
}

/** The email domains (and single addresses) the org's admins may invite: the operator sets them, so
 * they are shown here, not edited. */
function EmailDomains(props: { org: Org }) {
  const m = useMessages(messages);
  const { domains, allowed_emails: allowed } = props.org;
  return (
    <Section title={m("domains")}>
      <p className="hint">{m("domainsHint")}</p>
      <div className="card">
        <p>
          <strong>{m("domainsOwned")}</strong> {domains.length > 0 ? domains.join(", ") : m("domainsNone")}
        </p>
        {allowed.length > 0 ? (
          <p>
            <strong>{m("domainsAllowed")}</strong> {allowed.join(", ")}
          </p>
        ) : null}
      </div>
    </Section>
  );
}

export default function SettingsPage() {
  const m = useMessages(messages);
  const org = useOrg();
  const [notice, setNotice] = useState<string | null>(null);
  // A new form (from what is stored) after each save and each reload, not on background reads.
  const [generation, setGeneration] = useState(0);
  let body;
  if (org.isPending) {
    body = <Loading query={org} count={4} lines={3} />;
  } else if (org.isError) {
    body = <ErrorMessage error={org.error} onRetry={() => void org.refetch()} />;
  } else {
    body = (
      <SettingsForm
        key={generation}
        org={org.data}
        onSaved={(message) => {
          setNotice(message);
          setGeneration((g) => g + 1);
        }}
        onReload={() => {
          setNotice(null);
          void org.refetch().then(() => setGeneration((g) => g + 1));
        }}
      />
    );
  }
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")} />
      <p role="status" className="notice-line">
        {notice ?? ""}
      </p>
      {body}
    </>
  );
}
