import { useMemo, useState } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import * as v from "valibot";
import { useI18n } from "../i18n";
import { ErrorMessage, PageHeading } from "../ui/components";
import { SubmitButton, TextField } from "../ui/fields";
import { submitWith, useSchemaForm } from "../ui/form";
import { AuthError } from "./auth";
import { useAuth, useAuthState } from "./context";
import { EmailField, emailSchema } from "./EmailField";
import { NewPasswordForm } from "./NewPasswordForm";

/** Where to go after signing in: the page the member was on, never another site. */
export function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === "string" && from.startsWith("/") && !from.startsWith("//") ? from : "/";
}

export default function SignInPage() {
  const auth = useAuth();
  const state = useAuthState();
  const location = useLocation();
  const navigate = useNavigate();
  const { t } = useI18n();
  const from = returnPath(location.state);
  const [step, setStep] = useState<"credentials" | "newPassword">("credentials");

  if (state.status === "signedIn") return <Navigate to={from} replace />;

  const done = () => {
    void navigate(from, { replace: true });
  };
  if (step === "newPassword") {
    // The first sign-in of an invited member: Cognito's NEW_PASSWORD_REQUIRED challenge. A step of
    // its own (key): its heading is mounted anew, so focus moves to it as on any new page.
    return (
      <>
        <PageHeading key="newPassword" title={t("auth.newPassword.title")} intro={t("auth.newPassword.intro")} />
        <NewPasswordForm
          submitLabel={t("auth.newPassword.submit")}
          busyLabel={t("auth.signingIn")}
          onSubmit={async (password) => {
            await auth.completeNewPassword(password);
            done();
          }}
        />
      </>
    );
  }

  const notice = (location.state as { notice?: string } | null)?.notice ?? state.notice;
  return (
    <>
      <PageHeading title={t("auth.title")} intro={t("auth.intro")} />
      {notice === "sessionExpired" ? (
        <p className="notice" role="status">
          {t("auth.sessionExpired")}
        </p>
      ) : notice === "signedOut" ? (
        <p className="notice" role="status">
          {t("auth.signedOut")}
        </p>
      ) : notice === "passwordChanged" ? (
        <p className="notice" role="status">
          {t("auth.forgot.done")}
        </p>
      ) : null}
      <CredentialsForm
        onSignedIn={done}
        onNewPassword={() => setStep("newPassword")}
        signIn={(email, password) => auth.signIn(email, password)}
      />
      <p className="form-link">
        <Link to="/forgot-password">{t("auth.forgot")}</Link>
      </p>
    </>
  );
}

type Translate = ReturnType<typeof useI18n>["t"];

/** What signing in needs: an email (Cognito trims it) and a password, taken as typed. */
function credentialsSchema(t: Translate) {
  return v.object({
    email: emailSchema(t),
    password: v.pipe(v.string(), v.nonEmpty(t("auth.passwordRequired"))),
  });
}

function CredentialsForm(props: {
  signIn: (email: string, password: string) => Promise<{ kind: "signedIn" } | { kind: "newPasswordRequired" }>;
  onSignedIn: () => void;
  onNewPassword: () => void;
}) {
  const { t } = useI18n();
  const schema = useMemo(() => credentialsSchema(t), [t]);
  const form = useSchemaForm(schema, { email: "", password: "" });
  const [failure, setFailure] = useState<AuthError | null>(null);
  const [busy, setBusy] = useState(false);
  const { errors } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    setBusy(true);
    try {
      const result = await props.signIn(values.email, values.password);
      if (result.kind === "newPasswordRequired") props.onNewPassword();
      else props.onSignedIn();
    } catch (error) {
      setFailure(error instanceof AuthError ? error : new AuthError("unknown", String(error)));
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
      {failure ? <ErrorMessage error={failure} /> : null}
      <EmailField field={form.register("email")} error={errors.email?.message} />
      <TextField
        label={t("auth.password")}
        type="password"
        autoComplete="current-password"
        required
        {...form.register("password")}
        error={errors.password?.message}
      />
      <SubmitButton busy={busy} busyLabel={t("auth.signingIn")}>
        {t("auth.signIn")}
      </SubmitButton>
    </form>
  );
}
