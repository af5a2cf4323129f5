import type { UseFormRegisterReturn } from "react-hook-form";
import * as v from "valibot";
import { useI18n } from "../i18n";
import { TextField } from "../ui/fields";

type Translate = ReturnType<typeof useI18n>["t"];

/** The check every sign-in form makes of an email: something typed. Cognito trims it and says
 * whether it knows it, so a stricter shape here would only turn away what it accepts. */
export function emailSchema(t: Translate) {
  return v.pipe(
    v.string(),
    v.check((value) => value.trim() !== "", t("auth.emailRequired")),
  );
}

/** The sign-in email, as every sign-in form asks it (a password manager's username, no capitals or
 * spelling fixes on a phone), registered with the form under `email`. */
export function EmailField(props: { field: UseFormRegisterReturn<"email">; error: string | undefined }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t("auth.email")}
      type="email"
      autoComplete="username"
      inputMode="email"
      autoCapitalize="none"
      spellCheck={false}
      required
      {...props.field}
      error={props.error}
    />
  );
}
