import { type FormEvent, useState } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { useI18n } from "../i18n";
import { ErrorMessage, PageHeading } from "../ui/components";
import { SubmitButton, TextField } from "../ui/fields";
import { AuthError } from "./auth";
import { useAuth, useAuthState } from "./context";
import { EmailField } from "./EmailField";
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

function CredentialsForm(props: {
  signIn: (email: string, password: string) => Promise<{ kind: "signedIn" } | { kind: "newPasswordRequired" }>;
  onSignedIn: () => void;
  onNewPassword: () => void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState<AuthError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const missing = {
      ...(email.trim() ? {} : { email: t("auth.emailRequired") }),
      ...(password ? {} : { password: t("auth.passwordRequired") }),
    };
    setErrors(missing);
    setFailure(null);
    if (missing.email || missing.password) return;
    setBusy(true);
    try {
      const result = await props.signIn(email, password);
      if (result.kind === "newPasswordRequired") props.onNewPassword();
      else props.onSignedIn();
    } catch (error) {
      setFailure(error instanceof AuthError ? error : new AuthError("unknown", String(error)));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      {failure ? <ErrorMessage error={failure} /> : null}
      <EmailField value={email} onChange={setEmail} error={errors.email} />
      <TextField
        label={t("auth.password")}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <SubmitButton busy={busy} busyLabel={t("auth.signingIn")}>
        {t("auth.signIn")}
      </SubmitButton>
    </form>
  );
}
