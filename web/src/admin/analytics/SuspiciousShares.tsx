import { lazy, Suspense, useState } from "react";
import { allItems } from "../../api/queries";
import { useI18n } from "../../i18n";
import { PagedBody, Section, useAutoFill } from "../../ui/components";
import { useMessages } from "../messages";
import { useMember } from "../rewards/queries";
import { useFormats } from "./format";
import { type Suspect, useSuspiciousShares } from "./suspicious";
import { suspiciousMessages as messages } from "./suspiciousMessages";

// The dialog (and the dialog library under it) loads when an admin opens it, not with the dashboard.
const VoidDialog = lazy(() => import("./VoidDialog"));

/** The evidence of one share, a line per rule it trips, then its counts. */
function Evidence(props: { suspect: Suspect }) {
  const m = useMessages(messages);
  const f = useFormats();
  const e = props.suspect.evidence;
  const lines = [
    e.reasons.includes("many_agents") ? m("manyAgents", { count: f.number(e.max_agents_per_address) }) : null,
    e.reasons.includes("burst") ? m("burst", { count: f.number(e.burst) }) : null,
    e.reasons.includes("repeats") ? m("repeats", { count: f.number(e.repeat_clicks) }) : null,
    e.reasons.includes("capped") ? m("capped", { count: f.number(e.capped_clicks) }) : null,
  ].filter((line): line is string => line !== null);
  return (
    <>
      {lines.length > 0 ? (
        <ul className="evidence">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <p className="meta">
        {m("counts", { clicks: f.number(e.clicks), human: f.number(e.human_clicks), unique: f.number(e.unique_clicks) })}
      </p>
    </>
  );
}

function SuspectRow(props: { suspect: Suspect; onVoided: (message: string) => void }) {
  const m = useMessages(messages);
  const { dateTime } = useI18n();
  const s = props.suspect;
  const member = useMember(s.member_id);
  const name = member.data?.name ?? s.member_id;
  const [voiding, setVoiding] = useState(false);
  const network = s.network.charAt(0).toUpperCase() + s.network.slice(1);
  return (
    <li className="row-item">
      <div>
        <strong>{m("share", { id: s.code })}</strong>
        <p className="meta">{m("by", { name, network, when: dateTime(s.created_at) })}</p>
        <Evidence suspect={s} />
      </div>
      {s.void ? (
        <p className="notice-line">{m("voided", { when: dateTime(s.void.voided_at), reason: s.void.reason })}</p>
      ) : (
        <div className="row-actions">
          <button type="button" className="button danger" aria-label={`${m("void")}: ${m("share", { id: s.code })}`} onClick={() => setVoiding(true)}>
            {m("void")}
          </button>
        </div>
      )}
      {voiding ? (
        <Suspense fallback={null}>
          <VoidDialog
            suspect={s}
            name={name}
            onClose={() => setVoiding(false)}
            onVoided={(message) => {
              setVoiding(false);
              props.onVoided(message);
            }}
          />
        </Suspense>
      ) : null}
    </li>
  );
}

/** Shares whose clicks look farmed in the dashboard's range, with their evidence and a Void action
 * (admins: the API answers a manager 403, so the page shows it to admins only). */
export function SuspiciousShares(props: { from: string; to: string }) {
  const m = useMessages(messages);
  const query = useSuspiciousShares({ from: props.from, to: props.to });
  const items = allItems(query.data);
  useAutoFill(query, items.length);
  const [notice, setNotice] = useState("");
  const body = (
    <PagedBody query={query} count={items.length} skeleton={{ count: 2, lines: 3 }} empty={m("empty")} after={<p className="meta">{m("ownClicks")}</p>}>
      <ul className="rows">
        {items.map((s) => (
          <SuspectRow key={s.share_id} suspect={s} onVoided={setNotice} />
        ))}
      </ul>
    </PagedBody>
  );
  return (
    <Section title={m("title")} className="suspicious">
      <p className="meta">{m("intro")}</p>
      <p role="status" className="notice-line">
        {notice}
      </p>
      {body}
    </Section>
  );
}
