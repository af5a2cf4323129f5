import { useMemo, useState } from "react";
import { isApiError } from "../../api/errors";
import { allItems } from "../../api/queries";
import { useI18n } from "../../i18n";
import { ErrorMessage, PagedBody, PageHeading, Section, useAutoFill } from "../../ui/components";
import { Dialog } from "../../ui/Dialog";
import { hasUnshownDetails, submitWith, useSchemaForm } from "../../ui/form";
import "../admin.css";
import { useKeyedSend } from "../../api/attempt";
import { DecideWithNote, Decision, NOTE_MAX, useDecided } from "../DecideWithNote";
import { useMessages } from "../messages";
import { SubmitRow } from "../SubmitRow";
import { messages } from "./messages";
import { type Redemption, type Reward, useApprove, useCatalog, useCreateReward, useMember, useQueue, useReject, useUpdateReward } from "./queries";
import { changes, draftOf, EMPTY, FIELDS, rewardSchema, RewardFields, type RewardForm } from "./RewardForm";

/** A decision another admin made first: said as such, not as an error. */
function alreadyDecided(error: unknown): boolean {
  return isApiError(error) && error.code === "conflict" && !/retry/i.test(error.message);
}

/** An error said above a form, unless it is a 422 whose fields are all shown next to them. */
function FormError(props: { error: unknown; shown: boolean }) {
  return props.error && !props.shown ? <ErrorMessage error={props.error} listFields /> : null;
}

/** Whether the form's fields say all that is wrong: the schema found something, or each of a 422's
 * details names one of them. */
function fieldsShown(form: RewardForm, error: unknown): boolean {
  if (Object.keys(form.formState.errors).length > 0) return true;
  return isApiError(error) && error.details.length > 0 && !hasUnshownDetails(error, FIELDS);
}

function AddReward() {
  const m = useMessages(messages);
  const create = useCreateReward();
  const { send, offline } = useKeyedSend(create);
  const schema = useMemo(() => rewardSchema(m), [m]);
  const form = useSchemaForm(schema, EMPTY);
  const [added, setAdded] = useState<string | null>(null);

  const submit = form.handleSubmit(
    (body) =>
      send(body, (key) => ({ body, key }), {
        onSuccess: (reward) => {
          setAdded(reward.name);
          form.reset(EMPTY);
        },
      }),
    () => create.reset(), // the API's last answer is about another body
  );
  const error = offline ?? create.error;
  return (
    <form
      className="card form-grid"
      onSubmit={submitWith(submit, { start: () => setAdded(null) })}
      noValidate
      aria-label={m("add")}
    >
      <RewardFields form={form} error={create.error} />
      <SubmitRow busy={create.isPending} label={m("add")} busyLabel={m("adding")} done={added ? m("added", { name: added }) : null} />
      <FormError error={error} shown={fieldsShown(form, create.error)} />
    </form>
  );
}

