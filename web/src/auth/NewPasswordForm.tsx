import { type FormEvent, type ReactNode, useState } from "react";
import { useI18n } from "../i18n";
import { ErrorMessage } from "../ui/components";
import { SubmitButton, TextField } from "../ui/fields";

type Field = "code" | "password" | "confirm";

/** A new password, typed twice: an invited member's first sign-in (Cognito's NEW_PASSWORD_REQUIRED)
 * and a password reset, which also asks for the emailed code (`withCode`). Says what is missing next
 * to its field, shows a refusal (a wrong code, a password the pool's policy rejects) as a sentence,
 * and hands the values to `onSubmit`, whose failure keeps the form as typed. */
export function NewPasswordForm(props: {
  withCode?: boolean;
  submitLabel: string;
  busyLabel?: string;
  onSubmit: (password: string, code: string) => Promise<void>;
  /** Shown at the top of the form (the reset's "a code is on its way"). */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const next: Partial<Record<Field, string>> = {
      ...(props.withCode && !code.trim() ? { code: t("auth.codeRequired") } : {}),
      ...(password ? {} : { password: t("auth.passwordRequired") }),
      ...(password && confirm !== password ? { confirm: t("auth.newPassword.mismatch") } : {}),
    };
    setErrors(next);
    setFailure(null);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      await props.onSubmit(password, code.trim());
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      {props.children}
      {failure ? <ErrorMessage error={failure} /> : null}
      {props.withCode ? (
        <TextField
          label={t("auth.forgot.code")}
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
        />
      ) : null}
      <TextField
        label={t("auth.newPassword.new")}
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        hint={t("auth.newPassword.hint")}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <TextField
        label={t("auth.newPassword.confirm")}
        name="confirm-password"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={errors.confirm}
      />
      <SubmitButton busy={busy} busyLabel={props.busyLabel}>
        {props.submitLabel}
      </SubmitButton>
    </form>
  );
}
