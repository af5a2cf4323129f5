import { Link } from "react-router";
import { useMemo } from "react";
import { allItems, useFeed, useMyShares } from "../api/queries";
import { useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, useAutoFill } from "../ui/components";
import { FeedCard } from "./FeedCard";

export default function FeedPage() {
  const { t } = useI18n();
  const feed = useFeed();
  // The member's latest shares give the clicks shown on the cards they shared.
  const shares = useMyShares(100);
  const items = allItems(feed.data);
  const sharesById = useMemo(() => new Map(allItems(shares.data).map((s) => [s.share_id, s])), [shares.data]);
  useAutoFill(feed, items.length);

  let content;
  if (feed.isPending || (items.length === 0 && feed.hasNextPage && !feed.isError)) {
    content = <Loading query={feed} variant="card" lines={4} />;
  } else if (feed.isError && items.length === 0) {
    content = <ErrorMessage error={feed.error} onRetry={() => void feed.refetch()} />;
  } else if (items.length === 0) {
    content = <EmptyState>{t("feed.empty")}</EmptyState>;
  } else {
    content = (
      <>
        {feed.isError ? <ErrorMessage error={feed.error} onRetry={() => void feed.refetch()} /> : null}
        <ul className="cards">
          {items.map((item) => (
            <li key={item.content_id}>
              <FeedCard item={item} shares={sharesById} />
            </li>
          ))}
        </ul>
        <LoadMore query={feed} />
      </>
    );
  }
  return (
    <>
      <PageHeading title={t("feed.title")} intro={t("feed.intro")}>
        <Link className="button secondary" to="/suggest">
          {t("feed.suggest")}
        </Link>
      </PageHeading>
      {content}
    </>
  );
}
