import { Link } from "react-router";
import { useI18n } from "../i18n";
import { EmptyState, PageHeading } from "../ui/components";

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={t("app.notFound")} />
      <EmptyState action={<Link to="/">{t("app.goHome")}</Link>}>{t("app.notFound")}</EmptyState>
    </>
  );
}
