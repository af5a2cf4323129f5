import type { ReactNode } from "react";
import { Link } from "react-router";
import { useMe } from "../api/queries";
import { useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, PageHeading } from "../ui/components";
import { atLeast, type Role } from "./access";

/** The page when the caller's role allows it; else says so (a link typed or kept from another role),
 * rather than a screen whose every call the API would refuse. */
export function RequireRole(props: { least: Role; children: ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  if (me.isPending) return <Loading query={me} count={2} />;
  if (me.isError) return <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />;
  if (!atLeast(me.data.role, props.least)) {
    return (
      <>
        <PageHeading title={t("app.notAllowed")} />
        <EmptyState action={<Link to="/">{t("app.goHome")}</Link>}>{t("error.forbidden")}</EmptyState>
      </>
    );
  }
  return <>{props.children}</>;
}
