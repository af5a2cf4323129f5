import { type FormEvent, useState } from "react";
import { isApiError, offlineError } from "../../api/errors";
import { ErrorMessage, Loading, PageHeading, Section } from "../../ui/components";
import { SelectField, SubmitButton, TextField } from "../../ui/fields";
import "../admin.css";
import { ChangedMeanwhile, isConflict } from "../conflict";
import { useMessages } from "../messages";
import { messages } from "./messages";
import "./settings.css";
import { type Org, useOrg, useUpdateOrg, WEEKDAYS } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;
type Key = Parameters<Say>[0];

/** A setting as the form holds it: its path in the API's body (`point_rules.click`, as a 422 names
 * it), how it is read and checked, and its words. */
interface Field {
  path: string;
  label: Key;
  hint?: Key;
  kind: "text" | "timezone" | "count" | "amount" | "currency" | "weekday" | "levels" | "switch";
  min?: number;
  max?: number;
}

const SECTIONS: { title: Key; hint?: Key; fields: Field[] }[] = [
  {
    title: "org",
    fields: [
      { path: "name", label: "name", kind: "text", max: 200 },
      { path: "timezone", label: "timezone", hint: "timezoneHint", kind: "timezone" },
    ],
  },
  {
    title: "points",
    hint: "pointsHint",
    fields: [
      { path: "point_rules.share", label: "share", kind: "count", min: 0, max: 10_000 },
      { path: "point_rules.personalised_share", label: "personalisedShare", hint: "personalisedShareHint", kind: "count", min: 0, max: 10_000 },
      { path: "point_rules.click", label: "click", kind: "count", min: 0, max: 10_000 },
      { path: "point_rules.content_submission", label: "contentSubmission", kind: "count", min: 0, max: 10_000 },
      { path: "point_rules.suggestion_accepted", label: "suggestionAccepted", kind: "count", min: 0, max: 10_000 },
      { path: "point_rules.click_daily_cap_per_share", label: "clickCap", hint: "clickCapHint", kind: "count", min: 0, max: 100_000 },
      { path: "level_thresholds", label: "levels", hint: "levelsHint", kind: "levels", max: 50 },
    ],
  },
  {
    title: "limits",
    hint: "limitsHint",
    fields: [
      { path: "limits.content_points_max", label: "contentPointsMax", hint: "contentPointsMaxHint", kind: "count", min: 0, max: 100_000 },
      { path: "limits.prize_points_max", label: "prizePointsMax", hint: "prizePointsMaxHint", kind: "count", min: 0, max: 1_000_000 },
    ],
  },
  {
    title: "followers",
    hint: "followersHint",
    fields: [
      { path: "follower_limits.linkedin", label: "followersLinkedin", kind: "count", min: 0, max: 1_000_000_000 },
      { path: "follower_limits.x", label: "followersX", hint: "followersXHint", kind: "count", min: 0, max: 1_000_000_000 },
      { path: "follower_limits.facebook", label: "followersFacebook", kind: "count", min: 0, max: 1_000_000_000 },
    ],
  },
  {
    title: "emv",
    hint: "emvHint",
    fields: [
      { path: "emv.cpm", label: "cpm", kind: "amount", max: 100_000 },
      { path: "emv.cpc", label: "cpc", kind: "amount", max: 100_000 },
      { path: "emv.currency", label: "currency", hint: "currencyHint", kind: "currency" },
    ],
  },
  {
    title: "defaults",
    fields: [
      { path: "default_content_ttl_days", label: "ttl", hint: "ttlHint", kind: "count", min: 1, max: 3650 },
      { path: "digest_weekday", label: "weekday", hint: "weekdayHint", kind: "weekday" },
      { path: "content_needs_approval", label: "approval", hint: "approvalHint", kind: "switch" },
    ],
  },
];
const FIELDS = SECTIONS.flatMap((s) => s.fields);

type Values = Record<string, string>;

function valuesOf(org: Org): Values {
  const flat: Record<string, string | number> = {
    name: org.name,
    timezone: org.timezone,
    default_content_ttl_days: org.default_content_ttl_days,
    digest_weekday: org.digest_weekday,
    content_needs_approval: String(org.content_needs_approval),
    level_thresholds: org.level_thresholds.join(", "),
  };
  for (const [k, v] of Object.entries(org.point_rules)) flat[`point_rules.${k}`] = v;
  for (const [k, v] of Object.entries(org.emv)) flat[`emv.${k}`] = v;
  for (const [k, v] of Object.entries(org.limits)) flat[`limits.${k}`] = v;
  for (const [k, v] of Object.entries(org.follower_limits)) flat[`follower_limits.${k}`] = v;
  return Object.fromEntries(FIELDS.map((f) => [f.path, String(flat[f.path] ?? "")]));
}

