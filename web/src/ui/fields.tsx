import { type ReactNode, type InputHTMLAttributes, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";
import { FieldError } from "./components";

interface FieldProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

function useFieldIds(props: FieldProps) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return { id, hintId, errorId: `${id}-error`, describedBy };
}

function Wrapper(props: FieldProps & { id: string; hintId: string | undefined; errorId: string; children: ReactNode }) {
  return (
    <div className={props.error ? "field has-error" : "field"}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={props.hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      <FieldError id={props.errorId} message={props.error} />
    </div>
  );
}

/** A form's submit button. While the form is busy it says so and is aria-disabled, not disabled: a
 * disabled button drops the keyboard's focus to the start of the page. The form ignores a submit
 * meanwhile. */
export function SubmitButton(props: { busy: boolean; busyLabel?: string; children: ReactNode }) {
  return (
    <button type="submit" className="button primary" aria-disabled={props.busy || undefined}>
      {props.busy && props.busyLabel ? props.busyLabel : props.children}
    </button>
  );
}

/** A labelled input with its hint and error wired through aria-describedby and aria-invalid. */
export function TextField(props: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & { ref?: Ref<HTMLInputElement> }) {
  const { label, hint, error, ...input } = props;
  const ids = useFieldIds(props);
  return (
    <Wrapper label={label} hint={hint} error={error} id={ids.id} hintId={ids.hintId} errorId={ids.errorId}>
      <input id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
    </Wrapper>
  );
}

export function TextAreaField(
  props: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & { ref?: Ref<HTMLTextAreaElement> },
) {
  const { label, hint, error, ...input } = props;
  const ids = useFieldIds(props);
  return (
    <Wrapper label={label} hint={hint} error={error} id={ids.id} hintId={ids.hintId} errorId={ids.errorId}>
      <textarea id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
    </Wrapper>
  );
}

export function SelectField(
  props: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { ref?: Ref<HTMLSelectElement> },
) {
  const { label, hint, error, children, ...input } = props;
  const ids = useFieldIds(props);
  return (
    <Wrapper label={label} hint={hint} error={error} id={ids.id} hintId={ids.hintId} errorId={ids.errorId}>
      <select id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input}>
        {children}
      </select>
    </Wrapper>
  );
}
