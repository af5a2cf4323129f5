import { valibotResolver } from "@hookform/resolvers/valibot";
import type { BaseSyntheticEvent, FormEvent } from "react";
import { type ControllerRenderProps, type FieldErrors, type FieldPath, type FieldValues, get, useForm, type UseFormReturn } from "react-hook-form";
import type * as v from "valibot";
import { isApiError } from "../api/errors";

/** A schema of a form's values: what the fields hold (strings, mostly) in, what is sent out. */
export type FormSchema = v.GenericSchema<FieldValues, FieldValues>;

/** A form whose values a Valibot schema checks before anything is sent (React Hook Form keeps the
 * values). Nothing is checked while a member types into a fresh form; after a submit, every problem
 * shows by its field at once, a field found wrong is checked again as it changes, and the first wrong
 * field gets the focus. */
export function useSchemaForm<S extends FormSchema>(
  schema: S,
  defaultValues: v.InferInput<S>,
): UseFormReturn<v.InferInput<S>, unknown, v.InferOutput<S>> {
  const form = useForm<v.InferInput<S>, unknown, v.InferOutput<S>>({
    resolver: valibotResolver(schema),
    // A form's starting values are plain data; the library's deep-partial type cannot follow a generic.
    defaultValues: defaultValues as never,
    mode: "onSubmit",
    reValidateMode: "onChange",
    // Every check runs, those across fields too: with the default ("firstError") the resolver stops a
    // schema's checks across fields while any field has a problem, so they would show one submit late.
    criteriaMode: "all",
    // The library focuses the first field in the order fields registered, where those behind a
    // Controller come last; focusFirstProblem goes by the page's order.
    shouldFocusError: false,
  });
  const { handleSubmit } = form;
  return {
    ...form,
    handleSubmit: (onValid, onInvalid) =>
      handleSubmit(onValid, (errors, event) => {
        focusFirstProblem(event, errors);
        return onInvalid?.(errors, event);
      }),
  };
}

/** A Controller's field as the props of an input holding a list (`CheckboxGroup`, the composer's
 * targeting): its value and change, and the name and ref the form uses to focus it when wrong. */
export function bindList<T extends FieldValues, N extends FieldPath<T>>(field: ControllerRenderProps<T, N>) {
  return {
    value: field.value,
    onChange: field.onChange,
    name: field.name,
    inputRef: field.ref,
  };
}

/** Focus the first element of the submitted form, in the page's order, whose name has a problem. */
function focusFirstProblem(event: BaseSyntheticEvent | undefined, errors: FieldErrors) {
  const target: unknown = event?.target;
  const element = target instanceof HTMLElement ? target.closest("form") : null;
  if (!element) return;
  for (const field of Array.from(element.elements)) {
    const name = field.getAttribute("name");
    if (name && get(errors, name) && field instanceof HTMLElement) {
      field.focus();
      return;
    }
  }
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
