import { useId, useRef, useState } from "react";
import { useApi } from "../../api/context";
import { offlineError } from "../../api/errors";
import { useI18n } from "../../i18n";
import { ErrorMessage } from "../../ui/components";
import { errorSentence } from "../../ui/errors";
import { Dialog } from "../../ui/Dialog";
import { TextField } from "../../ui/fields";
import { useMessages } from "../messages";
import { type BadRow, COLUMNS, CsvError, MAX_ROWS, readInvites, type RowProblem, type ValidRow } from "./csv";
import { importRows, type Outcome, RowKeys } from "./importer";
import { messages, type Say } from "./messages";
import { type Group, invite, useRefreshMembers } from "./queries";

interface Read {
  valid: ValidRow[];
  bad: BadRow[];
}

function problemText(m: Say, p: RowProblem): string {
  if (p.kind === "role" || p.kind === "group" || p.kind === "language") return m(`problem.${p.kind}`, { value: p.value });
  if (p.kind === "duplicate") return m("problem.duplicate", { line: p.line });
  return m(`problem.${p.kind}`);
}

function csvErrorText(m: Say, error: unknown): string {
  if (!(error instanceof CsvError)) return m("csv.unreadable");
  return m(`csv.${error.reason}`, { line: error.line, columns: (error.reason === "missingColumns" ? error.columns : COLUMNS).join(", "), max: MAX_ROWS });
}

/** One line of the report: what became of a row of the file. */
function RowResult(props: { line: number; email: string; text: string; kind: string }) {
  const m = useMessages(messages);
  return (
    <tr className={`import-${props.kind}`}>
      <th scope="row" data-label={m("colLine")}>
        {m("line", { line: props.line })}
      </th>
      <td data-label={m("email")}>{props.email || "—"}</td>
      <td data-label={m("colResult")}>{props.text}</td>
    </tr>
  );
}

/** Invites everyone of a CSV file: read in the browser (a header, quoted fields), every bad row
 * said before anything is sent, the valid ones sent four at a time, each with an Idempotency-Key of
 * its own, then a result per row; the rows not sent (service or connection down) can be sent again
 * with the same keys. */
export function ImportDialog(props: { groups: Group[] | null; onClose: () => void }) {
  const m = useMessages(messages);
  const i18n = useI18n();
  const api = useApi();
  const refresh = useRefreshMembers();
  const keys = useRef(new RowKeys());
  const summaryId = useId();
  const [read, setRead] = useState<Read | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Map<number, Outcome>>(new Map());
  const [running, setRunning] = useState(false);
  const [offline, setOffline] = useState<unknown>(null);

  async function choose(file: File | undefined) {
    setRead(null);
    setFileError(null);
    setOutcomes(new Map());
    if (!file || !props.groups) return;
    try {
      setRead(readInvites(await file.text(), props.groups));
    } catch (error) {
      setFileError(csvErrorText(m, error));
    }
  }

  async function run(rows: ValidRow[]) {
    if (running || rows.length === 0) return;
    const noConnection = offlineError();
    setOffline(noConnection);
    if (noConnection) return;
    setRunning(true);
    setOutcomes((prev) => {
      const next = new Map(prev);
      for (const row of rows) next.delete(row.line);
      return next;
    });
    try {
      await importRows(rows, (body, key) => invite(api, body, key), keys.current, (row, outcome) =>
        setOutcomes((prev) => new Map(prev).set(row.line, outcome)),
      );
    } finally {
      setRunning(false);
      void refresh();
    }
  }

  const valid = read?.valid ?? [];
  const count = (kind: Outcome["kind"]) => [...outcomes.values()].filter((o) => o.kind === kind).length;
  const failed = valid.filter((row) => outcomes.get(row.line)?.kind === "failed");
  const done = valid.filter((row) => outcomes.has(row.line)).length;
  const finished = read !== null && !running && outcomes.size > 0 && done === valid.length;

  function outcomeText(row: ValidRow): { text: string; kind: string } {
    const outcome = outcomes.get(row.line);
    if (!outcome) return { text: m("outcome.ready"), kind: "ready" };
    if (outcome.kind === "invalid") {
      const reasons = outcome.details.map((d) => `${d.field}: ${d.message}`).join("; ");
      return { text: m("outcome.invalid", { reasons: reasons || "—" }), kind: "invalid" };
    }
    if (outcome.kind === "failed") return { text: m("outcome.failed", { reason: errorSentence(i18n, outcome.error) }), kind: "failed" };
    return { text: m(`outcome.${outcome.kind}`), kind: outcome.kind };
  }

  const lines = read
    ? [
        ...valid.map((row) => ({ line: row.line, email: row.invite.email, ...outcomeText(row) })),
        ...read.bad.map((row) => ({
          line: row.line,
          email: row.email,
          text: m("outcome.invalid", { reasons: row.problems.map((p) => problemText(m, p)).join("; ") }),
          kind: "bad",
        })),
      ].sort((a, b) => a.line - b.line)
    : [];

  return (
    <Dialog
      title={m("importTitle")}
      onClose={() => {
        if (!running) props.onClose();
      }}
      footer={
        <>
          <button type="button" className="button secondary" aria-disabled={running || undefined} onClick={() => !running && props.onClose()}>
            {finished ? m("close") : m("cancel")}
          </button>
          {finished && failed.length > 0 ? (
            <button type="button" className="button primary" onClick={() => void run(failed)}>
              {m("retryFailed", { count: i18n.number(failed.length) })}
            </button>
          ) : !finished && valid.length > 0 ? (
            <button type="button" className="button primary" aria-disabled={running || undefined} onClick={() => void run(valid)}>
              {running ? m("progress", { done: i18n.number(done), total: i18n.number(valid.length) }) : m("start", { count: i18n.number(valid.length) })}
            </button>
          ) : null}
        </>
      }
    >
      <TextField
        label={m("file")}
        hint={m("importHint")}
        type="file"
        accept=".csv,text/csv"
        disabled={running || props.groups === null}
        error={fileError ?? undefined}
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      {offline ? <ErrorMessage error={offline} /> : null}
      {read ? (
        <>
          <p id={summaryId} role="status">
            {running || outcomes.size > 0
              ? finished
                ? m("finished", {
                    invited: i18n.number(count("invited")),
                    exists: i18n.number(count("exists")),
                    invalid: i18n.number(count("invalid") + read.bad.length),
                    failed: i18n.number(failed.length),
                  })
                : m("progress", { done: i18n.number(done), total: i18n.number(valid.length) })
              : m("preview", { valid: i18n.number(valid.length), bad: i18n.number(read.bad.length) })}
          </p>
          {running ? <progress className="import-progress" max={valid.length} value={done} aria-label={m("progressLabel")} /> : null}
          <table className="table stacked import-report" aria-describedby={summaryId} aria-label={m("importTitle")}>
            <thead>
              <tr>
                <th scope="col">{m("colLine")}</th>
                <th scope="col">{m("email")}</th>
                <th scope="col">{m("colResult")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((row) => (
                <RowResult key={row.line} {...row} />
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Dialog>
  );
}
