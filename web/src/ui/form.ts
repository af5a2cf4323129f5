import { valibotResolver } from "@hookform/resolvers/valibot";
import type { BaseSyntheticEvent, FormEvent } from "react";
import { type FieldErrors, type FieldValues, get, useForm, type UseFormReturn } from "react-hook-form";
import type * as v from "valibot";
import { isApiError } from "../api/errors";

/** A schema of a form's values: what the fields hold (strings, mostly) in, what is sent out. */
export type FormSchema = v.GenericSchema<FieldValues, FieldValues>;

/** A form whose values a Valibot schema checks before anything is sent (React Hook Form keeps the
 * values). Nothing is checked while a member types into a fresh form; after a submit, a field found
 * wrong is checked again as it changes, and the first wrong field gets the focus. */
export function useSchemaForm<S extends FormSchema>(
  schema: S,
  defaultValues: v.InferInput<S>,
): UseFormReturn<v.InferInput<S>, unknown, v.InferOutput<S>> {
  return useForm<v.InferInput<S>, unknown, v.InferOutput<S>>({
    resolver: valibotResolver(schema),
    // A form's starting values are plain data; the library's deep-partial type cannot follow a generic.
    defaultValues: defaultValues as never,
    mode: "onSubmit",
    reValidateMode: "onChange",
    shouldFocusError: true,
  });
}

/** The message to show by the field `name` (dotted for nested values): the schema's, else what the
 * API said of the same field in a 422. */
export function fieldMessage(errors: FieldErrors, apiError: unknown, name: string): string | undefined {
  const own = get<FieldErrors, { message?: string } | undefined>(errors, name);
  if (own?.message) return own.message;
  return isApiError(apiError) ? apiError.fieldError(name) : undefined;
}

/** Whether a 422 names a field that is not among `fields` (the form's summary then lists them all). */
export function hasUnshownDetails(apiError: unknown, fields: readonly string[]): boolean {
  return isApiError(apiError) && apiError.details.some((d) => !fields.includes(d.field));
}

/** A form element's `onSubmit`: nothing while `busy` (a send is under way, as the busy button says);
 * else `start` (clearing the last outcome), then the schema's checks and the send
 * (`form.handleSubmit(...)`). */
export function submitWith(
  send: (event?: BaseSyntheticEvent) => Promise<void>,
  options: { busy?: boolean; start?: () => void } = {},
) {
  return (event: FormEvent) => {
    if (options.busy) {
      event.preventDefault();
      return;
    }
    options.start?.();
    void send(event);
  };
}
