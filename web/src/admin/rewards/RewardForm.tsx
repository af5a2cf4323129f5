import type { UseFormReturn } from "react-hook-form";
import * as v from "valibot";
import { TextAreaField, TextField } from "../../ui/fields";
import { fieldMessage } from "../../ui/form";
import { useMessages } from "../messages";
import { messages } from "./messages";
import type { Reward, RewardCreate, RewardPatch } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

/** A whole number from `min` to `max`, typed as text. */
function wholeNumber(min: number, max: number, message: string) {
  return v.pipe(v.string(), v.trim(), v.regex(/^\d+$/, message), v.transform(Number), v.minValue(min, message), v.maxValue(max, message));
}

/** The same, or null (unlimited) when left empty. */
function wholeOrNone(min: number, max: number, message: string) {
  return v.pipe(v.string(), v.trim(), v.transform((text) => text || null), v.nullable(wholeNumber(min, max, message)));
}

/** What a reward's form checks before sending; its fields are named as the API names them, so a
 * 422's details land next to them. The output is the body of a create. */
export function rewardSchema(m: Say) {
  return v.object({
    name: v.pipe(v.string(), v.trim(), v.nonEmpty(m("nameRequired")), v.maxLength(200, m("tooLong", { max: 200 }))),
    description: v.pipe(v.string(), v.trim(), v.maxLength(2000, m("tooLong", { max: 2000 })), v.transform((text) => text || null)),
    cost: wholeNumber(1, 100_000_000, m("costInvalid")),
    stock: wholeOrNone(0, 1_000_000_000, m("stockInvalid")),
    per_member_limit: wholeOrNone(1, 1_000_000, m("limitInvalid")),
    active: v.boolean(),
  });
}

type RewardSchema = ReturnType<typeof rewardSchema>;
/** The form's values, as typed. */
export type RewardValues = v.InferInput<RewardSchema>;
export type RewardForm = UseFormReturn<RewardValues, unknown, v.InferOutput<RewardSchema>>;

export const FIELDS = ["name", "description", "cost", "stock", "per_member_limit"] as const;

export const EMPTY: RewardValues = { name: "", description: "", cost: "", stock: "", per_member_limit: "", active: true };

export function draftOf(reward: Reward): RewardValues {
  return {
    name: reward.name,
    description: reward.description ?? "",
    cost: String(reward.cost),
    stock: reward.stock === null ? "" : String(reward.stock),
    per_member_limit: reward.per_member_limit === null ? "" : String(reward.per_member_limit),
    active: reward.active,
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

/** The reward's fields, for adding and for editing; `error` is the API's last answer. */
export function RewardFields(props: { form: RewardForm; error: unknown }) {
  const m = useMessages(messages);
  const { register, formState } = props.form;
  const problem = (field: (typeof FIELDS)[number]) => fieldMessage(formState.errors, props.error, field);
  return (
    <>
      <TextField label={m("name")} maxLength={200} autoComplete="off" {...register("name")} error={problem("name")} />
      <TextField label={m("cost")} type="number" inputMode="numeric" min={1} step={1} {...register("cost")} error={problem("cost")} />
      <TextField
        label={m("stock")}
        hint={m("stockHint")}
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        {...register("stock")}
        error={problem("stock")}
      />
      <TextField
        label={m("limit")}
        hint={m("limitHint")}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        {...register("per_member_limit")}
        error={problem("per_member_limit")}
      />
      <TextAreaField label={m("description")} rows={2} maxLength={2000} {...register("description")} error={problem("description")} />
      <label className="check">
        <input type="checkbox" {...register("active")} />
        {m("active")}
      </label>
    </>
  );
}
