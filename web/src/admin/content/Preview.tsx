import { useId, useState } from "react";
import type { Network } from "../../api/types";
import { useMessages } from "../messages";
import { type Draft, offered } from "./form";
import { messages } from "./messages";
import { hostOf } from "../../api/networks";

export const NETWORK_NAMES: Record<Network, string> = { linkedin: "LinkedIn", x: "X", facebook: "Facebook", email: "Email" };

/** The link card most networks draw under a post: image, title, host. */
function LinkCard(props: { draft: Draft }) {
  const { draft } = props;
  return (
    <div className="preview-card">
      {draft.image_url.trim() ? <img src={draft.image_url.trim()} alt="" /> : null}
      <div>
        <strong>{draft.title.trim() || "…"}</strong>
        <span className="meta">{hostOf(draft.url) || "…"}</span>
      </div>
    </div>
  );
}

/** How each network will show what is being written, chosen one network at a time. */
export function Preview(props: { draft: Draft }) {
  const m = useMessages(messages);
  const { draft } = props;
  const networks = offered(draft);
  const [chosen, setChosen] = useState<Network>("linkedin");
  const network = networks.includes(chosen) ? chosen : (networks[0] ?? "linkedin");
  const name = useId();
  const text = draft.messages[network].trim();
  const tracked = <span className="preview-link">{m("trackedLink")}</span>;

  return (
    <section className="preview" aria-label={m("preview")}>
      <fieldset className="segmented">
        <legend>{m("previewOn")}</legend>
        {networks.map((n) => (
          <label key={n} className={n === network ? "selected" : undefined}>
            <input type="radio" name={name} value={n} checked={n === network} onChange={() => setChosen(n)} />
            {NETWORK_NAMES[n]}
          </label>
        ))}
      </fieldset>
      <figure className={`preview-post preview-${network}`} aria-label={m("previewOf", { network: NETWORK_NAMES[network] })}>
        {network === "email" ? (
          <>
            <p className="preview-subject">{m("emailSubject", { title: draft.title.trim() || "…" })}</p>
            <p className="preview-text">
              {text ? `${text} ` : null}
              {tracked}
            </p>
          </>
        ) : (
          <>
            <p className="preview-author" aria-hidden="true">
              <span className="preview-avatar" />
              {m("you")}
            </p>
            {text ? (
              <p className="preview-text">
                {text}
                {network === "x" ? <> {tracked}</> : null}
              </p>
            ) : (
              <p className="preview-text meta">{m("noText")}</p>
            )}
            <LinkCard draft={draft} />
          </>
        )}
      </figure>
    </section>
  );
}
