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

/** One box of a CheckboxGroup; a disabled one cannot be ticked (it can still be unticked if ticked). */
export interface Choice<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

/** A set of checkboxes over `choices` for a field holding a list of values, with its legend, hint and
 * error wired through aria-describedby. `children` come after the boxes (a note while the choices
 * load, say); `inputRef` goes to the first box. */
export function CheckboxGroup<T extends string>(props: {
  legend: string;
  hint?: string | undefined;
  choices: readonly Choice<T>[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  error?: string | undefined;
  children?: ReactNode;
  /** The field's name, on every box: a form focuses the first box when the field has a problem. */
  name?: string | undefined;
  inputRef?: Ref<HTMLInputElement> | undefined;
}) {
  const ids = useFieldIds({ label: props.legend, hint: props.hint, error: props.error });
  return (
    <fieldset className={props.error ? "checks has-error" : "checks"} aria-describedby={ids.describedBy}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <p className="hint" id={ids.hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.choices.map((choice, index) => {
        const ticked = props.value.includes(choice.value);
        return (
          <label key={choice.value} className="check">
            <input
              ref={index === 0 ? props.inputRef : undefined}
              type="checkbox"
              name={props.name}
              checked={ticked}
              disabled={choice.disabled && !ticked}
              onChange={(e) =>
                props.onChange(e.target.checked ? [...props.value, choice.value] : props.value.filter((v) => v !== choice.value))
              }
            />
            {choice.label}
          </label>
        );
      })}
      {props.children}
      <FieldError id={ids.errorId} message={props.error} />
    </fieldset>
  );
}
