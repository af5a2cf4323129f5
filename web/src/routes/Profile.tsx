import { lazy, Suspense, useMemo, useState } from "react";
import * as v from "valibot";
import { useMe, useUpdateMe } from "../api/queries";
import { type Digest, type Me, type MePatch, SOCIAL_NETWORKS, type SocialNetwork } from "../api/types";
import { LANG_NAMES, LANGS, type Lang, useI18n } from "../i18n";
import { ErrorMessage, Loading, PageHeading, Section, Skeleton } from "../ui/components";
import { SelectField, SubmitButton, TextField } from "../ui/fields";
import { fieldMessage, hasUnshownDetails, submitWith, useSchemaForm } from "../ui/form";
import { MyData } from "./MyData";

// Connected accounts come with their own words in a chunk of their own, loaded after the profile.
const ConnectedAccounts = lazy(() => import("./Connections"));
const DIGESTS: readonly Digest[] = ["off", "daily", "weekly"];
const MAX_FOLLOWERS = 1_000_000_000;

type NetworkForm = Record<SocialNetwork, { handle: string; followers: string }>;

function networkForm(me: Me): NetworkForm {
  return Object.fromEntries(
    SOCIAL_NETWORKS.map((n) => {
      const current = me.networks[n];
      return [n, { handle: current?.handle ?? "", followers: String(current?.followers ?? 0) }];
    }),
  ) as NetworkForm;
}

export default function ProfilePage() {
  const { t } = useI18n();
  const me = useMe();
  return (
    <>
      <PageHeading title={t("profile.title")} />
      {me.isPending ? (
        <Loading query={me} count={2} lines={4} />
      ) : me.isError ? (
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <ProfileForm me={me.data} />
      )}
      <Suspense fallback={<Skeleton variant="row" count={2} lines={2} />}>
        <ConnectedAccounts />
      </Suspense>
      <MyData />
      <LanguageChoice me={me.data} />
    </>
  );
}

/** The language applies at once on this device and is kept on the profile, for the member's other
 * devices and their digest emails (if that fails, it still holds here). */
function LanguageChoice(props: { me: Me | undefined }) {
  const { t, lang, setLang } = useI18n();
  const update = useUpdateMe();
  function choose(next: Lang) {
    setLang(next);
    if (props.me) update.mutate({ language: next });
  }
  return (
    <Section title={t("profile.languageTitle")}>
      <SelectField
        label={t("profile.language")}
        name="language"
        hint={t("profile.languageHint")}
        value={lang}
        onChange={(e) => choose(e.target.value as Lang)}
        error={update.isError ? t("profile.languageNotKept") : undefined}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </SelectField>
      {update.isError ? <ErrorMessage error={update.error} onRetry={() => update.mutate({ language: lang })} /> : null}
    </Section>
  );
}

type Translate = ReturnType<typeof useI18n>["t"];

/** What the profile form checks before sending: a name, and each follower count a whole number. */
function profileSchema(t: Translate) {
  const followers = v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, t("profile.followersInvalid")),
    v.transform(Number),
    v.maxValue(MAX_FOLLOWERS, t("profile.followersInvalid")),
  );
  const network = v.object({ handle: v.pipe(v.string(), v.trim()), followers });
  return v.object({
    name: v.pipe(v.string(), v.check((value) => value.trim() !== "", t("profile.nameRequired"))),
    digest: v.picklist(DIGESTS),
    networks: v.object({ linkedin: network, x: network, facebook: network }),
  });
}

function ProfileForm(props: { me: Me }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const update = useUpdateMe();
  const schema = useMemo(() => profileSchema(t), [t]);
  const form = useSchemaForm(schema, { name: props.me.name, digest: props.me.digest, networks: networkForm(props.me) });
  const [saved, setSaved] = useState(false);
  const { errors } = form.formState;
  const errorFor = (field: string) => fieldMessage(errors, update.error, field);

  const submit = form.handleSubmit((values) => {
    if (update.isPending) return;
    const body: MePatch = {};
    if (values.name !== props.me.name) body.name = values.name;
    if (values.digest !== props.me.digest) body.digest = values.digest;
    // Digest emails come in the language the member reads the app in.
    if (lang !== props.me.language) body.language = lang;
    const before = networkForm(props.me);
    const patch: NonNullable<MePatch["networks"]> = {};
    for (const n of SOCIAL_NETWORKS) {
      const { handle, followers } = values.networks[n];
      const change: { handle?: string; followers?: number } = {};
      if (handle !== before[n].handle) change.handle = handle;
      if (followers !== Number(before[n].followers)) change.followers = followers;
      if (Object.keys(change).length > 0) patch[n] = change;
    }
    if (Object.keys(patch).length > 0) body.networks = patch;
    update.mutate(body, { onSuccess: () => setSaved(true) });
  });

  // Details of a 422 that no field below shows are listed in the summary.
  const unshown = hasUnshownDetails(update.error, [
    "name",
    "digest",
    ...SOCIAL_NETWORKS.flatMap((n) => [`networks.${n}.handle`, `networks.${n}.followers`]),
  ]);

  return (
    <form
      className="form"
      onSubmit={submitWith(submit, { start: () => setSaved(false) })}
      noValidate
      aria-busy={update.isPending}
    >
      {update.isError ? <ErrorMessage error={update.error} listFields={unshown} /> : null}
      <Section title={t("profile.account")}>
        <TextField
          label={t("profile.name")}
          autoComplete="name"
          required
          {...form.register("name")}
          error={errorFor("name")}
        />
        <dl className="facts">
          <div>
            <dt>{t("profile.email")}</dt>
            <dd>{props.me.email}</dd>
          </div>
          <div>
            <dt>{t("profile.role")}</dt>
            <dd>{t(`profile.role.${props.me.role}` as const)}</dd>
          </div>
          <div>
            <dt>{t("activity.levelLabel")}</dt>
            <dd>{i18n.number(props.me.level)}</dd>
          </div>
        </dl>
      </Section>
      <Section title={t("profile.networks")}>
        <p className="hint">{t("profile.networksIntro")}</p>
        {SOCIAL_NETWORKS.map((n) => {
          const network = t(`network.${n}` as const);
          return (
            <fieldset key={n} className="network-fields">
              <legend>{network}</legend>
              <TextField
                label={t("profile.handle", { network })}
                autoCapitalize="none"
                spellCheck={false}
                {...form.register(`networks.${n}.handle`)}
                error={errorFor(`networks.${n}.handle`)}
              />
              <TextField
                label={t("profile.followers", { network })}
                inputMode="numeric"
                {...form.register(`networks.${n}.followers`)}
                error={errorFor(`networks.${n}.followers`)}
              />
            </fieldset>
          );
        })}
      </Section>
      <Section title={t("profile.notifications")}>
        <SelectField
          label={t("profile.digest")}
          {...form.register("digest")}
          error={errorFor("digest")}
        >
          {DIGESTS.map((d) => (
            <option key={d} value={d}>
              {t(`profile.digest.${d}` as const)}
            </option>
          ))}
        </SelectField>
      </Section>
      <div className="form-actions">
        <SubmitButton busy={update.isPending} busyLabel={t("common.saving")}>
          {t("common.save")}
        </SubmitButton>
        <span role="status">{saved ? t("common.saved") : null}</span>
      </div>
    </form>
  );
}
