import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import * as v from "valibot";
import { useI18n } from "../i18n";
import { ErrorMessage, PageHeading } from "../ui/components";
import { SubmitButton } from "../ui/fields";
import { submitWith, useSchemaForm } from "../ui/form";
import { useAuth } from "./context";
import { EmailField, emailSchema } from "./EmailField";
import { NewPasswordForm } from "./NewPasswordForm";

type Translate = ReturnType<typeof useI18n>["t"];

/** What asking for a code needs: an email (Cognito trims it). */
function requestSchema(t: Translate) {
  return v.object({
    email: emailSchema(t),
  });
}

/** Forgot password: ask for a code by email, then set a new password with it. */
export default function ForgotPasswordPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const { t, lang } = useI18n();
  const [step, setStep] = useState<"request" | "confirm">("request");
  const schema = useMemo(() => requestSchema(t), [t]);
  const form = useSchemaForm(schema, { email: "" });
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const request = form.handleSubmit(async (values) => {
    setFailure(null);
    setBusy(true);
    try {
      await auth.forgotPassword(values.email, lang);
      setStep("confirm");
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  });

  return (
    <>
      <PageHeading title={t("auth.forgot.title")} intro={step === "request" ? t("auth.forgot.intro") : undefined} />
      {step === "request" ? (
        <form
          className="form"
          onSubmit={submitWith(request, { busy })}
          noValidate
          aria-busy={busy}
        >
          {failure ? <ErrorMessage error={failure} /> : null}
          <EmailField field={form.register("email")} error={form.formState.errors.email?.message} />
          <SubmitButton busy={busy} busyLabel={t("auth.forgot.sending")}>
            {t("auth.forgot.send")}
          </SubmitButton>
        </form>
      ) : (
        <NewPasswordForm
          withCode
          submitLabel={t("auth.forgot.submit")}
          onSubmit={async (password, code) => {
            await auth.confirmForgotPassword(form.getValues("email"), code, password);
            void navigate("/sign-in", { replace: true, state: { notice: "passwordChanged" } });
          }}
        >
          <p className="notice" role="status">
            {t("auth.forgot.sent", { email: form.getValues("email").trim() })}
          </p>
        </NewPasswordForm>
      )}
      <p className="form-link">
        <Link to="/sign-in">{t("auth.forgot.back")}</Link>
      </p>
    </>
  );
}
