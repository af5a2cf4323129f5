import { useId } from "react";
import { FieldError } from "../ui/components";
import type { Group } from "./groups/queries";

/** The groups a thing is for, as checkboxes (none ticked: everyone), with the screen's legend and
 * hint; nothing is offered while `groups` is null (not all read, or not listable by the caller's
 * role) or empty. */
export function GroupChoice(props: {
  legend: string;
  hint: string;
  groups: readonly Group[] | null;
  value: readonly string[];
  onChange: (groups: string[]) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const { groups, value } = props;
  if (!groups || groups.length === 0) return null;
  return (
    <fieldset className="choices" aria-describedby={props.error ? `${id}-hint ${id}-error` : `${id}-hint`}>
      <legend>{props.legend}</legend>
      <p className="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {groups.map((g) => (
        <label className="check" key={g.group_id}>
          <input
            type="checkbox"
            checked={value.includes(g.group_id)}
            onChange={(e) => props.onChange(e.target.checked ? [...value, g.group_id] : value.filter((v) => v !== g.group_id))}
          />
          {g.name}
        </label>
      ))}
      <FieldError id={`${id}-error`} message={props.error} />
    </fieldset>
  );
}
