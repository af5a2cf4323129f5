import { type ReactNode, useMemo, useState } from "react";
import * as v from "valibot";
import { useI18n } from "../i18n";
import { ErrorMessage } from "../ui/components";
import { SubmitButton, TextField } from "../ui/fields";
import { submitWith, useSchemaForm } from "../ui/form";

type Translate = ReturnType<typeof useI18n>["t"];

/** What a new password needs: the emailed code when asked for (trimmed), a password, and the same
 * password again (compared only once there is one, so an empty password gets its own message). The
 * fields are named as password managers know them. */
function newPasswordSchema(t: Translate, withCode: boolean) {
  const code = v.pipe(v.string(), v.trim());
  return v.pipe(
    v.object({
      code: withCode ? v.pipe(code, v.nonEmpty(t("auth.codeRequired"))) : code,
      "new-password": v.pipe(v.string(), v.nonEmpty(t("auth.passwordRequired"))),
      "confirm-password": v.string(),
    }),
    v.forward(
      v.partialCheck(
        [["new-password"], ["confirm-password"]],
        (input) => input["confirm-password"] === input["new-password"],
        t("auth.newPassword.mismatch"),
      ),
      ["confirm-password"],
    ),
  );
}

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
  const withCode = props.withCode ?? false;
  const schema = useMemo(() => newPasswordSchema(t, withCode), [t, withCode]);
  const form = useSchemaForm(schema, { code: "", "new-password": "", "confirm-password": "" });
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { errors } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    setBusy(true);
    try {
      await props.onSubmit(values["new-password"], values.code);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  });

  return (
    <form
      className="form"
      onSubmit={submitWith(submit, { busy, start: () => setFailure(null) })}
      noValidate
      aria-busy={busy}
    >
      {props.children}
      {failure ? <ErrorMessage error={failure} /> : null}
      {withCode ? (
        <TextField
          label={t("auth.forgot.code")}
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          {...form.register("code")}
          error={errors.code?.message}
        />
      ) : null}
      <TextField
        label={t("auth.newPassword.new")}
        type="password"
        autoComplete="new-password"
        required
        hint={t("auth.newPassword.hint")}
        {...form.register("new-password")}
        error={errors["new-password"]?.message}
      />
      <TextField
        label={t("auth.newPassword.confirm")}
        type="password"
        autoComplete="new-password"
        required
        {...form.register("confirm-password")}
        error={errors["confirm-password"]?.message}
      />
      <SubmitButton busy={busy} busyLabel={props.busyLabel}>
        {props.submitLabel}
      </SubmitButton>
    </form>
  );
}