/** Level thresholds as typed ("100, 250 300"), or null when they are not rising whole numbers. */
function levels(text: string, most: number): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > most || !parts.every((p) => /^\d+$/.test(p))) return null;
  const numbers = parts.map(Number);
  return numbers.every((n, i) => n >= 1 && n <= 1_000_000_000 && (i === 0 || n > (numbers[i - 1] ?? 0))) ? numbers : null;
}

/** What is wrong with a value, or null; `parsed` is what the API takes. */
function check(m: Say, field: Field, text: string): { error: string | null; parsed: string | number | number[] | boolean } {
  const value = text.trim();
  if (field.kind === "levels") {
    const parsed = levels(value, field.max ?? 50);
    return { error: parsed ? null : m("levelsInvalid"), parsed: parsed ?? [] };
  }
  if (value === "") return { error: m("required"), parsed: value };
  switch (field.kind) {
    case "count": {
      const n = Number(value);
      const ok = /^\d+$/.test(value) && n >= (field.min ?? 0) && n <= (field.max ?? Infinity);
      return { error: ok ? null : m("wholeNumber", { min: field.min ?? 0, max: field.max ?? 0 }), parsed: n };
    }
    case "amount": {
      const n = Number(value);
      const ok = /^\d+(\.\d{1,4})?$/.test(value) && n <= (field.max ?? Infinity);
      return { error: ok ? null : m("amount", { max: field.max ?? 0 }), parsed: n };
    }
    case "currency":
      return { error: /^[A-Z]{3}$/.test(value) ? null : m("currencyInvalid"), parsed: value };
    case "switch":
      return { error: null, parsed: value === "true" };
    case "text":
    case "timezone":
    case "weekday":
      return { error: null, parsed: value };
  }
}

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
  const [initial] = useState<Values>(() => valuesOf(props.org));
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [offline, setOffline] = useState<unknown>(null);
  const zones = timeZones(props.org.timezone);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (update.isPending) return;
    const problems: Record<string, string> = {};
    const body: Record<string, unknown> = {};
    for (const field of FIELDS) {
      if (values[field.path] === initial[field.path]) continue;
      const { error, parsed } = check(m, field, values[field.path] ?? "");
      if (error) problems[field.path] = error;
      const [group, name] = field.path.split(".") as [string, string | undefined];
      if (name === undefined) body[group] = parsed;
      else body[group] = { ...(body[group] as object | undefined), [name]: parsed };
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (Object.keys(body).length === 0) return props.onSaved(m("nothing"));
    const noConnection = offlineError();
    setOffline(noConnection);
    if (noConnection) return;
    update.mutate(body, { onSuccess: () => props.onSaved(m("saved")) });
  }

  const serverError = isApiError(update.error) ? update.error : null;
  const errorFor = (path: string) => errors[path] ?? serverError?.fieldError(path);
  const unshown = serverError ? serverError.details.some((d) => !FIELDS.some((f) => f.path === d.field)) : false;
  const set = (path: string, value: string) => setValues((prev) => ({ ...prev, [path]: value }));

  function input(field: Field) {
    const common = { label: m(field.label), hint: field.hint ? m(field.hint) : undefined, error: errorFor(field.path), value: values[field.path] ?? "" };
    if (field.kind === "switch") {
      const hintId = `${field.path}-hint`;
      return (
        <div key={field.path} className="field">
          <label className="check">
            <input
              type="checkbox"
              checked={values[field.path] === "true"}
              aria-describedby={field.hint ? hintId : undefined}
              onChange={(e) => set(field.path, String(e.target.checked))}
            />
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
        <SelectField key={field.path} {...common} onChange={(e) => set(field.path, e.target.value)}>
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
        <SelectField key={field.path} {...common} onChange={(e) => set(field.path, e.target.value)}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
      );
    }
    const numeric = field.kind === "count" || field.kind === "amount" || field.kind === "levels";
    return (
      <TextField
        key={field.path}
        {...common}
        inputMode={field.kind === "count" ? "numeric" : field.kind === "amount" ? "decimal" : undefined}
        maxLength={field.kind === "currency" ? 3 : field.max && !numeric ? field.max : undefined}
        autoCapitalize={field.kind === "currency" ? "characters" : undefined}
        autoComplete="off"
        onChange={(e) => set(field.path, field.kind === "currency" ? e.target.value.toUpperCase() : e.target.value)}
      />
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={update.isPending}>
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
