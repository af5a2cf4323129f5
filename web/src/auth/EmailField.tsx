import { useI18n } from "../i18n";
import { TextField } from "../ui/fields";

/** The sign-in email, as every sign-in form asks it (a password manager's username, no capitals or
 * spelling fixes on a phone). */
export function EmailField(props: { value: string; onChange: (value: string) => void; error: string | undefined }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t("auth.email")}
      name="email"
      type="email"
      autoComplete="username"
      inputMode="email"
      autoCapitalize="none"
      spellCheck={false}
      required
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      error={props.error}
    />
  );
}
