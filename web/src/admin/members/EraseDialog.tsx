import { useState } from "react";
import { isApiError, offlineError } from "../../api/errors";
import { ConfirmDelete } from "../ConfirmDelete";
import { useMessages } from "../messages";
import { messages } from "./messages";
import { type Member, useEraseMember } from "./queries";

/** Erasing a departed (deactivated) member's personal data, asked again in the console's deletion
 * dialog: what goes, what stays. A failure part-way is said as any error; erasing again finishes it. */
export function EraseDialog(props: { member: Member; onClose: () => void; onErased: (name: string) => void }) {
  const m = useMessages(messages);
  const erase = useEraseMember();
  const [offline, setOffline] = useState<unknown>(null);
  const { member } = props;
  const gone = isApiError(erase.error) && erase.error.code === "not_found";
  return (
    <ConfirmDelete
      title={m("eraseTitle", { name: member.name })}
      labels={{ cancel: m("cancel"), delete: m("erase"), deleting: m("erasing") }}
      busy={erase.isPending}
      gone={gone ? m("eraseGone") : null}
      error={offline ?? erase.error}
      onConfirm={() => {
        const noConnection = offlineError();
        setOffline(noConnection);
        if (noConnection) return;
        erase.mutate(member.member_id, { onSuccess: () => props.onErased(member.name) });
      }}
      onClose={props.onClose}
    >
      <p>{m("eraseBody", { name: member.name })}</p>
      <p>{m("eraseKeeps")}</p>
    </ConfirmDelete>
  );
}
