import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useI18n } from "../i18n";
import { ErrorMessage, PageHeading } from "../ui/components";
import { SubmitButton } from "../ui/fields";
import { useAuth } from "./context";
import { EmailField } from "./EmailField";
import { NewPasswordForm } from "./NewPasswordForm";

/** Forgot password: ask for a code by email, then set a new password with it. */
export default function ForgotPasswordPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const { t } = useI18n();
  const [step, setStep] = useState<"request" | "confirm">("request");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
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
    if (busy) return;
    const missing = email.trim() ? undefined : t("auth.emailRequired");
    setError(missing);
    if (missing) return;
    void run(async () => {
      await auth.forgotPassword(email);
      setStep("confirm");
    });
  }

  return (
    <>
      <PageHeading title={t("auth.forgot.title")} intro={step === "request" ? t("auth.forgot.intro") : undefined} />
      {step === "request" ? (
        <form className="form" onSubmit={request} noValidate aria-busy={busy}>
          {failure ? <ErrorMessage error={failure} /> : null}
          <EmailField value={email} onChange={setEmail} error={error} />
          <SubmitButton busy={busy} busyLabel={t("auth.forgot.sending")}>
            {t("auth.forgot.send")}
          </SubmitButton>
        </form>
      ) : (
        <NewPasswordForm
          withCode
          submitLabel={t("auth.forgot.submit")}
          onSubmit={async (password, code) => {
            await auth.confirmForgotPassword(email, code, password);
            void navigate("/sign-in", { replace: true, state: { notice: "passwordChanged" } });
          }}
        >
          <p className="notice" role="status">
            {t("auth.forgot.sent", { email: email.trim() })}
          </p>
        </NewPasswordForm>
      )}
      <p className="form-link">
        <Link to="/sign-in">{t("auth.forgot.back")}</Link>
      </p>
    </>
  );
}