function EditReward(props: { reward: Reward; onClose: (saved: string | null) => void }) {
  const m = useMessages(messages);
  const update = useUpdateReward();
  const schema = useMemo(() => rewardSchema(m), [m]);
  const form = useSchemaForm(schema, draftOf(props.reward));
  const formId = `edit-${props.reward.reward_id}`;

  const submit = form.handleSubmit((body) => {
    if (update.isPending) return;
    const patch = changes(props.reward, body);
    if (Object.keys(patch).length === 0) return props.onClose(null);
    update.mutate({ id: props.reward.reward_id, body: patch }, { onSuccess: (reward) => props.onClose(reward.name) });
  });
  return (
    <Dialog
      title={m("editTitle", { name: props.reward.name })}
      onClose={() => props.onClose(null)}
      footer={
        <>
          <button type="button" className="button secondary" onClick={() => props.onClose(null)}>
            {m("cancel")}
          </button>
          <button type="submit" form={formId} className="button primary" aria-disabled={update.isPending || undefined}>
            {update.isPending ? m("saving") : m("save")}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={(event) => void submit(event)} noValidate>
        <RewardFields form={form} error={update.error} />
      </form>
      <FormError error={update.error} shown={fieldsShown(form, update.error)} />
    </Dialog>
  );
}

function RewardRow(props: { reward: Reward; onEdit: (reward: Reward) => void }) {
  const m = useMessages(messages);
  const { points, number } = useI18n();
  const r = props.reward;
  return (
    <li className="row-item">
      <div>
        <strong>{r.name}</strong>{" "}
        <span className={r.active ? "pill ok" : "pill"}>{r.active ? m("isActive") : m("isInactive")}</span>
        <p className="meta">
          <span>{points(r.cost)}</span>
          <span>{m("inStock", { stock: r.stock === null ? m("unlimited") : number(r.stock) })}</span>
          <span>{m("perMember", { limit: r.per_member_limit === null ? m("unlimited") : number(r.per_member_limit) })}</span>
        </p>
        {r.description ? <p className="meta card-text">{r.description}</p> : null}
      </div>
      <div className="row-actions">
        <button type="button" className="button secondary" aria-label={`${m("edit")}: ${r.name}`} onClick={() => props.onEdit(r)}>
          {m("edit")}
        </button>
      </div>
    </li>
  );
}

function Catalog() {
  const m = useMessages(messages);
  const catalog = useCatalog();
  const items = allItems(catalog.data);
  useAutoFill(catalog, items.length);
  const [editing, setEditing] = useState<Reward | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const body = (
    <PagedBody query={catalog} count={items.length} skeleton={{ count: 3, lines: 2 }} empty={m("catalogEmpty")}>
      <ul className="rows">
        {items.map((reward) => (
          <RewardRow key={reward.reward_id} reward={reward} onEdit={setEditing} />
        ))}
      </ul>
    </PagedBody>
  );
  return (
    <Section title={m("catalog")}>
      <AddReward />
      <p role="status" className="notice-line">
        {saved ? m("saved", { name: saved }) : ""}
      </p>
      {body}
      {editing ? (
        <EditReward
          reward={editing}
          onClose={(name) => {
            setEditing(null);
            setSaved(name);
          }}
        />
      ) : null}
    </Section>
  );
}

/** Rejecting, with a note to the member (optional); `onDecided` says what happened (rejected here, or
 * decided by another admin first). */
function RejectDialog(props: { redemption: Redemption; name: string; onClose: () => void; onDecided: (message: string) => void }) {
  const m = useMessages(messages);
  const { points } = useI18n();
  const reject = useReject();
  const { send, offline } = useKeyedSend(reject);
  const r = props.redemption;
  function decide(note: string) {
    send({ note }, (key) => ({ id: r.redemption_id, note, key }), {
      onSuccess: () => props.onDecided(m(r.contest_id ? "rejectedPrize" : "rejected", { reward: r.reward_name ?? r.reward_id, name: props.name })),
      onError: (e) => (alreadyDecided(e) ? props.onDecided(m("decided")) : undefined),
    });
  }
  return (
    <DecideWithNote
      title={m("rejectTitle", { reward: r.reward_name ?? r.reward_id })}
      labels={{
        note: m("note"),
        noteHint: m("noteHint"),
        tooLong: m("tooLong", { max: NOTE_MAX }),
        cancel: m("cancel"),
        confirm: m("reject"),
        busy: m("rejecting"),
      }}
      busy={reject.isPending}
      error={reject.error}
      offline={offline}
      onConfirm={decide}
      onClose={props.onClose}
    >
      <p>{r.contest_id ? m("rejectPrizeBody", { name: props.name }) : m("rejectBody", { name: props.name, cost: points(r.cost) })}</p>
    </DecideWithNote>
  );
}

function RedemptionRow(props: { redemption: Redemption; onDecided: (message: string) => void }) {
  const m = useMessages(messages);
  const { points, dateTime } = useI18n();
  const member = useMember(props.redemption.member_id);
  const approve = useApprove();
  const { send, offline } = useKeyedSend(approve);
  const { decided, decide } = useDecided(props.onDecided);
  const r = props.redemption;
  const name = member.data?.name ?? m("someone");
  const reward = r.reward_name ?? r.reward_id;

  function onApprove() {
    send(r.redemption_id, (key) => ({ id: r.redemption_id, key }), {
      onSuccess: () => decide(m("approved", { reward, name })),
      onError: (e) => (alreadyDecided(e) ? decide(m("decided")) : undefined),
    });
  }
  const error = offline ?? (alreadyDecided(approve.error) ? null : approve.error);
  return (
    <li className="row-item">
      <div>
        <strong>{reward}</strong>
        <p className="meta">
          <span>{m("by", { name: member.data ? `${member.data.name} (${member.data.email})` : name })}</span>
          <span>{r.contest_id ? m("contestPrize") : points(r.cost)}</span>
          <span>{m("requested", { when: dateTime(r.created_at) })}</span>
        </p>
      </div>
      <Decision
        subject={`${reward}, ${name}`}
        labels={{ take: m("approve"), taking: m("approving"), refuse: m("reject") }}
        busy={approve.isPending}
        hidden={decided}
        error={error}
        onTake={onApprove}
        onRefused={decide}
        refusal={(dialog) => <RejectDialog redemption={r} name={name} {...dialog} />}
      />
    </li>
  );
}

function Queue() {
  const m = useMessages(messages);
  const queue = useQueue();
  const items = allItems(queue.data);
  useAutoFill(queue, items.length);
  const [notice, setNotice] = useState("");

  const body = (
    <PagedBody query={queue} count={items.length} skeleton={{ count: 2, lines: 2 }} empty={m("queueEmpty")}>
      <ul className="rows">
        {items.map((r) => (
          <RedemptionRow key={r.redemption_id} redemption={r} onDecided={setNotice} />
        ))}
      </ul>
    </PagedBody>
  );
  return (
    <Section title={m("queue")}>
      <p role="status" className="notice-line">
        {notice}
      </p>
      {body}
    </Section>
  );
}

export default function RewardsAdminPage() {
  const m = useMessages(messages);
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")} />
      <Queue />
      <Catalog />
    </>
  );
}
