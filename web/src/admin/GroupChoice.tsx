import { CheckboxGroup } from "../ui/fields";
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
  const { groups } = props;
  if (!groups || groups.length === 0) return null;
  return (
    <CheckboxGroup
      legend={props.legend}
      hint={props.hint}
      choices={groups.map((g) => ({ value: g.group_id, label: g.name }))}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}
