import { isApiError } from "../../api/errors";
import { TextAreaField, TextField } from "../../ui/fields";
import { useMessages } from "../messages";
import { messages } from "./messages";
import type { Reward, RewardCreate, RewardPatch } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

/** The form's text, as typed. */
export interface Draft {
  name: string;
  description: string;
  cost: string;
  stock: string;
  limit: string;
  active: boolean;
}

/** The body fields, named as the API names them in a 422's details. */
type Field = "name" | "description" | "cost" | "stock" | "per_member_limit";
export type Problems = Partial<Record<Field, string>>;

export const EMPTY: Draft = { name: "", description: "", cost: "", stock: "", limit: "", active: true };

export function draftOf(reward: Reward): Draft {
  return {
    name: reward.name,
    description: reward.description ?? "",
    cost: String(reward.cost),
    stock: reward.stock === null ? "" : String(reward.stock),
    limit: reward.per_member_limit === null ? "" : String(reward.per_member_limit),
    active: reward.active,
  };
}

/** A whole number within [min, max]; null when empty and `optional`; undefined when not valid. */
function whole(text: string, min: number, max: number, optional: boolean): number | null | undefined {
  const trimmed = text.trim();
  if (!trimmed) return optional ? null : undefined;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : undefined;
}

/** The body a draft makes, or the problems that keep it from being sent. */
export function readDraft(m: Say, draft: Draft): { body: RewardCreate; problems: Problems } {
  const problems: Problems = {};
  const name = draft.name.trim();
  if (!name) problems.name = m("nameRequired");
  else if (name.length > 200) problems.name = m("tooLong", { max: 200 });
  const description = draft.description.trim();
  if (description.length > 2000) problems.description = m("tooLong", { max: 2000 });
  const cost = whole(draft.cost, 1, 100_000_000, false);
  if (cost == null) problems.cost = m("costInvalid");
  const stock = whole(draft.stock, 0, 1_000_000_000, true);
  if (stock === undefined) problems.stock = m("stockInvalid");
  const limit = whole(draft.limit, 1, 1_000_000, true);
  if (limit === undefined) problems.per_member_limit = m("limitInvalid");
  return {
    body: {
      name,
      description: description || null,
      cost: cost ?? 0,
      stock: stock ?? null,
      per_member_limit: limit ?? null,
      active: draft.active,
    },
    problems,
  };
}

/** Only what changed (PATCH changes the fields sent; null clears description, stock and limit). */
export function changes(reward: Reward, body: RewardCreate): RewardPatch {
  const patch: RewardPatch = {};
  if (body.name !== reward.name) patch.name = body.name;
  if ((body.description ?? null) !== reward.description) patch.description = body.description ?? null;
  if (body.cost !== reward.cost) patch.cost = body.cost;
  if ((body.stock ?? null) !== reward.stock) patch.stock = body.stock ?? null;
  if ((body.per_member_limit ?? null) !== reward.per_member_limit) patch.per_member_limit = body.per_member_limit ?? null;
  if (body.active !== reward.active) patch.active = body.active ?? true;
  return patch;
}

/** A field's problem: ours before sending, else the API's from a 422. */
export function problemOf(problems: Problems, error: unknown, field: Field): string | undefined {
  return problems[field] ?? (isApiError(error) ? error.fieldError(field) : undefined);
}

/** The reward's fields, for adding and for editing. */
export function RewardFields(props: { draft: Draft; onChange: (draft: Draft) => void; problems: Problems; error: unknown }) {
  const m = useMessages(messages);
  const { draft, onChange } = props;
  const problem = (field: Field) => problemOf(props.problems, props.error, field);
  return (
    <>
      <TextField
        label={m("name")}
        value={draft.name}
        maxLength={200}
        autoComplete="off"
        error={problem("name")}
        onChange={(e) => onChange({ ...draft, name: e.target.value })}
      />
      <TextField
        label={m("cost")}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={draft.cost}
        error={problem("cost")}
        onChange={(e) => onChange({ ...draft, cost: e.target.value })}
      />
      <TextField
        label={m("stock")}
        hint={m("stockHint")}
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        value={draft.stock}
        error={problem("stock")}
        onChange={(e) => onChange({ ...draft, stock: e.target.value })}
      />
      <TextField
        label={m("limit")}
        hint={m("limitHint")}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={draft.limit}
        error={problem("per_member_limit")}
        onChange={(e) => onChange({ ...draft, limit: e.target.value })}
      />
      <TextAreaField
        label={m("description")}
        value={draft.description}
        rows={2}
        maxLength={2000}
        error={problem("description")}
        onChange={(e) => onChange({ ...draft, description: e.target.value })}
      />
      <label className="check">
        <input type="checkbox" checked={draft.active} onChange={(e) => onChange({ ...draft, active: e.target.checked })} />
        {m("active")}
      </label>
    </>
  );
}
