import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useI18n } from "../i18n";
import { ErrorMessage, PageHeading } from "../ui/components";
import { TextField } from "../ui/fields";
import { useAuth } from "./context";

/** Forgot password: ask for a code by email, then set a new password with it. */
export default function ForgotPasswordPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const { t } = useI18n();
  const [step, setStep] = useState<"request" | "confirm">("request");
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Partial<Record<"email" | "code" | "password" | "confirm", string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setFailure(null);
    setBusy(true);
    try {
      await action();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  function request(event: FormEvent) {
    event.preventDefault();
    const next = email.trim() ? {} : { email: t("auth.emailRequired") };
    setErrors(next);
    if (next.email) return;
    void run(async () => {
      await auth.forgotPassword(email);
      setStep("confirm");
    });
  }

  function confirmReset(event: FormEvent) {
    event.preventDefault();
    const next = {
      ...(code.trim() ? {} : { code: t("auth.codeRequired") }),
      ...(password ? {} : { password: t("auth.passwordRequired") }),
      ...(password && confirm !== password ? { confirm: t("auth.newPassword.mismatch") } : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    void run(async () => {
      await auth.confirmForgotPassword(email, code, password);
      void navigate("/sign-in", { replace: true, state: { notice: "passwordChanged" } });
    });
  }

  return (
    <>
      <PageHeading title={t("auth.forgot.title")} intro={step === "request" ? t("auth.forgot.intro") : undefined} />
      {step === "request" ? (
        <form className="form" onSubmit={request} noValidate aria-busy={busy}>
          {failure ? <ErrorMessage error={failure} /> : null}
          <TextField
            label={t("auth.email")}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
          />
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t("auth.forgot.sending") : t("auth.forgot.send")}
          </button>
        </form>
      ) : (
        <form className="form" onSubmit={confirmReset} noValidate aria-busy={busy}>
          <p className="notice" role="status">
            {t("auth.forgot.sent", { email: email.trim() })}
          </p>
          {failure ? <ErrorMessage error={failure} /> : null}
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
          <button type="submit" className="button primary" disabled={busy}>
            {t("auth.forgot.submit")}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t("auth.forgot.back")}</Link>
      </p>
    </>
  );
}
